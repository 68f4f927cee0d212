import { randomBytes } from "node:crypto";
import { and, eq, isNull, lte } from "drizzle-orm";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { panelFrames, panelInvitations, panels } from "#db/schema/index.ts";
import type { PanelDeps } from "./commands.server.ts";
import { parseCsv } from "./sortition/csv.ts";
import { createRng, sample } from "./sortition/prng.ts";

// Sampling frames (issue 7): the municipality uploads a CSV of people (e.g.
// an extract from Folkeregisteret) with a name, a contact (phone or address
// or e-mail) and optionally their features. A seeded random sample gets
// invitation codes; the file's text is dropped as soon as it is processed,
// and the invitations' personal data when the frame's retention ends
// (`purgeExpiredFrames`, run by server/panels.ts).

export const FRAME_MAX_BYTES = 5_000_000;

export interface FrameInput {
  tenantId: string;
  panelId: string;
  fileName: string;
  content: string;
  sampleSize: number;
  retentionDays: number;
  seed?: string;
}

const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const newCode = () => Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");

/** Reads the frame, invites a random sample, drops the file's text. Line-precise errors. */
export async function uploadFrame(
  deps: PanelDeps,
  actor: Actor,
  input: FrameInput,
): Promise<Result<{ id: string; rows: number; invited: number }>> {
  if (!can(actor, "manage:panel:tenant", { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const [panel] = await deps.db.db
    .select()
    .from(panels)
    .where(and(eq(panels.id, input.panelId), eq(panels.tenantId, input.tenantId)));
  if (!panel) return fail("errors.notFound", 404);
  if (input.content.length > FRAME_MAX_BYTES) return fail("errors.frame.tooBig", 400, { field: "file" });
  if (!Number.isInteger(input.sampleSize) || input.sampleSize < 1)
    return fail("errors.frame.sampleInvalid", 400, { field: "sampleSize" });
  if (!Number.isInteger(input.retentionDays) || input.retentionDays < 0 || input.retentionDays > 365)
    return fail("errors.frame.retentionInvalid", 400, { field: "retentionDays" });
  let records;
  try {
    records = parseCsv(input.content, input.fileName);
  } catch (e) {
    const line = (e as { line?: number }).line ?? 0;
    return fail("errors.frame.csv", 400, { field: "file", params: { line } });
  }
  const [header, ...rows] = records;
  const cols = (header?.fields ?? []).map((c) => c.trim().toLowerCase());
  const at = (name: string) => cols.indexOf(name);
  if (at("name") < 0 || (at("phone") < 0 && at("email") < 0 && at("address") < 0))
    return fail("errors.frame.header", 400, { field: "file", params: { line: header?.line ?? 1 } });
  for (const r of rows) {
    if (r.fields.length !== cols.length)
      return fail("errors.frame.row", 400, { field: "file", params: { line: r.line } });
    const contact = ["phone", "email", "address"].some((c) => at(c) >= 0 && r.fields[at(c)]!.trim());
    if (!r.fields[at("name")]!.trim() || !contact)
      return fail("errors.frame.row", 400, { field: "file", params: { line: r.line } });
  }
  if (input.sampleSize > rows.length)
    return fail("errors.frame.sampleTooLarge", 400, { field: "sampleSize", params: { rows: rows.length } });
  const seed = input.seed?.trim() || randomBytes(8).toString("hex");
  const chosen = sample(createRng(seed), rows, input.sampleSize);
  const profileCols = cols
    .map((c, i) => [c, i] as const)
    .filter(([c]) => !["name", "phone", "email", "address"].includes(c));
  const now = deps.now();
  const id = await deps.db.db.transaction(async (tx) => {
    const [frame] = await tx
      .insert(panelFrames)
      .values({
        tenantId: input.tenantId,
        panelId: panel.id,
        fileName: input.fileName.slice(0, 200),
        content: input.content,
        rows: rows.length,
        sampleSize: input.sampleSize,
        seed,
        uploadedByPersonId: actor.id,
        uploadedAt: now,
        deleteAfter: new Date(now.getTime() + input.retentionDays * 86_400_000),
      })
      .returning({ id: panelFrames.id });
    for (const r of chosen) {
      const f = (c: string) => (at(c) >= 0 ? r.fields[at(c)]!.trim() : "");
      const channel = f("phone") ? "sms" : f("email") ? "email" : "letter";
      await tx.insert(panelInvitations).values({
        tenantId: input.tenantId,
        panelId: panel.id,
        frameId: frame!.id,
        code: newCode(),
        channel,
        name: f("name"),
        contact: f("phone") || f("email") || f("address"),
        profile: Object.fromEntries(
          profileCols.map(([c, i]) => [(header!.fields[i] ?? c).trim(), r.fields[i]!.trim()]),
        ),
        createdAt: now,
      });
    }
    // Processed: the file's text is not kept.
    await tx.update(panelFrames).set({ content: null, processedAt: now }).where(eq(panelFrames.id, frame!.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "panels.frame.processed",
      subjectType: "panel_frame",
      subjectId: frame!.id,
      data: { rows: rows.length, sampleSize: input.sampleSize, seed, retentionDays: input.retentionDays },
    });
    return frame!.id;
  });
  return ok({ id, rows: rows.length, invited: chosen.length });
}

/** Erases the personal data of frames whose retention has ended (invitations not taken up lose name, contact, profile). */
export async function purgeExpiredFrames(deps: Pick<PanelDeps, "db" | "now">): Promise<number> {
  const now = deps.now();
  const due = await deps.db.db
    .select({ id: panelFrames.id, tenantId: panelFrames.tenantId })
    .from(panelFrames)
    .where(and(lte(panelFrames.deleteAfter, now), isNull(panelFrames.deletedAt)));
  for (const f of due) {
    await deps.db.db.transaction(async (tx) => {
      await tx
        .update(panelInvitations)
        .set({ name: null, contact: null, profile: null })
        .where(eq(panelInvitations.frameId, f.id));
      await tx.update(panelFrames).set({ content: null, deletedAt: now }).where(eq(panelFrames.id, f.id));
      await appendAudit(tx, now, {
        tenantId: f.tenantId,
        action: "panels.frame.deleted",
        subjectType: "panel_frame",
        subjectId: f.id,
      });
    });
  }
  return due.length;
}
