// Comments as the input report shows them (issue 6). Pure.
//
// Each person becomes "participant N", numbered by their first comment, so a
// reader can follow one person's comments without learning who they are; the
// mapping is never stored. Contact details and national identity numbers
// written into a comment are blanked. Moderation-hidden comments are left out.
export interface CommentFact {
  id: string;
  personKey: string;
  parentId: string | null;
  body: string;
  createdAt: Date;
  /** The display name the person chose to show publicly (null: anonymous). */
  publicName: string | null;
  hidden: boolean;
  supports: number;
}
export interface ReportComment {
  id: string;
  participant: number;
  /** Shown only when the process shows names and the person chose one. */
  name: string | null;
  replyTo: number | null;
  body: string;
  createdAt: Date;
  supports: number;
}
export type NameMode = "pseudonym" | "public-names";

export const REDACTED = "[…]";
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const FNR = /(?<!\d)\d{6}\s?\d{5}(?!\d)/g; // fødselsnummer / D-number: 11 digits
const PHONE = /(?<![\d\w])(?:\+|00)?(?:47[\s-]?)?(?:\d[\s-]?){7}\d(?![\d])/g; // Norwegian: 8 digits, optional +47

export function redact(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(FNR, REDACTED).replace(PHONE, REDACTED);
}

export function pseudonymise(comments: readonly CommentFact[], mode: NameMode): ReportComment[] {
  const sorted = [...comments].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  const numbers = new Map<string, number>();
  for (const c of sorted) if (!c.hidden && !numbers.has(c.personKey)) numbers.set(c.personKey, numbers.size + 1);
  const byId = new Map(sorted.map((c) => [c.id, c]));
  return sorted
    .filter((c) => !c.hidden)
    .map((c) => {
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      return {
        id: c.id,
        participant: numbers.get(c.personKey)!,
        name: mode === "public-names" && c.publicName ? c.publicName : null,
        replyTo: parent && !parent.hidden ? numbers.get(parent.personKey)! : null,
        body: redact(c.body),
        createdAt: c.createdAt,
        supports: c.supports,
      };
    });
}

export const COMMENT_MAX = 4000;

/**
 * A comment's text as stored: trimmed, control characters removed (newlines
 * kept), line endings normalised. Stored as plain text and always rendered
 * as text, so HTML in it is shown, never run.
 */
export function cleanText(raw: string): string {
  return (
    raw
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, "")
      .trim()
  );
}

export type TextError = "empty" | "tooLong";
export function checkComment(
  raw: string,
  max = COMMENT_MAX,
): { ok: true; text: string } | { ok: false; error: TextError } {
  const text = cleanText(raw);
  if (!text) return { ok: false, error: "empty" };
  if ([...text].length > max) return { ok: false, error: "tooLong" };
  return { ok: true, text };
}
