import { and, asc, eq, gte, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import {
  agendaItems,
  ANSWER_CHANNELS,
  bodies,
  cases,
  consultationAnswers,
  consultationComments,
  consultationParticipants,
  consultationPins,
  consultationQuestions,
  consultations,
  consultationSupports,
  contentFlags,
  councilStatements,
  FLAG_REASONS,
  meetings,
  moderationRules,
  processes,
  processRequirements,
} from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import { publish, type PoliticalDeps } from "#app/modules/meetings/deps.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { parseInput } from "#app/modules/meetings/validate.ts";
import { LocalizedInput, RequiredLocalized } from "#app/modules/meetings/schemas.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { meetsLevel, type VerificationLevel } from "#app/modules/identity/levels.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { publicCase } from "#app/modules/cases/visibility.server.ts";
import { isUniqueViolation, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { anchorOf, parseArea, parseGeoTag, pointInArea, type Area } from "#app/modules/bodies/geo.ts";
import { deriveDeadline, isOpen, moveDeadline, DEFAULT_CLOSE_DAYS_BEFORE_NOTICE } from "./deadline.ts";
import { checkComment, cleanText } from "./pseudonym.ts";
import { tellAuthorOfHiddenComment } from "./notices.server.ts";
import { AGE_BANDS, GENDERS } from "./report.ts";
import { isLocale } from "#app/lib/i18n.ts";

// Commands on consultations (issue 6): (deps, actor, input) → Result. Error
// codes are keys in the "consultations" namespace (errors.*). Every command
// checks the tenant; staff commands check the permission; resident commands
// check the verification level the process requires for the action.
export type ConsultationDeps = PoliticalDeps;
type Ctx = { tenantId: string };
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A signed-in resident acting on a consultation: who, and how well verified in this municipality. */
export interface Resident {
  personId: string;
  level: VerificationLevel;
}

export const RESIDENT_ACTIONS = ["comment", "support", "pin", "answer", "flag"] as const;
export type ResidentAction = (typeof RESIDENT_ACTIONS)[number];
export const STATUTORY_COUNCILS = ["eldreraad", "ungdomsraad", "funksjonshemmederaad"] as const;

const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);
const DAY = 86_400_000;

export const QuestionInput = z.object({
  kind: z.enum(["single", "multi", "scale", "text"]),
  prompt: RequiredLocalized,
  options: z.array(RequiredLocalized).max(20).default([]),
  scaleMin: z.number().int().min(0).max(10).nullish(),
  scaleMax: z.number().int().min(1).max(10).nullish(),
});

export const ConsultationInput = z.object({
  caseId: z.string().uuid(),
  bodyId: z.string().uuid(),
  meetingId: z.string().uuid().nullish(),
  title: RequiredLocalized,
  summary: LocalizedInput.optional(),
  plan: z.boolean().default(false),
  closeDaysBeforeNotice: z.number().int().min(0).max(120).default(DEFAULT_CLOSE_DAYS_BEFORE_NOTICE),
  opensAt: z.coerce.date(),
  /** Only without a deciding meeting (otherwise derived). */
  closesAt: z.coerce.date().nullish(),
  moderation: z.enum(["pre", "post"]).default("post"),
  nameMode: z.enum(["pseudonym", "public-names"]).default("pseudonym"),
  mapArea: z.unknown().optional(),
  pinCategories: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  population: z
    .object({
      total: z.number().int().min(0),
      ageBands: z.record(z.number().int().min(0)).optional(),
      genders: z.record(z.number().int().min(0)).optional(),
      areas: z.record(z.number().int().min(0)).optional(),
    })
    .nullish(),
  questions: z.array(QuestionInput).max(30).default([]),
  requirements: z.record(z.enum(RESIDENT_ACTIONS), z.enum(["none", "email", "phone", "eid", "resident"])).optional(),
  /**
   * Refuse (409, errors.deadlineTooClose) when residents would get fewer than MIN_OPEN_DAYS days.
   * The staff form sets it until the person has seen the warning and chosen to go on; other
   * callers (automation, imports) decide for themselves.
   */
  requireMinimumDays: z.boolean().default(false),
});
export type ConsultationInput = z.input<typeof ConsultationInput>;

/**
 * The fewest days residents should have to take part (issue 17): a consultation whose deadline,
 * derived from the deciding meeting, leaves less is refused until staff choose it explicitly.
 */
export const MIN_OPEN_DAYS = 7;

async function decidingMeeting(db: Db | Tx, tenantId: string, meetingId: string) {
  const [m] = await db
    .select({ id: meetings.id, bodyId: meetings.bodyId, startsAt: meetings.startsAt, leadDays: bodies.noticeLeadDays })
    .from(meetings)
    .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
    .where(and(eq(meetings.id, meetingId), eq(meetings.tenantId, tenantId)));
  return m ?? null;
}

/** Whether the case may be shown to the public at all (not exempt, not on a closed agenda item). */
async function caseIsPublic(db: Db | Tx, tenantId: string, caseId: string): Promise<boolean | null> {
  const [c] = await db
    .select({ id: cases.id, public: sql<boolean>`(${publicCase(tenantId)})` })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.tenantId, tenantId)));
  return c ? c.public : null;
}

