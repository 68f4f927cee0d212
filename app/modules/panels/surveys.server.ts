import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import type { Db } from "#db/client.ts";
import {
  panelMembers,
  panelPoolMembers,
  panelPopulationMargins,
  panels,
  panelSurveyInvites,
  panelSurveyResponses,
  panelSurveys,
} from "#db/schema/index.ts";
import { isUniqueViolation, quotaRows, type PanelDeps } from "./commands.server.ts";
import type { Margins } from "./raking.ts";
import { parseQuestions, surveyResults, type Answer, type SurveyResults } from "./surveys.ts";

// Panel surveys: staff write and open a questionnaire for the seated panel;
// each member answers once (who answered is kept in invites, what was
// answered in responses with a profile snapshot and no member id); results
// are weighted to the population by raking on the municipality's margins.

const MANAGE = "manage:panel:tenant" as const;

export async function createSurvey(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; panelId: string; key: string; title: string; questions: string },
): Promise<Result<{ id: string }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const [panel] = await deps.db.db
    .select()
    .from(panels)
    .where(and(eq(panels.id, input.panelId), eq(panels.tenantId, input.tenantId)));
  if (!panel) return fail("errors.notFound", 404);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.key)) return fail("errors.keyInvalid", 400, { field: "surveyKey" });
  if (!input.title.trim()) return fail("errors.titleRequired", 400, { field: "surveyTitle" });
  const parsed = parseQuestions(input.questions);
  if (!parsed.ok) return fail("errors.survey.questionLine", 400, { field: "questions", params: { line: parsed.line } });
  try {
    const [row] = await deps.db.db
      .insert(panelSurveys)
      .values({
        tenantId: input.tenantId,
        panelId: panel.id,
        key: input.key,
        title: input.title.trim(),
        questions: parsed.questions,
        createdAt: deps.now(),
      })
      .returning({ id: panelSurveys.id });
    return ok({ id: row!.id });
  } catch (e) {
    if (isUniqueViolation(e)) return fail("errors.keyTaken", 409, { field: "surveyKey" });
    throw e;
  }
}

/** Opens the survey: every active panel member is invited (response-rate tracking starts). */
export async function openSurvey(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; surveyId: string },
): Promise<Result<{ invited: number }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [s] = await tx
      .select()
      .from(panelSurveys)
      .where(and(eq(panelSurveys.id, input.surveyId), eq(panelSurveys.tenantId, input.tenantId)))
      .for("update");
    if (!s) return fail("errors.notFound", 404);
    if (s.status !== "draft") return fail("errors.survey.notDraft", 409);
    const members = await tx
      .select({ id: panelMembers.id })
      .from(panelMembers)
      .where(and(eq(panelMembers.panelId, s.panelId), eq(panelMembers.status, "active")));
    if (!members.length) return fail("errors.survey.noPanel", 409);
    await tx
      .insert(panelSurveyInvites)
      .values(members.map((m) => ({ tenantId: input.tenantId, surveyId: s.id, panelMemberId: m.id, sentAt: now })));
    await tx.update(panelSurveys).set({ status: "open", openedAt: now }).where(eq(panelSurveys.id, s.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "panels.survey.opened",
      subjectType: "panel_survey",
      subjectId: s.id,
      data: { invited: members.length },
    });
    return ok({ invited: members.length, panelId: s.panelId });
  });
  if (r.ok)
    deps.bus.publish({
      type: "panels.survey.opened",
      tenantId: input.tenantId,
      panelId: r.value.panelId,
      surveyId: input.surveyId,
    });
  return r.ok ? ok({ invited: r.value.invited }) : r;
}

/** Marks a reminder for everyone invited who has not answered (the channel sends it); returns how many. */
export async function remindSurvey(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; surveyId: string },
): Promise<Result<{ reminded: number }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const r = await deps.db.db
    .update(panelSurveyInvites)
    .set({ remindedAt: deps.now() })
    .where(
      and(
        eq(panelSurveyInvites.surveyId, input.surveyId),
        eq(panelSurveyInvites.tenantId, input.tenantId),
        isNull(panelSurveyInvites.respondedAt),
      ),
    )
    .returning({ id: panelSurveyInvites.id });
  return ok({ reminded: r.length });
}

