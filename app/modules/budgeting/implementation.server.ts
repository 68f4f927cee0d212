import { absoluteUrl } from "#app/lib/public-url.ts";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { sniffType } from "#app/modules/cases/files.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { sendMessage } from "#app/modules/identity/outbox.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import type { Db } from "#db/client.ts";
import {
  municipalities,
  pbFollows,
  pbProposals,
  pbResults,
  pbRounds,
  pbUpdates,
  persons,
  PB_IMPL_STATUSES,
  type PbImplStatus,
} from "#db/schema/index.ts";
import type { PbDeps, PbError, PbResult } from "./commands.server.ts";

// Implementation tracking of funded projects (issue 8): staff post updates
// (status, progress %, text, optionally a photo with alt text, the final cost
// when done); residents follow a project and are told of each update by
// e-mail. A project is funded when it is selected in the newest published
// result of its round. Updates are possible in the implementation phase.

export type ImplDeps = PbDeps & Pick<Deps, "files">;

const ok = <T>(value: T): PbResult<T> => ({ ok: true, value });
const fail = (
  code: string,
  status: number,
  extra: Omit<PbError, "code" | "status"> = {},
): { ok: false; error: PbError } => ({ ok: false, error: { code, status, ...extra } });

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The codes selected in the newest published result of each scope of a round. */
export async function fundedCodes(db: Db, roundId: string): Promise<Set<string>> {
  const rows = await db
    .select({ scope: pbResults.scope, result: pbResults.result })
    .from(pbResults)
    .where(and(eq(pbResults.roundId, roundId), eq(pbResults.published, true)))
    .orderBy(desc(pbResults.computedAt));
  const seen = new Set<string>();
  const codes = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.scope)) continue;
    seen.add(r.scope);
    for (const c of (r.result as { selected?: string[] }).selected ?? []) codes.add(c);
  }
  return codes;
}

export type UpdateInput = {
  tenantId: string;
  proposalId: string;
  body: string;
  status: PbImplStatus;
  progress: number;
  finalCost?: bigint | null;
  photo?: { bytes: Uint8Array; alt: string } | null;
};