export async function createConsultation(
  deps: ConsultationDeps,
  actor: Actor,
  input: ConsultationInput & Ctx,
): Promise<Result<{ id: string; closesAt: Date }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(ConsultationInput, input);
  if (!v.ok) return v;
  const i = v.value;
  const db = deps.db.db;
  const pub = await caseIsPublic(db, input.tenantId, i.caseId);
  if (pub === null) return notFound();
  if (!pub) return fail("errors.caseNotPublic", 409);
  const [body] = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(and(eq(bodies.id, i.bodyId), eq(bodies.tenantId, input.tenantId)));
  if (!body) return notFound();
  let mapArea: Area | null = null;
  if (i.mapArea !== undefined && i.mapArea !== null) {
    const a = parseArea(i.mapArea);
    if (!a.ok) return fail("errors.badArea", 400, { details: [{ field: "mapArea", code: "errors.badArea" }] });
    mapArea = a.value;
  }
  let closesAt: Date;
  if (i.meetingId) {
    const m = await decidingMeeting(db, input.tenantId, i.meetingId);
    if (!m) return notFound();
    if (m.bodyId !== body.id)
      return fail("errors.meetingOfOtherBody", 400, {
        details: [{ field: "meetingId", code: "errors.meetingOfOtherBody" }],
      });
    const d = deriveDeadline({
      meetingStartsAt: m.startsAt,
      noticeLeadDays: m.leadDays,
      closeDaysBeforeNotice: i.closeDaysBeforeNotice,
      opensAt: i.opensAt,
      plan: i.plan,
    });
    if (!d.ok) return fail(`errors.${d.error}`, 400, { params: { days: d.countedDays, min: d.minDays } });
    closesAt = d.closesAt;
  } else {
    if (!i.closesAt)
      return fail("errors.closesAtRequired", 400, {
        details: [{ field: "closesAt", code: "errors.closesAtRequired" }],
      });
    if (i.closesAt <= i.opensAt) return fail("errors.closesBeforeOpening", 400);
    if (i.plan && i.closesAt.getTime() - i.opensAt.getTime() < 42 * DAY)
      return fail("errors.planTooShort", 400, { params: { min: 42 } });
    closesAt = i.closesAt;
  }
  const now = deps.now();
  const openFrom = i.opensAt > now ? i.opensAt : now;
  const openDays = Math.floor((closesAt.getTime() - openFrom.getTime()) / DAY);
  if (openDays < MIN_OPEN_DAYS && i.requireMinimumDays)
    return fail("errors.deadlineTooClose", 409, {
      field: "acceptShortDeadline",
      params: { days: Math.max(openDays, 0), min: MIN_OPEN_DAYS },
    });
  const id = await db.transaction(async (tx) => {
    const [p] = await tx
      .insert(processes)
      .values({
        tenantId: input.tenantId,
        key: `consultation-${crypto.randomUUID()}`,
        kind: "consultation",
        caseId: i.caseId,
        bodyId: body.id,
        title: i.title,
        status: "active",
        opensAt: i.opensAt,
        closesAt,
      })
      .returning({ id: processes.id });
    const [c] = await tx
      .insert(consultations)
      .values({
        tenantId: input.tenantId,
        processId: p!.id,
        caseId: i.caseId,
        bodyId: body.id,
        meetingId: i.meetingId ?? null,
        title: i.title,
        summary: i.summary ?? {},
        plan: i.plan,
        closeDaysBeforeNotice: i.closeDaysBeforeNotice,
        opensAt: i.opensAt,
        closesAt,
        moderation: i.moderation,
        nameMode: i.nameMode,
        mapArea,
        pinCategories: i.pinCategories,
        population: i.population ?? null,
      })
      .returning({ id: consultations.id });
    if (i.questions.length)
      await tx.insert(consultationQuestions).values(
        i.questions.map((q, n) => ({
          tenantId: input.tenantId,
          consultationId: c!.id,
          position: n + 1,
          kind: q.kind,
          prompt: q.prompt,
          options:
            q.kind === "single" || q.kind === "multi" ? q.options.map((label, k) => ({ id: `o${k + 1}`, label })) : [],
          scaleMin: q.kind === "scale" ? (q.scaleMin ?? 1) : null,
          scaleMax: q.kind === "scale" ? (q.scaleMax ?? 5) : null,
        })),
      );
    const req = {
      comment: "email",
      support: "email",
      pin: "email",
      answer: "email",
      flag: "email",
      ...(i.requirements ?? {}),
    } as Record<ResidentAction, VerificationLevel>;
    await tx
      .insert(processRequirements)
      .values(
        RESIDENT_ACTIONS.map((action) => ({ tenantId: input.tenantId, processId: p!.id, action, level: req[action] })),
      );
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "consultation.created",
      subjectType: "consultation",
      subjectId: c!.id,
      data: { caseId: i.caseId, closesAt: closesAt.toISOString() },
    });
    return c!.id;
  });
  publish(deps, "consultations.consultation.created", input.tenantId, { consultationId: id, caseId: i.caseId });
  return ok({ id, closesAt });
}

