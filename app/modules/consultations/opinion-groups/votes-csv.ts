// Reads Polis openData's votes.csv: one row per vote cast, a re-vote adds a row.
//   timestamp,datetime,comment-id,voter-id,vote
//   1403054214196,Wed Jun 18 08:16:54 WIB 2014,0,0,0
// timestamp: milliseconds (an integer); datetime: free text, ignored; comment-id and voter-id:
// non-negative integers; vote: 1 agree, -1 disagree, 0 pass. Columns may come in any order;
// `datetime` may be absent; any other column, a missing column or an unknown value is an error
// that names its line (1 = the header).
import type { Vote, VoteValue } from "./matrix.ts";

export type VotesCsv = { ok: true; votes: Vote[] } | { ok: false; line: number; message: string };

const REQUIRED = ["timestamp", "comment-id", "voter-id", "vote"] as const;
const OPTIONAL = ["datetime"];

/** Splits CSV text into records (RFC 4180 quoting), each with the line on which it starts. */
export function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let startLine = 1;
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      any = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      any = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && s[i + 1] === "\n") i++;
      if (any || field !== "") yield { line: startLine, fields: [...fields, field] };
      fields = [];
      field = "";
      any = false;
      line++;
      startLine = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== "") yield { line: startLine, fields: [...fields, field] };
}

const INTEGER = /^(0|[1-9][0-9]*)$/;

export function parseVotesCsv(text: string): VotesCsv {
  const it = csvRecords(text);
  const head = it.next();
  if (head.done) return { ok: false, line: 1, message: "empty file; expected a header row" };
  const header = head.value.fields.map((h) => h.trim());
  const column = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    if (!(REQUIRED as readonly string[]).includes(name) && !OPTIONAL.includes(name)) {
      return {
        ok: false,
        line: 1,
        message: `unknown column "${name}"; expected ${[...REQUIRED, ...OPTIONAL].join(", ")}`,
      };
    }
    if (column.has(name)) return { ok: false, line: 1, message: `column "${name}" appears twice` };
    column.set(name, i);
  }
  for (const name of REQUIRED) {
    if (!column.has(name)) return { ok: false, line: 1, message: `missing column "${name}"` };
  }
  const at = (fields: string[], name: string) => fields[column.get(name)!]!.trim();
  const votes: Vote[] = [];
  for (const { line, fields } of it) {
    if (fields.length !== header.length) {
      return { ok: false, line, message: `${fields.length} fields; the header has ${header.length}` };
    }
    const timestamp = at(fields, "timestamp");
    if (!INTEGER.test(timestamp)) return { ok: false, line, message: `timestamp is not an integer: "${timestamp}"` };
    const statement = at(fields, "comment-id");
    if (!INTEGER.test(statement)) return { ok: false, line, message: `comment-id is not an integer: "${statement}"` };
    const participant = at(fields, "voter-id");
    if (!INTEGER.test(participant)) return { ok: false, line, message: `voter-id is not an integer: "${participant}"` };
    const vote = at(fields, "vote");
    if (vote !== "1" && vote !== "-1" && vote !== "0") {
      return { ok: false, line, message: `vote is not 1, -1 or 0: "${vote}"` };
    }
    votes.push({ participant, statement, vote: Number(vote) as VoteValue, time: Number(timestamp) });
  }
  return { ok: true, votes };
}

export type ModeratedOut = { ok: true; statements: string[] } | { ok: false; line: number; message: string };

/**
 * The statements moderated out (`moderated` = -1) in Polis openData's comments.csv. Only the
 * columns `comment-id` and `moderated` are read; the others (text, author, counts) are ignored.
 */
export function parseModeratedOut(text: string): ModeratedOut {
  const it = csvRecords(text);
  const head = it.next();
  if (head.done) return { ok: false, line: 1, message: "empty file; expected a header row" };
  const header = head.value.fields.map((h) => h.trim());
  const id = header.indexOf("comment-id");
  const moderated = header.indexOf("moderated");
  if (id < 0) return { ok: false, line: 1, message: 'missing column "comment-id"' };
  if (moderated < 0) return { ok: false, line: 1, message: 'missing column "moderated"' };
  const statements: string[] = [];
  for (const { line, fields } of it) {
    if (fields.length !== header.length) {
      return { ok: false, line, message: `${fields.length} fields; the header has ${header.length}` };
    }
    const comment = fields[id]!.trim();
    if (!INTEGER.test(comment)) return { ok: false, line, message: `comment-id is not an integer: "${comment}"` };
    const m = fields[moderated]!.trim();
    if (m !== "1" && m !== "0" && m !== "-1")
      return { ok: false, line, message: `moderated is not 1, 0 or -1: "${m}"` };
    if (m === "-1") statements.push(comment);
  }
  return { ok: true, statements };
}
