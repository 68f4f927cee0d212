import { and, eq, inArray, max, or } from "drizzle-orm";
import { agendaItems, cases, caseSteps } from "#db/schema/index.ts";
import { formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { publish, type PoliticalDeps } from "./deps.ts";
import { parseImport } from "./import.ts";
import { can, type Actor } from "./permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { meetings, bodies } from "#db/schema/index.ts";

/**
 * Imports an agenda and its cases (format: IMPORT.md) into a meeting, in one
 * transaction: a bad file is rejected with line-numbered errors and changes
 * nothing. A case that exists (same number) is reused and its title and
 * summary updated; a new one is created. Items are appended to the agenda.
 */
export async function importAgenda(
  deps: PoliticalDeps,
  actor: Actor,
  input: { tenantId: string; meetingId: string; format: "json" | "csv"; text: string },
): Promise<Result<{ items: number; casesCreated: number; casesUpdated: number }>> {
  const [m] = await deps.db.db
    .select({ id: meetings.id, bodyId: meetings.bodyId, status: meetings.status, startsAt: meetings.startsAt })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(meetings.id, input.meetingId), eq(meetings.tenantId, input.tenantId)));
  if (!m) return fail("errors.notFound", 404);
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: m.bodyId }))
    return fail("errors.forbidden", 403);
  if (m.status === "finished") return fail("errors.meetingFinished", 409);
  if (input.text.length > 2_000_000) return fail("errors.tooLarge", 413, { params: { max: 2 } });
  const parsed = parseImport(input.text, input.format);
  if (!parsed.ok)
    return fail("errors.importRejected", 400, {
      details: parsed.problems.map((p) => ({ line: p.line, code: `errors.${p.code}`, params: p.params })),
    });
  const items = parsed.items;
  const date = m.startsAt.toISOString().slice(0, 10);

  const r = await deps.db.db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: cases.id, year: cases.year, sequence: cases.sequence })
      .from(cases)
      .where(
        and(
          eq(cases.tenantId, input.tenantId),
          or(...items.map((it) => and(eq(cases.year, it.year), eq(cases.sequence, it.sequence)))),
        ),
      );
    const byNumber = new Map(existing.map((c) => [formatCaseNumber(c), c.id]));
    let created = 0;
    let updated = 0;
    const [last] = await tx
      .select({ p: max(agendaItems.position) })
      .from(agendaItems)
      .where(eq(agendaItems.meetingId, m.id));
    let position = last?.p ?? 0;
    const ids: string[] = [];
    for (const it of items) {
      const title = Object.fromEntries(Object.entries(it.title).filter(([, v]) => v));
      const summary = Object.fromEntries(Object.entries(it.summary).filter(([, v]) => v));
      let caseId = byNumber.get(`${it.year}/${it.sequence}`);
      if (caseId) {
        await tx.update(cases).set({ title, summary, updatedAt: deps.now() }).where(eq(cases.id, caseId));
        updated++;
      } else {
        const [c] = await tx
          .insert(cases)
          .values({ tenantId: input.tenantId, year: it.year, sequence: it.sequence, title, summary })
          .returning({ id: cases.id });
        caseId = c!.id;
        created++;
      }
      ids.push(caseId);
      await tx.insert(agendaItems).values({
        tenantId: input.tenantId,
        meetingId: m.id,
        caseId,
        position: ++position,
        closed: it.closed,
        closedBasis: it.closedBasis,
      });
      if (it.step) {
        const [s] = await tx
          .select({ p: max(caseSteps.position) })
          .from(caseSteps)
          .where(eq(caseSteps.caseId, caseId));
        await tx.insert(caseSteps).values({
          tenantId: input.tenantId,
          caseId,
          bodyId: m.bodyId,
          meetingId: m.id,
          kind: it.step,
          date,
          position: (s?.p ?? 0) + 1,
        });
      }
    }
    // Sanity: every case we touched belongs to this municipality.
    const check = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.tenantId, input.tenantId), inArray(cases.id, ids)));
    if (check.length !== new Set(ids).size) throw new Error("import touched a case outside the municipality");
    return { items: items.length, casesCreated: created, casesUpdated: updated };
  });
  publish(deps, "meetings.agenda.imported", input.tenantId, { meetingId: m.id, items: r.items });
  return ok(r);
}
