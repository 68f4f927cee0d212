import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { registerSmsHandler, registerSmsKeyword, type SmsHandler } from "#app/modules/sms/conversations.server.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";
import { parseE164 } from "#app/modules/sms/phone.ts";
import type { Db } from "#db/client.ts";
import { municipalities, pbAreas, pbProposals, pbRounds, persons } from "#db/schema/index.ts";
import { castBallot, type PbDeps } from "./commands.server.ts";
import {
  parseSmsBallot,
  smsBallotErrors,
  smsConfirmation,
  smsInstructions,
  smsUnreadable,
  type SmsProject,
  type SmsT,
} from "./sms.ts";
import type { BallotError } from "./rules.ts";

// Voting by SMS (docs/decisions/038-pb-sms-ballots.md). The SMS module's
// inbound dispatcher hands a message from a phone to receiveSmsBallot, which
// reads it (sms.ts), finds or creates the person with that phone, casts the
// ballot with the same castBallot as the web page (channel "sms"; the last
// ballot counts) and returns the reply to send. Nothing here sends an SMS.

export type SmsBallotOutcome =
  "cast" | "invalid" | "unreadable" | "closed" | "not-eligible" | "keyword" | "no-round" | "help";
export type SmsBallotReply = {
  outcome: SmsBallotOutcome;
  reply: string | null;
  receipt?: string;
  replaced?: boolean;
  keyword?: "stop" | "start" | "help";
};

type RoundRow = typeof pbRounds.$inferSelect;

/**
 * The round an SMS is for: the one named by its first word (the round key), else the municipality's
 * only round in voting; with none in voting, the one that opened voting last (it answers "closed").
 */
async function roundFor(
  deps: PbDeps,
  tenantId: string,
  body: string,
  roundId?: string,
): Promise<{ round: RoundRow; body: string } | null> {
  if (roundId) {
    const [r] = await deps.db.db
      .select()
      .from(pbRounds)
      .where(and(eq(pbRounds.id, roundId), eq(pbRounds.tenantId, tenantId)));
    return r ? { round: r, body } : null;
  }
  const voting = await deps.db.db
    .select()
    .from(pbRounds)
    .where(and(eq(pbRounds.tenantId, tenantId), eq(pbRounds.phase, "voting")));
  const first = body.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  const named = voting.find((r) => r.key === first);
  if (named) return { round: named, body: body.trim().slice(first.length) };
  if (voting.length === 1) return { round: voting[0]!, body };
  if (voting.length) return null;
  // No round in voting: the round that voted last, so a late SMS hears that voting has closed.
  const [last] = await deps.db.db
    .select()
    .from(pbRounds)
    .where(and(eq(pbRounds.tenantId, tenantId), isNotNull(pbRounds.rulesFrozenAt)))
    .orderBy(desc(pbRounds.rulesFrozenAt))
    .limit(1);
  return last ? { round: last, body } : null;
}

/** The feasible projects of the round with their area (codes are unique in a round). */
async function projectsOf(deps: PbDeps, roundId: string) {
  return deps.db.db
    .select({
      code: pbProposals.code,
      title: pbProposals.title,
      cost: pbProposals.officialCost,
      areaId: pbProposals.areaId,
    })
    .from(pbProposals)
    .where(and(eq(pbProposals.roundId, roundId), eq(pbProposals.status, "feasible")))
    .orderBy(asc(pbProposals.createdAt), asc(pbProposals.code));
}

/**
 * The person with this phone. An inbound SMS from the number proves the phone as well as a code
 * sent to it would, so an unverified number is marked verified and an unknown one gets a person.
 */
async function personForPhone(deps: PbDeps, phone: string, locale: Locale): Promise<string | null> {
  const now = deps.now();
  // A person known only by this phone speaks the language we are answering in.
  await deps.db.db
    .insert(persons)
    .values({ phone, phoneVerifiedAt: now, locale, createdAt: now })
    .onConflictDoNothing();
  const [p] = await deps.db.db
    .select({ id: persons.id, deletedAt: persons.deletedAt, verified: persons.phoneVerifiedAt, locale: persons.locale })
    .from(persons)
    .where(eq(persons.phone, phone));
  if (!p || p.deletedAt) return null;
  if (!p.locale)
    await deps.db.db
      .update(persons)
      .set({ locale })
      .where(and(eq(persons.id, p.id), isNull(persons.locale)));
  if (!p.verified)
    await deps.db.db
      .update(persons)
      .set({ phoneVerifiedAt: now })
      .where(and(eq(persons.id, p.id), isNull(persons.phoneVerifiedAt)));
  return p.id;
}