/** The secretary closes the consultation (before or at its closing time). */
export async function closeConsultation(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { consultationId: string },
): Promise<Result<{ closedAt: Date }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const rows = await tx
      .update(consultations)
      .set({ closedAt: now, updatedAt: now })
      .where(
        and(
          eq(consultations.id, input.consultationId),
          eq(consultations.tenantId, input.tenantId),
          isNull(consultations.closedAt),
        ),
      )
      .returning({ id: consultations.id, processId: consultations.processId });
    if (!rows.length) return null;
    await tx.update(processes).set({ status: "closed" }).where(eq(processes.id, rows[0]!.processId));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "consultation.closed",
      subjectType: "consultation",
      subjectId: input.consultationId,
    });
    return rows[0]!;
  });
  if (!r) {
    const [c] = await deps.db.db
      .select({ id: consultations.id })
      .from(consultations)
      .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)));
    return c ? fail("errors.alreadyClosed", 409) : notFound();
  }
  publish(deps, "consultations.consultation.closed", input.tenantId, { consultationId: input.consultationId });
  return ok({ closedAt: now });
}

/**
 * The case moved: every open consultation on it follows the deciding body's
 * next meeting that has the case on its agenda. Returns what moved; the
 * participants of a moved consultation are told (event
 * consultations.deadline.moved, with the people to notify).
 */
export async function followCaseMeeting(
  deps: ConsultationDeps,
  input: Ctx & { caseId: string },
): Promise<Result<{ moved: { consultationId: string; closesAt: Date; participants: number; changed: boolean }[] }>> {
  const db = deps.db.db;
  const now = deps.now();
  const open = await db
    .select()
    .from(consultations)
    .where(
      and(
        eq(consultations.tenantId, input.tenantId),
        eq(consultations.caseId, input.caseId),
        isNull(consultations.closedAt),
      ),
    );
  const moved: { consultationId: string; closesAt: Date; participants: number; changed: boolean }[] = [];
  for (const c of open) {
    const [m] = await db
      .select({ id: meetings.id, startsAt: meetings.startsAt, leadDays: bodies.noticeLeadDays })
      .from(agendaItems)
      .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
      .innerJoin(bodies, eq(bodies.id, meetings.bodyId))
      .where(
        and(
          eq(agendaItems.caseId, input.caseId),
          eq(meetings.bodyId, c.bodyId),
          ne(meetings.status, "finished"),
          gte(meetings.startsAt, now),
        ),
      )
      .orderBy(asc(meetings.startsAt))
      .limit(1);
    if (!m) continue;
    const r = moveDeadline(
      c,
      {
        meetingStartsAt: m.startsAt,
        noticeLeadDays: m.leadDays,
        closeDaysBeforeNotice: c.closeDaysBeforeNotice,
        opensAt: c.opensAt,
        plan: c.plan,
      },
      now,
    );
    if (!r.ok) {
      deps.log.warn(
        { consultationId: c.id, error: r.error },
        "the case moved to a meeting too early for this plan consultation; the deadline is kept",
      );
      continue;
    }
    if (m.id === c.meetingId && !r.move.changed) continue; // same meeting, same time: nothing moved
    const closesAt = r.move.closesImmediately ? now : r.move.closesAt;
    const participants = await db.transaction(async (tx) => {
      // A meeting so early that the period is already over closes the consultation now (and for good).
      await tx
        .update(consultations)
        .set({ meetingId: m.id, closesAt, closedAt: r.move.closesImmediately ? now : null, updatedAt: now })
        .where(eq(consultations.id, c.id));
      await tx
        .update(processes)
        .set({ closesAt, ...(r.move.closesImmediately ? { status: "closed" as const } : {}) })
        .where(eq(processes.id, c.processId));
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        action: "consultation.deadline.moved",
        subjectType: "consultation",
        subjectId: c.id,
        data: { from: c.closesAt.toISOString(), to: closesAt.toISOString(), meetingId: m.id },
      });
      const [n] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(consultationParticipants)
        .where(eq(consultationParticipants.consultationId, c.id));
      return n?.n ?? 0;
    });
    if (r.move.changed)
      publish(deps, "consultations.deadline.moved", input.tenantId, {
        consultationId: c.id,
        closesAt: closesAt.toISOString(),
        participants,
      });
    moved.push({ consultationId: c.id, closesAt, participants, changed: r.move.changed });
  }
  return ok({ moved });
}

// ---------------------------------------------------------------- residents

type Loaded = typeof consultations.$inferSelect;

/** Loads a public, open consultation and checks the resident's level for the action. */
async function openFor(
  deps: ConsultationDeps,
  resident: Resident | null,
  tenantId: string,
  consultationId: string,
  action: ResidentAction,
): Promise<Result<Loaded>> {
  if (!resident) return fail("errors.signInRequired", 401);
  const db = deps.db.db;
  const [row] = await db
    .select({ c: consultations, public: sql<boolean>`(${publicCase(tenantId)})`, level: processRequirements.level })
    .from(consultations)
    .innerJoin(cases, eq(cases.id, consultations.caseId))
    .leftJoin(
      processRequirements,
      and(eq(processRequirements.processId, consultations.processId), eq(processRequirements.action, action)),
    )
    .where(and(eq(consultations.id, consultationId), eq(consultations.tenantId, tenantId)));
  if (!row || !row.public) return notFound();
  if (!isOpen(row.c, deps.now())) return fail("errors.closed", 409);
  const need = (row.level ?? "email") as VerificationLevel;
  if (!meetsLevel(resident.level, need)) return fail("errors.levelRequired", 403, { params: { level: need } });
  return ok(row.c);
}

