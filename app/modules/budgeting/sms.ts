// Voting by SMS: reading a ballot from a text message and writing the
// replies (instructions, confirmation with a summary, errors). Pure: the
// command in sms.server.ts finds the voter and casts the ballot with the same
// castBallot as the web page, so the same rules (rules.ts) apply.
//
// Grammar (README.md, "Voting by SMS"):
// - a project code is `P7`, `p7`, `P 7` or just `7` (Cyrillic `Р7` too);
// - codes are separated by spaces, commas, semicolons, full stops, slashes,
//   `+`, `&` or a word for "and" (og, and, i, ja, та, iyo, و);
// - cumulative ballots give points after the code: `P1:3`, `P1=3`, `P1x3`
//   or `P1 3` (a bare number after a code is its points);
// - ranking ballots keep the order written, most preferred first;
// - a repeated code counts once (approval, knapsack, ranking: first place).
// Opt-out/opt-in/help keywords are recognised first (app/modules/sms/replies.ts).
import { analyzeSms } from "#app/modules/sms/segments.ts";
import { parseReply, REPLY_LOCALES, type ReplyLocale } from "#app/modules/sms/replies.ts";
import { foldForMatch } from "#app/modules/sms/text.ts";
import type { StoredBallotRules } from "./round.ts";
import type { Ballot, BallotError } from "./rules.ts";

export type SmsBallotParse =
  | { kind: "keyword"; keyword: "stop" | "start" | "help" }
  | { kind: "empty" }
  | { kind: "ballot"; ballot: Ballot }
  | { kind: "unreadable"; tokens: string[] };

const AND_WORDS = new Set(["og", "and", "i", "oraz", "ja", "та", "і", "й", "iyo", "و"]);

/** "p7" / "7" / "р7" → "P7"; null when the token is not a code. */
function codeOf(token: string): string | null {
  const m = /^[pр]?(\d{1,4})$/u.exec(token);
  return m ? `P${Number(m[1])}` : null;
}

/** Reads an inbound SMS as a ballot of the given kind. Codes not on the ballot are kept (validateBallot names them). */
export function parseSmsBallot(text: string, locale: string, kind: StoredBallotRules["kind"]): SmsBallotParse {
  const loc = ((REPLY_LOCALES as readonly string[]).includes(locale) ? locale : "nb") as ReplyLocale;
  const reply = parseReply(text, loc, { kind: "free" });
  if (reply.kind === "stop" || reply.kind === "start" || reply.kind === "help")
    return { kind: "keyword", keyword: reply.kind };
  if (reply.kind === "invalid") return { kind: "empty" };
  // Fold case, accents and digit forms; join "P 7" → "p7" and "P1 : 3" → "p1:3".
  const folded = foldForMatch(text)
    .replace(/([pр])\s+(?=\d)/gu, "$1")
    .replace(/\s*([:=])\s*/g, "$1");
  const tokens = folded.split(/[\s,;./+&،、]+/u).filter((x) => x !== "" && !AND_WORDS.has(x));
  if (!tokens.length) return { kind: "empty" };
  const projects: string[] = [];
  const points: number[] = [];
  const bad: string[] = [];
  const cumulative = kind === "cumulative";
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (cumulative) {
      const m = /^([pр]?\d{1,4})(?:[:=x*](\d{1,6}))?$/u.exec(tok);
      const code = m ? codeOf(m[1]!) : null;
      if (!m || !code) {
        bad.push(tok);
        continue;
      }
      let p = m[2];
      // "P1 3": a bare number right after a code with its P is the code's points.
      if (p === undefined && /^[pр]/u.test(m[1]!) && /^\d{1,6}$/.test(tokens[i + 1] ?? "")) p = tokens[++i];
      if (p === undefined) {
        bad.push(tok);
        continue;
      }
      const at = projects.indexOf(code);
      if (at >= 0) points[at]! += Number(p);
      else {
        projects.push(code);
        points.push(Number(p));
      }
      continue;
    }
    const code = codeOf(tok);
    if (!code) bad.push(tok);
    else if (!projects.includes(code)) projects.push(code);
  }
  if (bad.length) return { kind: "unreadable", tokens: bad.slice(0, 3) };
  return { kind: "ballot", ballot: cumulative ? { projects, points } : { projects } };
}

// ---------------------------------------------------------------------------
// Replies

/** A translator for the "budgeting" namespace (i18next's `t` fits). */
export type SmsT = (key: string, params?: Record<string, unknown>) => string;

/** Money for SMS: plain spaces (a no-break space is not GSM-7 and would make the message UCS-2). */
export function smsMoney(units: bigint | string, scale = 0): string {
  const v = BigInt(units);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const unit = 10n ** BigInt(scale);
  const int = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const frac = scale ? `,${(abs % unit).toString().padStart(scale, "0").slice(0, 2).padEnd(2, "0")}` : "";
  return `${neg ? "-" : ""}${int}${frac} kr`;
}

export type SmsProject = { code: string; title: string; cost: bigint };