/** Staff post an implementation update on a funded project; followers are told by e-mail after the commit. */
export async function postUpdate(
  deps: ImplDeps,
  actor: Actor,
  input: UpdateInput,
): Promise<PbResult<{ id: string; told: number }>> {
  if (!can(actor, "manage:budgeting:tenant", { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const body = input.body.trim();
  if (body.length < 3 || body.length > 5000) return fail("errors.updateBody", 400, { field: "body" });
  if (!(PB_IMPL_STATUSES as readonly string[]).includes(input.status))
    return fail("errors.implStatus", 400, { field: "status" });
  if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100)
    return fail("errors.progressInvalid", 400, { field: "progress" });
  if (input.status === "done" && (input.finalCost == null || input.finalCost < 0n))
    return fail("errors.finalCostRequired", 400, { field: "finalCost" });
  if (input.finalCost != null && input.finalCost < 0n)
    return fail("errors.finalCostRequired", 400, { field: "finalCost" });
  let photoType: string | null = null;
  if (input.photo) {
    if (input.photo.bytes.length > PHOTO_MAX_BYTES) return fail("errors.photoTooLarge", 413, { field: "photo" });
    photoType = sniffType(input.photo.bytes);
    if (photoType !== "image/png" && photoType !== "image/jpeg")
      return fail("errors.photoType", 415, { field: "photo" });
    const alt = input.photo.alt.trim();
    if (alt.length < 3 || alt.length > 300) return fail("errors.photoAlt", 400, { field: "photoAlt" });
  }
  const [p] = await deps.db.db
    .select({
      id: pbProposals.id,
      code: pbProposals.code,
      title: pbProposals.title,
      roundId: pbProposals.roundId,
      phase: pbRounds.phase,
      roundKey: pbRounds.key,
    })
    .from(pbProposals)
    .innerJoin(pbRounds, eq(pbRounds.id, pbProposals.roundId))
    .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.tenantId, input.tenantId)));
  if (!p) return fail("errors.notFound", 404);
  if (p.phase !== "implementation") return fail("errors.notImplementing", 409);
  if (!(await fundedCodes(deps.db.db, p.roundId)).has(p.code)) return fail("errors.notFunded", 409);
  const now = deps.now();
  const key = input.photo ? `${input.tenantId}/pb/${randomUUID()}` : null;
  if (key) await deps.files.put(key, input.photo!.bytes);
  try {
    const id = await deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(pbUpdates)
        .values({
          tenantId: input.tenantId,
          proposalId: p.id,
          body,
          status: input.status,
          progress: input.progress,
          photoKey: key,
          photoType,
          photoAlt: input.photo?.alt.trim() ?? null,
          authorPersonId: actor.id,
          createdAt: now,
        })
        .returning({ id: pbUpdates.id });
      await tx
        .update(pbProposals)
        .set({
          implStatus: input.status,
          implProgress: input.progress,
          ...(input.finalCost != null ? { finalCost: input.finalCost } : {}),
        })
        .where(eq(pbProposals.id, p.id));
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "budgeting.update.posted",
        subjectType: "pb_proposal",
        subjectId: p.id,
        data: {
          updateId: row!.id,
          status: input.status,
          progress: input.progress,
          finalCost: input.finalCost?.toString() ?? null,
          photo: !!key,
        },
      });
      return row!.id;
    });
    try {
      deps.bus.publish({ type: "budgeting.update.posted", tenantId: input.tenantId, proposalId: p.id, updateId: id });
    } catch (e) {
      deps.log.warn({ err: e }, "event listener failed");
    }
    const told = await tellFollowers(deps, {
      tenantId: input.tenantId,
      proposalId: p.id,
      code: p.code,
      title: p.title,
      roundKey: p.roundKey,
      status: input.status,
      progress: input.progress,
      body,
    });
    return ok({ id, told });
  } catch (e) {
    if (key) await deps.files.delete(key).catch(() => {});
    throw e;
  }
}

/** E-mails every follower with an e-mail address; returns how many were told. A failed send is logged, never fatal. */
async function tellFollowers(
  deps: ImplDeps,
  u: {
    tenantId: string;
    proposalId: string;
    code: string;
    title: string;
    roundKey: string;
    status: PbImplStatus;
    progress: number;
    body: string;
  },
): Promise<number> {
  const rows = await deps.db.db
    .select({ email: persons.email, locale: persons.locale })
    .from(pbFollows)
    .innerJoin(persons, eq(persons.id, pbFollows.personId))
    .where(and(eq(pbFollows.proposalId, u.proposalId), isNotNull(persons.email)));
  if (!rows.length) return 0;
  const [m] = await deps.db.db
    .select({ slug: municipalities.slug })
    .from(municipalities)
    .where(eq(municipalities.id, u.tenantId));
  const link = absoluteUrl(deps.env, `/${m?.slug ?? ""}/budgeting/${u.roundKey}/implementation#${u.code}`);
  let told = 0;
  for (const r of rows) {
    const l = ((LOCALES as readonly string[]).includes(r.locale ?? "") ? r.locale : "nb") as Locale;
    const t = i18nFor(l).getFixedT(l, "budgeting");
    try {
      await sendMessage(deps as unknown as Deps, {
        channel: "email",
        to: r.email!,
        subject: t("impl.mailSubject", { title: u.title, code: u.code }),
        text: [
          t("impl.mailBody", { title: u.title, status: t(`impl.status.${u.status}`), progress: u.progress }),
          "",
          u.body,
          "",
          link,
          "",
          t("impl.mailUnfollow"),
        ].join("\n"),
      });
      told++;
    } catch (e) {
      deps.log.warn({ err: e }, "implementation update e-mail failed");
    }
  }
  return told;
}

