import { parseReply, type ReplyLocale } from "#app/modules/sms/replies.ts";

// A reply to an opinion statement sent by SMS (issue 23; docs/decisions/066-statements-by-sms-and-groups-in-the-report.md).
// Pure: "1" agree, "2" disagree, "3" pass (digits in any script, as the SMS module reads them),
// or the yes / no words the SMS module knows in our eight languages (plus Norwegian and English,
// which people answer in whatever we wrote). What a wrong reply was is said back with the how-to.

/** The labels the recipient types, in the order agree, disagree, pass. */
export const STATEMENT_SMS_LABELS = ["1", "2", "3"] as const;
const VOTE_OF: Record<(typeof STATEMENT_SMS_LABELS)[number], 1 | -1 | 0> = { "1": 1, "2": -1, "3": 0 };

export type StatementReplyProblem = "empty" | "unrecognized" | "outOfRange" | "tooMany";
export type StatementReply = { ok: true; vote: 1 | -1 | 0 } | { ok: false; reason: StatementReplyProblem };

export function readStatementReply(text: string, lang: ReplyLocale): StatementReply {
  const choice = parseReply(text, lang, { kind: "choices", options: STATEMENT_SMS_LABELS, min: 1, max: 1 });
  if (choice.kind === "choices" && choice.values.length === 1)
    return { ok: true, vote: VOTE_OF[choice.values[0] as (typeof STATEMENT_SMS_LABELS)[number]] };
  const yesNo = parseReply(text, lang, { kind: "yesno" });
  if (yesNo.kind === "yes") return { ok: true, vote: 1 };
  if (yesNo.kind === "no") return { ok: true, vote: -1 };
  if (choice.kind === "invalid" && (choice.reason === "empty" || choice.reason === "outOfRange"))
    return { ok: false, reason: choice.reason };
  if (choice.kind === "invalid" && choice.reason === "tooMany") return { ok: false, reason: "tooMany" };
  return { ok: false, reason: "unrecognized" };
}
