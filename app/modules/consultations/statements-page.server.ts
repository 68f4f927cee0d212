import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import type { Result } from "#app/lib/result.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { politicalLabels } from "#app/modules/meetings/staff-queries.server.ts";
import { publicTenant } from "#app/modules/political/page.server.ts";
import { asc, eq } from "drizzle-orm";
import { councilStatements } from "#db/schema/index.ts";
import { answerCouncilStatement } from "./commands.server.ts";
import type { StatementForm } from "./statements-form.ts";

// For a council's secretary (ungdomsråd, eldreråd, områdeutvalg …; app/routes/$tenant.admin_.statements.tsx):
// the cases the council has been asked to give a statement on, with the
// deadline, and a form to write the statement or upload it as a file.

/** The person and the statements of the councils they are secretary of (with the council, case, meeting and document names). */
export async function councilContext(request: Request, params: { tenant?: string }, deps: Deps) {
  const { m, locale, t } = publicTenant(request, params, deps);
  const actor = await requireUser(request, deps);
  const statements = await deps.db.db
    .select()
    .from(councilStatements)
    .where(eq(councilStatements.tenantId, m.id))
    .orderBy(asc(councilStatements.deadline));
  const own = statements.filter((s) => can(actor, "manage:meeting:body", { tenantId: m.id, bodyId: s.councilBodyId }));
  const labels = await politicalLabels(deps.db.db, m.id, {
    bodyIds: own.map((s) => s.councilBodyId),
    caseIds: own.map((s) => s.caseId),
    meetingIds: own.flatMap((s) => (s.decidingMeetingId ? [s.decidingMeetingId] : [])),
    documentIds: own.flatMap((s) => (s.documentId ? [s.documentId] : [])),
  });
  const mine = own.flatMap((s) => {
    const council = labels.bodies.get(s.councilBodyId);
    const c = labels.cases.get(s.caseId);
    if (!council || !c) return [];
    return [
      {
        s,
        councilName: council.name,
        year: c.year,
        sequence: c.sequence,
        caseTitle: c.title,
        meetingAt: s.decidingMeetingId ? (labels.meetings.get(s.decidingMeetingId)?.startsAt ?? null) : null,
        documentTitle: s.documentId ? (labels.documents.get(s.documentId)?.title ?? null) : null,
      },
    ];
  });
  return { m, locale, t, actor, mine };
}
type CouncilContext = Awaited<ReturnType<typeof councilContext>>;

export function statementsView(deps: Deps, { m, locale, t, mine }: CouncilContext) {
  return {
    title: `${t("statements.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    maxMb: deps.env.MEDVIRK_MAX_UPLOAD_MB,
    items: mine.map((r) => ({
      id: r.s.id,
      council: pickText(r.councilName, locale),
      number: formatCaseNumber({ year: r.year, sequence: r.sequence }),
      slug: caseSlug({ year: r.year, sequence: r.sequence }),
      caseTitle: pickText(r.caseTitle, locale),
      deadline: formatDateTime(r.s.deadline, locale),
      meeting: r.meetingAt ? formatDateTime(r.meetingAt, locale) : null,
      status: r.s.answeredAt ? (r.s.answeredAt <= r.s.deadline ? "answeredOnTime" : "answeredLate") : "notAnswered",
      text: r.s.text ?? "",
      document: r.s.documentId ? { id: r.s.documentId, title: r.documentTitle ?? "" } : null,
    })),
  };
}
export type StatementsView = ReturnType<typeof statementsView>;

/** Writes (or uploads) a council's statement. */
export async function writeStatement(
  deps: Deps,
  { m, actor }: CouncilContext,
  input: StatementForm,
): Promise<Result<unknown>> {
  const file = input.file;
  const upload =
    file instanceof File && file.size > 0
      ? { name: file.name.slice(0, 200), bytes: new Uint8Array(await file.arrayBuffer()) }
      : null;
  return answerCouncilStatement(deps, actor, {
    tenantId: m.id,
    statementId: input.statementId,
    text: input.text,
    file: upload,
  });
}
