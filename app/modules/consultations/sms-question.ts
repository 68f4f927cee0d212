import { parseReply, type Expecting, type InvalidReason, type ReplyLocale } from "#app/modules/sms/replies.ts";
import type { QuestionKind } from "./report.ts";

// A consultation question asked by SMS (issue 18; docs/decisions/065-consultation-questions-by-sms.md).
// Pure: what the recipient may answer (numbered options, a scale's range, own words) and how a
// reply is read into the same answer the web form gives. Whether that answer is valid is then
// decided by the web's own command (answerQuestions), so both channels follow one rule.

export interface SmsQuestion {
  id: string;
  kind: QuestionKind;
  options: readonly { id: string }[];
  scaleMin: number | null;
  scaleMax: number | null;
}

/** The reminder choices staff have, in hours before the deadline (none is the default). */
export const REMINDER_HOURS = [6, 12, 24, 48, 72] as const;

export const scaleRange = (q: SmsQuestion) => ({ min: q.scaleMin ?? 1, max: q.scaleMax ?? 5 });

/** What the recipient types: option numbers 1…n, or the scale's values; none for free text. */
export function smsLabels(q: SmsQuestion): string[] {
  if (q.kind === "single" || q.kind === "multi") return q.options.map((_o, i) => String(i + 1));
  if (q.kind === "scale") {
    const { min, max } = scaleRange(q);
    return Array.from({ length: Math.max(0, max - min + 1) }, (_x, i) => String(min + i));
  }
  return [];
}

/** The reply grammar for the question (app/modules/sms/replies.ts). */
export function smsExpecting(q: SmsQuestion): Expecting {
  if (q.kind === "text") return { kind: "free" };
  const options = smsLabels(q);
  return { kind: "choices", options, min: 1, max: q.kind === "multi" ? options.length : 1 };
}

export interface SmsAnswer {
  questionId: string;
  options?: string[];
  scale?: number | null;
  text?: string | null;
}

export type SmsAnswerRead = { ok: true; answer: SmsAnswer } | { ok: false; reason: InvalidReason };

/** Reads a reply as an answer to the question, in the reader's language (digits in any script). */
export function readSmsAnswer(q: SmsQuestion, text: string, lang: ReplyLocale): SmsAnswerRead {
  const parsed = parseReply(text, lang, smsExpecting(q));
  if (q.kind === "text") {
    if (parsed.kind === "text" && parsed.text.trim())
      return { ok: true, answer: { questionId: q.id, text: parsed.text } };
    return { ok: false, reason: parsed.kind === "invalid" ? parsed.reason : "unrecognized" };
  }
  if (parsed.kind === "invalid") return { ok: false, reason: parsed.reason };
  if (parsed.kind !== "choices" || !parsed.values.length) return { ok: false, reason: "unrecognized" };
  if (q.kind === "scale") return { ok: true, answer: { questionId: q.id, scale: Number(parsed.values[0]) } };
  const ids = parsed.values.map((v) => q.options[Number(v) - 1]?.id);
  if (ids.some((id) => !id)) return { ok: false, reason: "outOfRange" };
  return { ok: true, answer: { questionId: q.id, options: ids as string[] } };
}