/** A resident follows (or stops following) a funded project. */
export async function followProject(
  deps: PbDeps,
  person: { id: string },
  input: { tenantId: string; proposalId: string; follow: boolean },
): Promise<PbResult<{ following: boolean }>> {
  const [p] = await deps.db.db
    .select({ id: pbProposals.id, code: pbProposals.code, roundId: pbProposals.roundId, phase: pbRounds.phase })
    .from(pbProposals)
    .innerJoin(pbRounds, eq(pbRounds.id, pbProposals.roundId))
    .where(and(eq(pbProposals.id, input.proposalId), eq(pbProposals.tenantId, input.tenantId)));
  if (!p) return fail("errors.notFound", 404);
  if (!input.follow) {
    await deps.db.db.delete(pbFollows).where(and(eq(pbFollows.proposalId, p.id), eq(pbFollows.personId, person.id)));
    return ok({ following: false });
  }
  if (!["result", "implementation"].includes(p.phase) || !(await fundedCodes(deps.db.db, p.roundId)).has(p.code))
    return fail("errors.notFunded", 409);
  await deps.db.db
    .insert(pbFollows)
    .values({ tenantId: input.tenantId, proposalId: p.id, personId: person.id, createdAt: deps.now() })
    .onConflictDoNothing();
  return ok({ following: true });
}

export type ImplProject = {
  id: string;
  code: string;
  title: string;
  officialCost: bigint | null;
  finalCost: bigint | null;
  status: PbImplStatus | null;
  progress: number;
  followers: number;
  following: boolean;
  updates: {
    id: string;
    body: string;
    status: PbImplStatus;
    progress: number;
    photo: { alt: string } | null;
    createdAt: Date;
  }[];
};

/** The funded projects of a round with their implementation state and updates (newest first). */
export async function implementationOf(db: Db, roundId: string, personId: string | null): Promise<ImplProject[]> {
  const codes = [...(await fundedCodes(db, roundId))];
  if (!codes.length) return [];
  const ps = await db
    .select()
    .from(pbProposals)
    .where(and(eq(pbProposals.roundId, roundId), inArray(pbProposals.code, codes)))
    .orderBy(asc(pbProposals.createdAt), asc(pbProposals.code));
  const ids = ps.map((p) => p.id);
  const [updates, follows] = await Promise.all([
    db.select().from(pbUpdates).where(inArray(pbUpdates.proposalId, ids)).orderBy(desc(pbUpdates.createdAt)),
    db
      .select({ proposalId: pbFollows.proposalId, personId: pbFollows.personId })
      .from(pbFollows)
      .where(inArray(pbFollows.proposalId, ids)),
  ]);
  return ps.map((p) => ({
    id: p.id,
    code: p.code,
    title: p.title,
    officialCost: p.officialCost,
    finalCost: p.finalCost,
    status: p.implStatus,
    progress: p.implProgress,
    followers: follows.filter((f) => f.proposalId === p.id).length,
    following: !!personId && follows.some((f) => f.proposalId === p.id && f.personId === personId),
    updates: updates
      .filter((u) => u.proposalId === p.id)
      .map((u) => ({
        id: u.id,
        body: u.body,
        status: u.status,
        progress: u.progress,
        photo: u.photoKey ? { alt: u.photoAlt ?? "" } : null,
        createdAt: u.createdAt,
      })),
  }));
}

/** The photo of an update, for the public image route (tenant boundary checked). */
export async function updatePhoto(
  deps: Pick<Deps, "db" | "files">,
  tenantId: string,
  updateId: string,
): Promise<{ bytes: Uint8Array; type: string } | null> {
  if (!/^[0-9a-f-]{36}$/.test(updateId)) return null;
  const [u] = await deps.db.db
    .select({ key: pbUpdates.photoKey, type: pbUpdates.photoType })
    .from(pbUpdates)
    .where(and(eq(pbUpdates.id, updateId), eq(pbUpdates.tenantId, tenantId)));
  if (!u?.key || !u.type) return null;
  const bytes = await deps.files.get(u.key);
  return bytes ? { bytes, type: u.type } : null;
}