async function ensureParticipant(tx: Tx, c: Loaded, personId: string): Promise<void> {
  await tx
    .insert(consultationParticipants)
    .values({ tenantId: c.tenantId, consultationId: c.id, personId })
    .onConflictDoNothing();
}

export const ProfileInput = z.object({
  ageBand: z.enum(AGE_BANDS).nullish(),
  gender: z.enum(GENDERS).nullish(),
  area: z.string().trim().max(100).nullish(),
  notify: z.enum(["email", "sms", "none"]).default("email"),
});

/** What the participant tells about themselves (all optional) and how they want to hear back. */
export async function setProfile(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string } & z.input<typeof ProfileInput>,
): Promise<Result<{ ok: true }>> {
  const v = parseInput(ProfileInput, input);
  if (!v.ok) return v;
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "answer");
  if (!c.ok) return c;
  const set = {
    ageBand: v.value.ageBand ?? null,
    gender: v.value.gender ?? null,
    area: v.value.area || null,
    notify: v.value.notify,
  };
  await deps.db.db
    .insert(consultationParticipants)
    .values({ tenantId: input.tenantId, consultationId: c.value.id, personId: resident!.personId, ...set })
    .onConflictDoUpdate({ target: [consultationParticipants.consultationId, consultationParticipants.personId], set });
  return ok({ ok: true });
}

export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

export interface AnswerInput {
  questionId: string;
  options?: string[];
  scale?: number | null;
  text?: string | null;
}

/**
 * Answers (or changes answers to) the consultation's questions; an answer with nothing in it removes
 * the old one. `channel` says how the answer came (the web form, or an SMS reply: sms.server.ts);
 * a person has one answer per question whatever the channel, the latest replacing the earlier.
 */
export async function answerQuestions(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; answers: AnswerInput[]; channel?: AnswerChannel },
): Promise<Result<{ answered: number }>> {
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "answer");
  if (!c.ok) return c;
  const db = deps.db.db;
  const qs = await db.select().from(consultationQuestions).where(eq(consultationQuestions.consultationId, c.value.id));
  const byId = new Map(qs.map((q) => [q.id, q]));
  const rows: (typeof consultationAnswers.$inferInsert)[] = [];
  const clear: string[] = [];
  for (const a of input.answers) {
    const q = byId.get(a.questionId);
    if (!q)
      return fail("errors.notFound", 404, {
        details: [{ field: `q.${a.questionId}`, code: "errors.notFound" }],
      });
    const base = {
      tenantId: input.tenantId,
      consultationId: c.value.id,
      questionId: q.id,
      personId: resident!.personId,
      options: null as string[] | null,
      scale: null as number | null,
      text: null as string | null,
      channel: input.channel ?? "web",
      updatedAt: deps.now(),
    };
    const valid = new Set(q.options.map((o) => o.id));
    if (q.kind === "single" || q.kind === "multi") {
      const picked = [...new Set(a.options ?? [])];
      if (!picked.length) {
        clear.push(q.id);
        continue;
      }
      if (picked.some((o) => !valid.has(o)) || (q.kind === "single" && picked.length > 1))
        return fail("errors.badAnswer", 400, { details: [{ field: `q.${q.id}`, code: "errors.badAnswer" }] });
      rows.push({ ...base, options: picked });
    } else if (q.kind === "scale") {
      if (a.scale == null) {
        clear.push(q.id);
        continue;
      }
      if (!Number.isInteger(a.scale) || a.scale < (q.scaleMin ?? 1) || a.scale > (q.scaleMax ?? 5))
        return fail("errors.badAnswer", 400, { details: [{ field: `q.${q.id}`, code: "errors.badAnswer" }] });
      rows.push({ ...base, scale: a.scale });
    } else {
      const t = cleanText(a.text ?? "");
      if (!t) {
        clear.push(q.id);
        continue;
      }
      if ([...t].length > 4000)
        return fail("errors.tooLong", 400, {
          details: [{ field: `q.${q.id}`, code: "errors.tooLong" }],
          params: { max: 4000 },
        });
      rows.push({ ...base, text: t });
    }
  }
  await db.transaction(async (tx) => {
    await ensureParticipant(tx, c.value, resident!.personId);
    if (clear.length)
      await tx
        .delete(consultationAnswers)
        .where(
          and(eq(consultationAnswers.personId, resident!.personId), inArray(consultationAnswers.questionId, clear)),
        );
    for (const r of rows)
      await tx
        .insert(consultationAnswers)
        .values(r)
        .onConflictDoUpdate({
          target: [consultationAnswers.questionId, consultationAnswers.personId],
          set: { options: r.options, scale: r.scale, text: r.text, channel: r.channel, updatedAt: r.updatedAt },
        });
  });
  publish(deps, "consultations.answers.saved", input.tenantId, { consultationId: c.value.id });
  return ok({ answered: rows.length });
}