/** An example ballot from the first projects, for the instructions. */
function example(kind: StoredBallotRules["kind"], projects: readonly SmsProject[]): string {
  const codes = projects.slice(0, 2).map((p) => p.code);
  if (!codes.length) codes.push("P1");
  return kind === "cumulative" ? codes.map((c, i) => `${c}:${i ? 1 : 2}`).join(" ") : codes.join(" ");
}

/** "Reply with the codes of up to 5 projects, e.g. P1 P4." and the list of projects. */
export function smsInstructions(
  t: SmsT,
  input: {
    roundTitle: string;
    rules: StoredBallotRules;
    budget: bigint;
    scale: number;
    projects: readonly SmsProject[];
    minAge?: number | null;
    closesAt?: string | null;
  },
): string {
  const r = input.rules;
  const ex = example(r.kind, input.projects);
  const how =
    r.kind === "approval"
      ? r.maxProjects
        ? t("sms.howApprovalMax", { max: r.maxProjects, example: ex })
        : t("sms.howApproval", { example: ex })
      : r.kind === "knapsack"
        ? t("sms.howKnapsack", { budget: smsMoney(input.budget, input.scale), example: ex })
        : r.kind === "cumulative"
          ? t("sms.howCumulative", { points: r.points, example: ex })
          : t("sms.howRanking", { max: r.maxRanked, example: ex });
  const list = input.projects.map((p) => `${p.code} ${p.title} (${smsMoney(p.cost, input.scale)})`).join("\n");
  const parts = [`${input.roundTitle}: ${how}`, list];
  if (input.minAge) parts.push(t("sms.ageNote", { age: input.minAge }));
  parts.push(input.closesAt ? t("sms.changeUntil", { date: input.closesAt }) : t("sms.change"));
  return parts.join("\n");
}

/** The most segments a confirmation may take; titles are shortened (then left out) to fit. */
export const CONFIRMATION_MAX_SEGMENTS = 3;

const shorten = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 3).trimEnd()}...`);

/**
 * The confirmation after a ballot is cast: what was recorded (codes with
 * titles, points or places), the total against the budget for money-limited
 * ballots, how to change it and the receipt code. Fits CONFIRMATION_MAX_SEGMENTS.
 */
export function smsConfirmation(
  t: SmsT,
  input: {
    roundTitle: string;
    kind: StoredBallotRules["kind"];
    ballot: Ballot;
    projects: readonly SmsProject[];
    budget: bigint;
    scale: number;
    receipt: string;
    replaced: boolean;
    closesAt?: string | null;
  },
): string {
  const byCode = new Map(input.projects.map((p) => [p.code, p]));
  const build = (titleLen: number) => {
    const item = (code: string, i: number) => {
      const p = byCode.get(code);
      const title = p && titleLen > 0 ? ` ${shorten(p.title, titleLen)}` : "";
      if (input.kind === "cumulative")
        return `${code}${title}: ${t("sms.points", { n: input.ballot.points?.[i] ?? 0 })}`;
      if (input.kind === "ranking") return `${i + 1}. ${code}${title}`;
      return `${code}${title}`;
    };
    const choices = input.ballot.projects.length ? input.ballot.projects.map(item).join(", ") : t("sms.nothing");
    const parts = [t(input.replaced ? "sms.confirmReplaced" : "sms.confirm", { round: input.roundTitle, choices })];
    if (input.kind === "knapsack" || input.kind === "approval") {
      const total = input.ballot.projects.reduce((s, c) => s + (byCode.get(c)?.cost ?? 0n), 0n);
      parts.push(t("sms.total", { total: smsMoney(total, input.scale), budget: smsMoney(input.budget, input.scale) }));
    }
    parts.push(input.closesAt ? t("sms.changeUntil", { date: input.closesAt }) : t("sms.change"));
    parts.push(t("sms.receipt", { receipt: input.receipt }));
    return parts.join(" ");
  };
  for (const len of [60, 30, 15, 0]) {
    const text = build(len);
    if (analyzeSms(text).segments <= CONFIRMATION_MAX_SEGMENTS || len === 0) return text;
  }
  return build(0);
}

/** The reply to a ballot that breaks the rules: the translated problems and "nothing was recorded". */
export function smsBallotErrors(t: SmsT, errors: readonly BallotError[], scale: number): string {
  const lines = errors.slice(0, 3).map((e) => {
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) params[k] = typeof v === "bigint" ? smsMoney(v, scale) : v;
    return t(`ballotError.${e.code}`, params).replace(/[«»]/g, '"');
  });
  return `${t("sms.notRecorded")} ${lines.join(" ")} ${t("sms.tryAgain")}`;
}

/** The reply to a message we could not read as codes. */
export function smsUnreadable(
  t: SmsT,
  tokens: readonly string[],
  kind: StoredBallotRules["kind"],
  projects: readonly SmsProject[],
): string {
  return t("sms.unreadable", { tokens: tokens.join(" "), example: example(kind, projects) });
}