export async function closeSurvey(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; surveyId: string },
): Promise<Result<{ closed: boolean }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const r = await deps.db.db
    .update(panelSurveys)
    .set({ status: "closed", closedAt: deps.now() })
    .where(
      and(
        eq(panelSurveys.id, input.surveyId),
        eq(panelSurveys.tenantId, input.tenantId),
        eq(panelSurveys.status, "open"),
      ),
    )
    .returning({ id: panelSurveys.id });
  return r.length ? ok({ closed: true }) : fail("errors.notFound", 404);
}

/** The invite of a signed-in person for a survey (null when they are not on the panel). */
export async function inviteFor(db: Db, surveyId: string, personId: string) {
  const [i] = await db
    .select({
      id: panelSurveyInvites.id,
      respondedAt: panelSurveyInvites.respondedAt,
      profile: panelPoolMembers.profile,
    })
    .from(panelSurveyInvites)
    .innerJoin(panelMembers, eq(panelMembers.id, panelSurveyInvites.panelMemberId))
    .innerJoin(panelPoolMembers, eq(panelPoolMembers.id, panelMembers.poolMemberId))
    .where(
      and(
        eq(panelSurveyInvites.surveyId, surveyId),
        eq(panelPoolMembers.personId, personId),
        eq(panelMembers.status, "active"),
      ),
    );
  return i ?? null;
}

/** A panel member answers, once. The answers are stored apart from who gave them. */
export async function answerSurvey(
  deps: PanelDeps,
  personId: string,
  input: { tenantId: string; surveyId: string; answers: Record<string, Answer> },
): Promise<Result<{ answered: true }>> {
  const [s] = await deps.db.db
    .select()
    .from(panelSurveys)
    .where(and(eq(panelSurveys.id, input.surveyId), eq(panelSurveys.tenantId, input.tenantId)));
  if (!s) return fail("errors.notFound", 404);
  if (s.status !== "open") return fail("errors.survey.notOpen", 409);
  const invite = await inviteFor(deps.db.db, s.id, personId);
  if (!invite) return fail("errors.survey.notMember", 403);
  if (Object.values(input.answers).every((a) => a === null)) return fail("errors.survey.empty", 400);
  return claimAndStore(deps, {
    tenantId: input.tenantId,
    surveyId: s.id,
    inviteId: invite.id,
    profile: invite.profile,
    answers: input.answers,
  });
}

async function claimAndStore(
  deps: PanelDeps,
  input: {
    tenantId: string;
    surveyId: string;
    inviteId: string;
    profile: Record<string, string>;
    answers: Record<string, Answer>;
  },
): Promise<Result<{ answered: true }>> {
  const now = deps.now();
  return deps.db.db.transaction(async (tx) => {
    const claimed = await tx
      .update(panelSurveyInvites)
      .set({ respondedAt: now })
      .where(and(eq(panelSurveyInvites.id, input.inviteId), isNull(panelSurveyInvites.respondedAt)))
      .returning({ id: panelSurveyInvites.id });
    if (!claimed.length) return fail("errors.survey.alreadyAnswered", 409);
    await tx
      .insert(panelSurveyResponses)
      .values({ tenantId: input.tenantId, surveyId: input.surveyId, profile: input.profile, answers: input.answers });
    return ok({ answered: true as const });
  });
}

/** A member's answers that arrived by SMS (survey-sms.server.ts), by their invitation: once, stored apart from who gave them. */
export async function recordSurveyAnswer(
  deps: PanelDeps,
  input: { tenantId: string; surveyId: string; inviteId: string; answers: Record<string, Answer> },
): Promise<Result<{ answered: true }>> {
  const [s] = await deps.db.db
    .select({ status: panelSurveys.status })
    .from(panelSurveys)
    .where(and(eq(panelSurveys.id, input.surveyId), eq(panelSurveys.tenantId, input.tenantId)));
  if (!s) return fail("errors.notFound", 404);
  if (s.status !== "open") return fail("errors.survey.notOpen", 409);
  const [i] = await deps.db.db
    .select({ profile: panelPoolMembers.profile })
    .from(panelSurveyInvites)
    .innerJoin(panelMembers, eq(panelMembers.id, panelSurveyInvites.panelMemberId))
    .innerJoin(panelPoolMembers, eq(panelPoolMembers.id, panelMembers.poolMemberId))
    .where(
      and(
        eq(panelSurveyInvites.id, input.inviteId),
        eq(panelSurveyInvites.surveyId, input.surveyId),
        eq(panelMembers.status, "active"),
      ),
    );
  if (!i) return fail("errors.survey.notMember", 403);
  return claimAndStore(deps, { ...input, profile: i.profile });
}