export async function addComment(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & {
    consultationId: string;
    body: string;
    parentId?: string | null;
    publicName?: string | null;
    organisation?: string | null;
  },
): Promise<Result<{ id: string; state: "pending" | "published" }>> {
  const t = checkComment(input.body ?? "");
  if (!t.ok)
    return fail(`errors.${t.error}`, 400, {
      details: [{ field: "body", code: `errors.${t.error}` }],
      params: { max: 4000 },
    });
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "comment");
  if (!c.ok) return c;
  const db = deps.db.db;
  if (input.parentId) {
    const [p] = await db
      .select({ id: consultationComments.id })
      .from(consultationComments)
      .where(
        and(
          eq(consultationComments.id, input.parentId),
          eq(consultationComments.consultationId, c.value.id),
          eq(consultationComments.state, "published"),
        ),
      );
    if (!p) return notFound();
  }
  const state = c.value.moderation === "pre" ? ("pending" as const) : ("published" as const);
  const name = cleanText(input.publicName ?? "").slice(0, 80) || null;
  const org = cleanText(input.organisation ?? "").slice(0, 160) || null;
  const personId = resident!.personId;
  const { id, repeated } = await db.transaction(async (tx) => {
    // One submission, one comment: a second click or a re-sent form (the same text by the same
    // person on the same thread within ten minutes) returns the first comment. The lock makes two
    // concurrent copies wait for each other, so the check sees the first one.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`comment:${c.value.id}:${personId}`}))`);
    const [same] = await tx
      .select({ id: consultationComments.id })
      .from(consultationComments)
      .where(
        and(
          eq(consultationComments.consultationId, c.value.id),
          eq(consultationComments.personId, personId),
          input.parentId ? eq(consultationComments.parentId, input.parentId) : isNull(consultationComments.parentId),
          eq(consultationComments.body, t.text),
          sql`${consultationComments.createdAt} > now() - interval '10 minutes'`,
        ),
      )
      .limit(1);
    if (same) return { id: same.id, repeated: true };
    await ensureParticipant(tx, c.value, personId);
    const [r] = await tx
      .insert(consultationComments)
      .values({
        tenantId: input.tenantId,
        consultationId: c.value.id,
        personId: resident!.personId,
        parentId: input.parentId ?? null,
        body: t.text,
        publicName: name,
        organisation: org,
        state,
      })
      .returning({ id: consultationComments.id });
    return { id: r!.id, repeated: false };
  });
  if (!repeated)
    publish(deps, "consultations.comment.added", input.tenantId, { consultationId: c.value.id, commentId: id, state });
  return ok({ id, state });
}

/** Supports a comment, once per person (the unique index decides under concurrency). */
export async function supportComment(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; commentId: string },
): Promise<Result<{ supported: boolean }>> {
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "support");
  if (!c.ok) return c;
  const db = deps.db.db;
  const [cm] = await db
    .select({ id: consultationComments.id, personId: consultationComments.personId })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.id, input.commentId),
        eq(consultationComments.consultationId, c.value.id),
        eq(consultationComments.state, "published"),
      ),
    );
  if (!cm) return notFound();
  if (cm.personId === resident!.personId) return fail("errors.ownComment", 409);
  try {
    const inserted = await db.transaction(async (tx) => {
      await ensureParticipant(tx, c.value, resident!.personId);
      return tx
        .insert(consultationSupports)
        .values({
          tenantId: input.tenantId,
          consultationId: c.value.id,
          commentId: cm.id,
          personId: resident!.personId,
        })
        .onConflictDoNothing()
        .returning({ id: consultationSupports.id });
    });
    if (!inserted.length) return fail("errors.alreadySupported", 409);
  } catch (e) {
    if (isUniqueViolation(e)) return fail("errors.alreadySupported", 409);
    throw e;
  }
  publish(deps, "consultations.comment.supported", input.tenantId, { consultationId: c.value.id, commentId: cm.id });
  return ok({ supported: true });
}

export async function withdrawSupport(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; commentId: string },
): Promise<Result<{ supported: boolean }>> {
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "support");
  if (!c.ok) return c;
  await deps.db.db
    .delete(consultationSupports)
    .where(
      and(
        eq(consultationSupports.commentId, input.commentId),
        eq(consultationSupports.personId, resident!.personId),
        eq(consultationSupports.consultationId, c.value.id),
      ),
    );
  publish(deps, "consultations.comment.supported", input.tenantId, {
    consultationId: c.value.id,
    commentId: input.commentId,
  });
  return ok({ supported: false });
}