function translator(locale: string): { t: SmsT; locale: Locale } {
  const l = ((LOCALES as readonly string[]).includes(locale) ? locale : "nb") as Locale;
  return { t: i18nFor(l).getFixedT(l, "budgeting") as unknown as SmsT, locale: l };
}

function closesAtText(round: RoundRow, locale: Locale): string | null {
  const end = round.phaseDates.voting?.endsAt;
  if (!end) return null;
  return new Intl.DateTimeFormat(locale === "se" ? "nb" : locale, {
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Oslo",
  }).format(new Date(end));
}

const titleOf = (round: RoundRow, locale: Locale) =>
  round.title[locale] ?? round.title.nb ?? Object.values(round.title).find(Boolean) ?? round.key;

/** The instructions for a round, for the invitation SMS ("reply with the codes of up to 5 projects"). */
export async function smsBallotInstructions(
  deps: PbDeps,
  input: { tenantId: string; roundId: string; areaKey?: string | null; locale: string },
): Promise<string | null> {
  const found = await roundFor(deps, input.tenantId, "", input.roundId);
  if (!found) return null;
  const { round } = found;
  const { t, locale } = translator(input.locale);
  const areas = await deps.db.db.select().from(pbAreas).where(eq(pbAreas.roundId, round.id));
  const area = areas.find((a) => a.key === input.areaKey) ?? null;
  const rows = (await projectsOf(deps, round.id)).filter((p) => (p.areaId ?? null) === (area?.id ?? null));
  const projects: SmsProject[] = rows.map((p) => ({ code: p.code, title: p.title, cost: p.cost ?? 0n }));
  return smsInstructions(t, {
    roundTitle: titleOf(round, locale),
    rules: round.rules.ballot,
    budget: area?.budget ?? round.budget,
    scale: round.scale,
    projects,
    minAge: round.eligibility.minAge ?? null,
    closesAt: closesAtText(round, locale),
  });
}

/**
 * Handles one inbound SMS as a ballot. `from` is the sender in E.164 (Twilio's `From`). Returns the
 * reply to send (null for STOP/START, which Twilio answers itself) and what happened.
 */
export async function receiveSmsBallot(
  deps: PbDeps,
  input: { tenantId: string; from: string; body: string; locale: string; roundId?: string },
): Promise<SmsBallotReply> {
  const { t, locale } = translator(input.locale);
  const phone = parseE164(input.from);
  const found = await roundFor(deps, input.tenantId, input.body, input.roundId);
  if (!found || !phone.ok) return { outcome: "no-round", reply: null };
  const { round } = found;
  const roundTitle = titleOf(round, locale);
  const kind = round.rules.ballot.kind;
  const rows = await projectsOf(deps, round.id);
  const parsed = parseSmsBallot(found.body, locale, kind);
  if (parsed.kind === "keyword") {
    return parsed.keyword === "help"
      ? { outcome: "help", keyword: "help", reply: t("sms.help", { round: roundTitle }) }
      : { outcome: "keyword", keyword: parsed.keyword, reply: null };
  }
  if (round.phase !== "voting") return { outcome: "closed", reply: t("sms.closed", { round: roundTitle }) };
  // With areas, the ballot is for the area of the first code on the ballot (each area has its own codes).
  const areas = await deps.db.db.select().from(pbAreas).where(eq(pbAreas.roundId, round.id));
  const firstCode =
    parsed.kind === "ballot" ? parsed.ballot.projects.find((c) => rows.some((r) => r.code === c)) : undefined;
  const areaId = rows.find((r) => r.code === firstCode)?.areaId ?? areas[0]?.id ?? null;
  const area = areas.find((a) => a.id === areaId) ?? null;
  const projects: SmsProject[] = rows
    .filter((r) => (r.areaId ?? null) === (area?.id ?? null))
    .map((r) => ({ code: r.code, title: r.title, cost: r.cost ?? 0n }));
  if (parsed.kind === "empty")
    return {
      outcome: "unreadable",
      reply: smsInstructions(t, {
        roundTitle,
        rules: round.rules.ballot,
        budget: area?.budget ?? round.budget,
        scale: round.scale,
        projects,
        minAge: round.eligibility.minAge ?? null,
        closesAt: closesAtText(round, locale),
      }),
    };
  if (parsed.kind === "unreadable")
    return { outcome: "unreadable", reply: smsUnreadable(t, parsed.tokens, kind, projects) };
  const personId = await personForPhone(deps, phone.value, locale);
  if (!personId) return { outcome: "not-eligible", reply: t("sms.notEligible", { round: roundTitle }) };
  // Sending the ballot after the instructions (which state the minimum age) is the age confirmation.
  const r = await castBallot(
    deps,
    { id: personId },
    {
      tenantId: input.tenantId,
      roundId: round.id,
      areaKey: area?.key ?? null,
      ballot: parsed.ballot,
      ageConfirmed: true,
    },
    "sms",
  );
  if (!r.ok) {
    if (r.error.code === "errors.votingClosed")
      return { outcome: "closed", reply: t("sms.closed", { round: roundTitle }) };
    if (r.error.ballotErrors) {
      const errors = r.error.ballotErrors.map((e) =>
        Object.fromEntries(
          Object.entries(e).map(([k, v]) => [
            k,
            (k === "total" || k === "limit") && typeof v === "string" ? BigInt(v) : v,
          ]),
        ),
      ) as unknown as BallotError[];
      return { outcome: "invalid", reply: smsBallotErrors(t, errors, round.scale) };
    }
    return { outcome: "not-eligible", reply: t("sms.notEligible", { round: roundTitle }) };
  }
  const reply = smsConfirmation(t, {
    roundTitle,
    kind,
    ballot: parsed.ballot,
    projects,
    budget: area?.budget ?? round.budget,
    scale: round.scale,
    receipt: r.value.receipt,
    replaced: r.value.replaced,
    closesAt: closesAtText(round, locale),
  });
  return { outcome: "cast", reply, receipt: r.value.receipt, replaced: r.value.replaced };
}