/** Population margins per (category, feature) for the municipality, replacing earlier ones. "category,feature,people" per line. */
export async function setPopulationMargins(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; text: string },
): Promise<Result<{ count: number }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const rows: { category: string; feature: string; population: number }[] = [];
  let n = 0;
  for (const raw of input.text.split(/\r?\n/)) {
    n++;
    if (!raw.trim()) continue;
    const [category, feature, people, ...rest] = raw.split(/[,;\t]/).map((c) => c.trim());
    const digits = (people ?? "").replace(/\s/g, "");
    const v = Number(digits);
    if (!category || !feature || rest.length || !/^\d{1,9}$/.test(digits))
      return fail("errors.survey.marginLine", 400, { field: "margins", params: { line: n } });
    if (rows.some((r) => r.category === category && r.feature === feature))
      return fail("errors.survey.marginLine", 400, { field: "margins", params: { line: n } });
    rows.push({ category, feature, population: v });
  }
  await deps.db.db.transaction(async (tx) => {
    await tx.delete(panelPopulationMargins).where(eq(panelPopulationMargins.tenantId, input.tenantId));
    if (rows.length)
      await tx.insert(panelPopulationMargins).values(rows.map((r) => ({ tenantId: input.tenantId, ...r })));
  });
  return ok({ count: rows.length });
}

/**
 * The margins to rake on: the municipality's uploaded margins for the
 * panel's categories; for a category without them, the quotas' population
 * shares (when every feature of the category has one).
 */
export async function marginsFor(db: Db, tenantId: string, panelId: string): Promise<Margins> {
  const [uploaded, rows] = await Promise.all([
    db.select().from(panelPopulationMargins).where(eq(panelPopulationMargins.tenantId, tenantId)),
    quotaRows(db, panelId),
  ]);
  const out: Record<string, Record<string, number>> = {};
  const cats = [...new Set(rows.map((r) => r.category))];
  for (const c of cats) {
    const up = uploaded.filter((u) => u.category === c);
    if (up.length) out[c] = Object.fromEntries(up.map((u) => [u.feature, u.population]));
    else {
      const feats = rows.filter((r) => r.category === c);
      if (feats.every((f) => f.populationShare !== null))
        out[c] = Object.fromEntries(feats.map((f) => [f.feature, f.populationShare!]));
    }
  }
  return out;
}

export async function listSurveys(db: Db, panelId: string) {
  return db
    .select({
      id: panelSurveys.id,
      key: panelSurveys.key,
      title: panelSurveys.title,
      status: panelSurveys.status,
      invited: sql<number>`(select count(*)::int from panel_survey_invites i where i.survey_id = "panel_surveys"."id")`,
      responded: sql<number>`(select count(*)::int from panel_survey_invites i where i.survey_id = "panel_surveys"."id" and i.responded_at is not null)`,
    })
    .from(panelSurveys)
    .where(eq(panelSurveys.panelId, panelId))
    .orderBy(asc(panelSurveys.createdAt));
}

export async function getSurvey(db: Db, panelId: string, key: string) {
  const [s] = await db
    .select()
    .from(panelSurveys)
    .where(and(eq(panelSurveys.panelId, panelId), eq(panelSurveys.key, key)));
  return s ?? null;
}

export async function resultsOf(
  db: Db,
  tenantId: string,
  survey: { id: string; panelId: string; questions: Parameters<typeof surveyResults>[0] },
): Promise<SurveyResults> {
  const [responses, margins] = await Promise.all([
    db
      .select({ profile: panelSurveyResponses.profile, answers: panelSurveyResponses.answers })
      .from(panelSurveyResponses)
      .where(eq(panelSurveyResponses.surveyId, survey.id)),
    marginsFor(db, tenantId, survey.panelId),
  ]);
  return surveyResults(
    survey.questions,
    responses as { profile: Record<string, string>; answers: Record<string, Answer> }[],
    margins,
  );
}