export async function dropPin(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; lat: number; lon: number; category: string; comment?: string },
): Promise<Result<{ id: string }>> {
  const c = await openFor(deps, resident, input.tenantId, input.consultationId, "pin");
  if (!c.ok) return c;
  const { lat, lon } = input;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
    return fail("errors.badCoordinates", 400, { details: [{ field: "lat", code: "errors.badCoordinates" }] });
  if (!c.value.mapArea) return fail("errors.noMap", 409);
  if (!pointInArea([lon, lat], c.value.mapArea as Area))
    return fail("errors.pinOutside", 400, { details: [{ field: "lat", code: "errors.pinOutside" }] });
  if (!c.value.pinCategories.includes(input.category))
    return fail("errors.badCategory", 400, { details: [{ field: "category", code: "errors.badCategory" }] });
  const text = cleanText(input.comment ?? "");
  if ([...text].length > 1000)
    return fail("errors.tooLong", 400, {
      details: [{ field: "comment", code: "errors.tooLong" }],
      params: { max: 1000 },
    });
  const id = await deps.db.db.transaction(async (tx) => {
    await ensureParticipant(tx, c.value, resident!.personId);
    const [r] = await tx
      .insert(consultationPins)
      .values({
        tenantId: input.tenantId,
        consultationId: c.value.id,
        personId: resident!.personId,
        lat,
        lon,
        category: input.category,
        comment: text,
        state: c.value.moderation === "pre" ? "pending" : "published",
      })
      .returning({ id: consultationPins.id });
    return r!.id;
  });
  publish(deps, "consultations.pin.added", input.tenantId, { consultationId: c.value.id, pinId: id });
  return ok({ id });
}

/** "Report this": puts a comment in the moderation queue with a reason (once per person). */
export async function flagComment(
  deps: ConsultationDeps,
  resident: Resident | null,
  input: Ctx & { consultationId: string; commentId: string; reason: string; note?: string },
): Promise<Result<{ flagged: boolean }>> {
  if (!(FLAG_REASONS as readonly string[]).includes(input.reason))
    return fail("errors.badReason", 400, { details: [{ field: "reason", code: "errors.badReason" }] });
  if (!resident) return fail("errors.signInRequired", 401);
  const db = deps.db.db;
  const [cm] = await db
    .select({ id: consultationComments.id })
    .from(consultationComments)
    .where(
      and(
        eq(consultationComments.id, input.commentId),
        eq(consultationComments.consultationId, input.consultationId),
        eq(consultationComments.tenantId, input.tenantId),
      ),
    );
  if (!cm) return notFound();
  const rows = await db
    .insert(contentFlags)
    .values({
      tenantId: input.tenantId,
      consultationId: input.consultationId,
      commentId: cm.id,
      personId: resident.personId,
      reason: input.reason as (typeof FLAG_REASONS)[number],
      note: cleanText(input.note ?? "").slice(0, 500) || null,
    })
    .onConflictDoNothing()
    .returning({ id: contentFlags.id });
  if (rows.length)
    publish(deps, "consultations.comment.flagged", input.tenantId, {
      consultationId: input.consultationId,
      commentId: cm.id,
    });
  return ok({ flagged: true });
}

// ---------------------------------------------------------------- moderation

/**
 * Hides, restores or approves a comment. The audit entry keeps what was
 * hidden (text and reason), so hidden content stays accountable; the open
 * flags on the comment are resolved.
 */
export async function moderateComment(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { commentId: string; action: "hide" | "restore" | "approve"; reason?: string },
): Promise<Result<{ state: "published" | "hidden" }>> {
  if (!can(actor, "moderate:content:tenant", { tenantId: input.tenantId })) return forbidden();
  const reason = cleanText(input.reason ?? "").slice(0, 500);
  if (input.action === "hide" && !reason)
    return fail("errors.reasonRequired", 400, { details: [{ field: "reason", code: "errors.reasonRequired" }] });
  const now = deps.now();
  const state = input.action === "hide" ? ("hidden" as const) : ("published" as const);
  const r = await deps.db.db.transaction(async (tx) => {
    const [cm] = await tx
      .select({
        id: consultationComments.id,
        body: consultationComments.body,
        state: consultationComments.state,
        consultationId: consultationComments.consultationId,
      })
      .from(consultationComments)
      .where(and(eq(consultationComments.id, input.commentId), eq(consultationComments.tenantId, input.tenantId)))
      .for("update");
    if (!cm) return null;
    await tx
      .update(consultationComments)
      .set({ state, moderatedAt: now, moderationReason: reason || null })
      .where(eq(consultationComments.id, cm.id));
    await tx
      .update(contentFlags)
      .set({ resolvedAt: now })
      .where(and(eq(contentFlags.commentId, cm.id), isNull(contentFlags.resolvedAt)));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: `consultation.comment.${input.action}`,
      subjectType: "consultation_comment",
      subjectId: cm.id,
      data: { from: cm.state, to: state, reason: reason || null, body: cm.body },
    });
    return cm;
  });
  if (!r) return notFound();
  publish(deps, "consultations.comment.moderated", input.tenantId, {
    consultationId: r.consultationId,
    commentId: r.id,
    state,
  });
  // The author is told, with the reason and how to ask for a review.
  if (state === "hidden" && r.state !== "hidden")
    await tellAuthorOfHiddenComment(deps, { tenantId: input.tenantId, commentId: r.id });
  return ok({ state });
}

// ---------------------------------------------------------------- council statements

/**
 * The case is scheduled for the deciding meeting: asks the statutory councils
 * and the area council the case lies in for a statement, due `daysBeforeNotice`
 * days before that meeting's notice. Asking again is harmless (one request
 * per case and council); a moved meeting moves open deadlines.
 */