// ---------------------------------------------------------------------------
// Wiring into the SMS module's inbound dispatcher (app/modules/sms/README.md, "Using SMS from another module").

/** Keywords that start an SMS ballot without an earlier message: "PB P1 P4", "BUDSJETT vadso P1 P4". */
export const PB_SMS_KEYWORDS = ["PB", "BUDSJETT"] as const;

/** Which municipality a keyword ballot is for: a first word naming it (slug), else the only one with a round in voting. */
async function tenantFor(deps: PbDeps, args: string): Promise<{ tenantId: string; body: string } | null> {
  const first = args.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (first) {
    const [m] = await deps.db.db
      .select({ id: municipalities.id })
      .from(municipalities)
      .where(sql`${municipalities.slug} = ${first} or ${first} = any(${municipalities.slugAliases})`);
    if (m) return { tenantId: m.id, body: args.trim().slice(first.length) };
  }
  const voting = await deps.db.db
    .selectDistinct({ tenantId: pbRounds.tenantId })
    .from(pbRounds)
    .where(eq(pbRounds.phase, "voting"));
  return voting.length === 1 ? { tenantId: voting[0]!.tenantId, body: args } : null;
}

/** The same deps with every query on the dispatcher's transaction (one connection: PGlite has only one). */
const onTx = <D extends PbDeps>(deps: D, tx: unknown): D => ({ ...deps, db: { ...deps.db, db: tx as Db } });

const handler: SmsHandler = {
  async onReply(ctx) {
    const deps = onTx(ctx.deps as unknown as PbDeps, ctx.tx);
    // The conversation's language (after a switch, the new one), else the sender's; unknown: the municipality's.
    const locale = ctx.lang;
    const ref = ctx.conversation?.ref as { roundId?: string } | undefined;
    if (ctx.conversation?.tenantId && ref?.roundId) {
      const r = await receiveSmsBallot(deps, {
        tenantId: ctx.conversation.tenantId,
        roundId: ref.roundId,
        from: ctx.phone,
        body: ctx.text,
        locale,
      });
      // The conversation stays open: a new message changes the ballot until voting closes (the last counts).
      return { reply: r.reply ?? undefined, close: r.outcome === "closed" };
    }
    const target = await tenantFor(deps, ctx.args);
    if (!target) return { reply: translator(locale).t("sms.noRound") };
    const lang = ctx.langKnown ? locale : await tenantLocale(deps.db.db, target.tenantId);
    const r = await receiveSmsBallot(deps, {
      tenantId: target.tenantId,
      from: ctx.phone,
      body: target.body,
      locale: lang,
    });
    return { reply: r.reply ?? (r.outcome === "no-round" ? translator(lang).t("sms.noRound") : undefined) };
  },
};

/** Registers the PB keyword flow and the reply handler for invitations sent with conversation kind "budgeting.ballot". Idempotent. */
export function registerBudgetingSms(): void {
  registerSmsKeyword(PB_SMS_KEYWORDS, "budgeting.vote", handler);
  registerSmsHandler("budgeting.ballot", handler);
}
