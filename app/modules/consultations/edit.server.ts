import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "#app/lib/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { publish } from "#app/modules/meetings/deps.ts";
import { LocalizedInput, RequiredLocalized } from "#app/modules/meetings/schemas.ts";
import { parseInput } from "#app/modules/meetings/validate.ts";
import { updateProcessFacts } from "#app/modules/processes/commands.server.ts";
import { consultationAnswers, consultationQuestions, consultations } from "#db/schema/index.ts";
import { tellParticipants } from "./automation.server.ts";
import { QuestionInput, type ConsultationDeps } from "./commands.server.ts";

// Editing a consultation after it opened (issue 17): its texts, its questions while nobody has
// answered them, and its deadline when no deciding meeting sets it. A changed deadline is told to
// every participant who asked to hear back, in their language. A closed consultation is not
// edited: what residents answered stays answered to the text they saw.
export const ConsultationEdit = z.object({
  title: RequiredLocalized.optional(),
  summary: LocalizedInput.optional(),
  closesAt: z.coerce.date().optional(),
  questions: z.array(QuestionInput).max(30).optional(),
});
export type ConsultationEdit = z.input<typeof ConsultationEdit>;

export async function updateConsultation(
  deps: ConsultationDeps,
  actor: Actor,
  input: ConsultationEdit & { tenantId: string; consultationId: string },
): Promise<Result<{ changed: string[]; notified: number }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const v = parseInput(ConsultationEdit, input);
  if (!v.ok) return v;
  const e = v.value;
  const db = deps.db.db;
  if (!/^[0-9a-f-]{36}$/i.test(input.consultationId)) return fail("errors.notFound", 404);
  const now = deps.now();
  const r = await db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(consultations)
      .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)))
      .for("update");
    if (!c) return fail("errors.notFound", 404);
    if (c.closedAt || c.closesAt <= now) return fail("errors.editClosed", 409);
    const changed: string[] = [];
    const set: Partial<typeof consultations.$inferInsert> = { updatedAt: now };
    if (e.title) {
      set.title = e.title;
      changed.push("title");
    }
    if (e.summary) {
      set.summary = e.summary;
      changed.push("summary");
    }
    if (e.closesAt && e.closesAt.getTime() !== c.closesAt.getTime()) {
      if (c.meetingId)
        return fail("errors.deadlineFromMeeting", 400, {
          details: [{ field: "closesAt", code: "errors.deadlineFromMeeting" }],
        });
      if (e.closesAt <= now || e.closesAt <= c.opensAt)
        return fail("errors.closesBeforeOpening", 400, {
          details: [{ field: "closesAt", code: "errors.closesBeforeOpening" }],
        });
      set.closesAt = e.closesAt;
      changed.push("closesAt");
    }
    if (e.questions) {
      const [answered] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(consultationAnswers)
        .where(eq(consultationAnswers.consultationId, c.id));
      if ((answered?.n ?? 0) > 0) return fail("errors.questionsAnswered", 409);
      await tx.delete(consultationQuestions).where(eq(consultationQuestions.consultationId, c.id));
      if (e.questions.length)
        await tx.insert(consultationQuestions).values(
          e.questions.map((q, n) => ({
            tenantId: input.tenantId,
            consultationId: c.id,
            position: n + 1,
            kind: q.kind,
            prompt: q.prompt,
            options:
              q.kind === "single" || q.kind === "multi"
                ? q.options.map((label, k) => ({ id: `o${k + 1}`, label }))
                : [],
            scaleMin: q.kind === "scale" ? (q.scaleMin ?? 1) : null,
            scaleMax: q.kind === "scale" ? (q.scaleMax ?? 5) : null,
          })),
        );
      changed.push("questions");
    }
    if (!changed.length) return ok({ changed, closesAt: null as Date | null });
    await tx.update(consultations).set(set).where(eq(consultations.id, c.id));
    await updateProcessFacts(tx, c.processId, { title: set.title, closesAt: set.closesAt });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "consultation.updated",
      subjectType: "consultation",
      subjectId: c.id,
      data: { changed, ...(set.closesAt ? { from: c.closesAt.toISOString(), to: set.closesAt.toISOString() } : {}) },
    });
    return ok({ changed, closesAt: set.closesAt ?? null });
  });
  if (!r.ok) return r;
  if (!r.value.changed.length) return ok({ changed: [], notified: 0 });
  publish(deps, "consultations.consultation.updated", input.tenantId, { consultationId: input.consultationId });
  const notified = r.value.closesAt
    ? await tellParticipants(deps as unknown as Deps, {
        tenantId: input.tenantId,
        consultationId: input.consultationId,
        kind: "changed",
      })
    : 0;
  return ok({ changed: r.value.changed, notified });
}