export async function requestCouncilStatements(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { caseId: string; meetingId: string; daysBeforeNotice?: number },
): Promise<Result<{ requested: { councilBodyId: string; deadline: Date }[] }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  return askCouncils(deps, actor.id, input);
}

/** Council bodies: they give statements and are never the deciding body whose scheduling asks them. */
export const COUNCIL_KINDS = [...STATUTORY_COUNCILS, "omraadeutvalg"] as const;

/**
 * Asks the councils for a statement on a case before the given deciding
 * meeting (no permission check: the staff command above and the automation in
 * automation.server.ts call it). The area councils are the one the case is
 * tagged with and any whose area holds the case's geographic tag.
 */
export async function askCouncils(
  deps: ConsultationDeps,
  actorId: string | null,
  input: Ctx & { caseId: string; meetingId: string; daysBeforeNotice?: number },
): Promise<Result<{ requested: { councilBodyId: string; deadline: Date }[] }>> {
  const db = deps.db.db;
  const [c] = await db
    .select({ id: cases.id, areaBodyId: cases.areaBodyId, geo: cases.geo })
    .from(cases)
    .where(and(eq(cases.id, input.caseId), eq(cases.tenantId, input.tenantId)));
  if (!c) return notFound();
  const m = await decidingMeeting(db, input.tenantId, input.meetingId);
  if (!m) return notFound();
  const days = input.daysBeforeNotice ?? 3;
  const deadline = new Date(m.startsAt.getTime() - (m.leadDays + days) * DAY);
  const councils = await db
    .select({ id: bodies.id, kind: bodies.kind, area: bodies.area })
    .from(bodies)
    .where(and(eq(bodies.tenantId, input.tenantId), isNull(bodies.archivedAt)));
  const tag = c.geo ? parseGeoTag(c.geo) : null;
  const anchor = tag?.ok ? anchorOf(tag.value) : null;
  const inArea = (area: unknown) => {
    if (!anchor || !area) return false;
    const a = parseArea(area);
    return a.ok && pointInArea(anchor, a.value);
  };
  const targets = councils
    .filter(
      (b) =>
        (STATUTORY_COUNCILS as readonly string[]).includes(b.kind) ||
        (b.kind === "omraadeutvalg" && (b.id === c.areaBodyId || inArea(b.area))),
    )
    .filter((b) => b.id !== m.bodyId);
  const now = deps.now();
  await db.transaction(async (tx) => {
    for (const b of targets)
      await tx
        .insert(councilStatements)
        .values({
          tenantId: input.tenantId,
          caseId: c.id,
          councilBodyId: b.id,
          decidingMeetingId: m.id,
          reason: b.kind === "omraadeutvalg" ? "area" : "statutory",
          requestedAt: now,
          deadline,
        })
        .onConflictDoUpdate({
          target: [councilStatements.caseId, councilStatements.councilBodyId],
          set: { decidingMeetingId: m.id, deadline },
          where: isNull(councilStatements.answeredAt),
        });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actorId,
      action: "council.statements.requested",
      subjectType: "case",
      subjectId: c.id,
      data: { councils: targets.map((t) => t.id), deadline: deadline.toISOString(), meetingId: m.id },
    });
  });
  publish(deps, "consultations.statements.requested", input.tenantId, { caseId: c.id });
  return ok({ requested: targets.map((t) => ({ councilBodyId: t.id, deadline })) });
}

/**
 * The council's secretary writes (or replaces) the statement, and may upload
 * it as a file (PDF, PNG or JPEG): the file becomes a case document
 * ("uttalelse") through the case commands, on the council's behalf.
 */
export async function answerCouncilStatement(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & {
    statementId: string;
    text: string;
    documentId?: string | null;
    file?: { name: string; bytes: Uint8Array } | null;
  },
): Promise<Result<{ onTime: boolean; documentId: string | null }>> {
  const db = deps.db.db;
  if (!/^[0-9a-f-]{36}$/i.test(input.statementId)) return notFound(); // not a uuid: no query (it would be a 500)
  const [s] = await db
    .select({ st: councilStatements, council: bodies.name })
    .from(councilStatements)
    .innerJoin(bodies, eq(bodies.id, councilStatements.councilBodyId))
    .where(and(eq(councilStatements.id, input.statementId), eq(councilStatements.tenantId, input.tenantId)));
  if (!s) return notFound();
  const st = s.st;
  if (!can(actor, "manage:meeting:body", { tenantId: input.tenantId, bodyId: st.councilBodyId })) return forbidden();
  const hasFile = !!input.file && input.file.bytes.byteLength > 0;
  const t = checkComment(input.text ?? "", 50_000);
  if (!t.ok && t.error !== "empty")
    return fail(`errors.${t.error}`, 400, {
      details: [{ field: "text", code: `errors.${t.error}` }],
      params: { max: 50_000 },
    });
  if (!t.ok && !hasFile && !input.documentId && !st.documentId)
    return fail("errors.empty", 400, { details: [{ field: "text", code: "errors.empty" }] });
  let documentId = input.documentId ?? st.documentId;
  if (hasFile) {
    // The council's secretary may not manage the case's documents in general: the upload runs
    // as the municipality's case service, for this one statement, after the check above.
    const service: Actor = {
      id: actor.id,
      memberships: [{ tenantId: input.tenantId, role: "secretary", bodyId: null }],
      platformAdmin: false,
    };
    const name = Object.values(s.council)[0] ?? "";
    const up = await uploadDocument(deps, service, {
      tenantId: input.tenantId,
      caseId: st.caseId,
      kind: "vedlegg",
      title: `Uttalelse: ${s.council.nb ?? name}`.slice(0, 300),
      fileName: input.file!.name || "uttalelse.pdf",
      bytes: input.file!.bytes,
    });
    if (!up.ok)
      return fail(up.error.code.startsWith("errors.") ? up.error.code : "errors.invalidInput", up.error.status, {
        details: [{ field: "file", code: up.error.code }],
        params: up.error.params,
      });
    documentId = up.value.id;
  }
  const now = deps.now();
  await db.transaction(async (tx) => {
    await tx
      .update(councilStatements)
      .set({
        text: t.ok ? t.text : st.text,
        documentId,
        answeredAt: st.answeredAt ?? now,
        answeredByPersonId: actor.id,
      })
      .where(eq(councilStatements.id, st.id));
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "council.statement.answered",
      subjectType: "council_statement",
      subjectId: st.id,
      data: { documentId },
    });
  });
  publish(deps, "consultations.statement.answered", input.tenantId, { caseId: st.caseId, statementId: st.id });
  return ok({ onTime: (st.answeredAt ?? now) <= st.deadline, documentId: documentId ?? null });
}

/** When the body decides: "what became of your input", shown on the page and sent to each participant per their choice. */
export async function recordFeedback(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { consultationId: string; feedback: Record<string, string> },
): Promise<Result<{ participants: number }>> {
  if (!can(actor, "manage:case:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(RequiredLocalized, input.feedback);
  if (!v.ok) return v;
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const rows = await tx
      .update(consultations)
      .set({ feedback: v.value, feedbackAt: now, updatedAt: now })
      .where(and(eq(consultations.id, input.consultationId), eq(consultations.tenantId, input.tenantId)))
      .returning({ id: consultations.id });
    if (!rows.length) return null;
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "consultation.feedback",
      subjectType: "consultation",
      subjectId: input.consultationId,
    });
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationParticipants)
      .where(
        and(
          eq(consultationParticipants.consultationId, input.consultationId),
          ne(consultationParticipants.notify, "none"),
        ),
      );
    return n?.n ?? 0;
  });
  if (r === null) return notFound();
  publish(deps, "consultations.feedback.recorded", input.tenantId, {
    consultationId: input.consultationId,
    participants: r,
  });
  return ok({ participants: r });
}

// ---------------------------------------------------------------- rules

/** The municipality's rules for comments, shown on its rules page (per language; empty text removes a language). */
export async function setModerationRules(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { text: Record<string, string> },
): Promise<Result<{ ok: true }>> {
  if (!can(actor, "moderate:content:tenant", { tenantId: input.tenantId })) return forbidden();
  const text: Record<string, string> = {};
  for (const [lang, raw] of Object.entries(input.text)) {
    if (!isLocale(lang)) continue;
    const t = cleanText(raw ?? "").trim();
    if ([...t].length > 10_000)
      return fail("errors.tooLong", 400, {
        details: [{ field: "text", code: "errors.tooLong" }],
        params: { max: 10_000 },
      });
    if (t) text[lang] = t;
  }
  if (!text.nb && !text.nn)
    return fail("errors.rulesRequired", 400, { details: [{ field: "text", code: "errors.rulesRequired" }] });
  const v = { value: text };
  const now = deps.now();
  await deps.db.db.transaction(async (tx) => {
    await tx
      .insert(moderationRules)
      .values({ tenantId: input.tenantId, text: v.value, updatedAt: now })
      .onConflictDoUpdate({ target: moderationRules.tenantId, set: { text: v.value, updatedAt: now } });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "consultation.rules.changed",
      subjectType: "municipality",
      subjectId: input.tenantId,
    });
  });
  publish(deps, "consultations.rules.changed", input.tenantId);
  return ok({ ok: true });
}

/** The moderator finds nothing wrong: the open reports on a comment are closed (kept, with the time). */
export async function dismissFlags(
  deps: ConsultationDeps,
  actor: Actor,
  input: Ctx & { commentId: string },
): Promise<Result<{ dismissed: number }>> {
  if (!can(actor, "moderate:content:tenant", { tenantId: input.tenantId })) return forbidden();
  if (!/^[0-9a-f-]{36}$/i.test(input.commentId)) return notFound();
  const now = deps.now();
  const n = await deps.db.db.transaction(async (tx) => {
    const rows = await tx
      .update(contentFlags)
      .set({ resolvedAt: now })
      .where(
        and(
          eq(contentFlags.tenantId, input.tenantId),
          eq(contentFlags.commentId, input.commentId),
          isNull(contentFlags.resolvedAt),
        ),
      )
      .returning({ id: contentFlags.id });
    if (rows.length)
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "consultation.flags.dismissed",
        subjectType: "consultation_comment",
        subjectId: input.commentId,
        data: { flags: rows.length },
      });
    return rows.length;
  });
  return ok({ dismissed: n });
}
