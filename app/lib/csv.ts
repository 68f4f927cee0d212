// The one way Medvirk reads and writes CSV: csv-parse and csv-stringify
// (docs/decisions/055-cli-csv-and-lint-tooling.md), with one formula-injection
// guard for every file a spreadsheet may open. Pure (no I/O).
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

// ---------------------------------------------------------------- reading

export interface CsvRow {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
}

export interface ReadCsvOptions {
  /** Field separator (default ","). */
  readonly delimiter?: string;
  /** Trim whitespace around unquoted fields and around the quotes of quoted ones (default false). */
  readonly trim?: boolean;
  /** An unterminated quoted field runs to the end of the text instead of being an error (default false). */
  readonly lenient?: boolean;
}

/** A CSV that cannot be read; `line` is where the offending record starts. */
export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    readonly reason: "unterminatedQuote" | "malformed",
    message: string,
  ) {
    super(message);
    this.name = "CsvReadError";
  }
}

/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and line
 * breaks; a quote inside an unquoted field is kept as is. A BOM is dropped,
 * blank lines are skipped, rows may have different lengths, and CRLF, LF and
 * CR line ends may be mixed. Each row carries the line it starts on.
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): CsvRow[] {
  let records: string[][];
  const ends: number[] = []; // byte offset where each record ends
  try {
    records = parse(text, {
      bom: true,
      delimiter: options.delimiter ?? ",",
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: options.trim ?? false,
      on_record: (record, context) => {
        ends.push(context.bytes);
        return record;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    if (options.lenient && e.code === "CSV_QUOTE_NOT_CLOSED")
      return readCsv(`${text}"`, { ...options, lenient: false });
    // The offending record starts after the last one read.
    const line = new LineCounter(text, options.trim ?? false).startOfRecordAt(ends.at(-1) ?? 0);
    if (e.code === "CSV_QUOTE_NOT_CLOSED")
      throw new CsvReadError(line, "unterminatedQuote", "unterminated quoted field");
    const message = (e.message.split("\n")[0] ?? e.code).replace(/,? at line \d+.*$/, "");
    throw new CsvReadError(line, "malformed", message);
  }
  // csv-parse counts a CRLF inside a quoted field as two lines, so lines are counted here, from the
  // byte offset where each record ends (in UTF-8, as csv-parse reads the text).
  const lines = new LineCounter(text, options.trim ?? false);
  const out: CsvRow[] = [];
  let end = 0;
  for (const [i, record] of records.entries()) {
    const line = lines.startOfRecordAt(end);
    end = ends[i]!;
    // A record of one empty field (a blank line, or just "") is no record.
    if (!(record.length === 1 && record[0] === "")) out.push({ line, fields: record });
  }
  return out;
}

/** Physical lines (CRLF, LF or CR each end one) of a text, walked by UTF-8 byte offset. */
class LineCounter {
  private readonly bytes: Uint8Array;
  private pos = 0;
  private line = 1;
  constructor(
    text: string,
    private readonly skipWhitespaceLines: boolean,
  ) {
    this.bytes = new TextEncoder().encode(text);
    if (this.bytes[0] === 0xef && this.bytes[1] === 0xbb && this.bytes[2] === 0xbf) this.pos = 3;
  }
  /** The line of the first non-blank line at or after byte `offset` (offsets only grow). */
  startOfRecordAt(offset: number): number {
    const b = this.bytes;
    while (this.pos < offset) this.step();
    // Skip blank lines between records (and whitespace-only ones, which csv-parse skips when trimming).
    for (;;) {
      let i = this.pos;
      while (this.skipWhitespaceLines && (b[i] === 0x20 || b[i] === 0x09)) i++;
      if (b[i] !== 0x0a && b[i] !== 0x0d) return this.line;
      while (this.pos <= i) this.step();
    }
  }
  private step() {
    const c = this.bytes[this.pos++];
    if (c === 0x0d) {
      if (this.bytes[this.pos] === 0x0a) this.pos++;
      this.line++;
    } else if (c === 0x0a) this.line++;
  }
}

/** Rows of fields (see readCsv; lenient: an unterminated quote runs to the end). */
export function parseCsv(text: string, delimiter = ","): string[][] {
  return readCsv(text, { delimiter, lenient: true }).map((r) => r.fields);
}

/** Rows as objects keyed by the header row. */
export function parseCsvRecords(text: string, delimiter = ","): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, delimiter);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ""])));
}

// ---------------------------------------------------------------- writing

/** A cell a spreadsheet would run as a formula (or that hides one behind a tab or CR) starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The formula-injection guard (OWASP "CSV injection"): a cell starting with
 * = + - @ tab or CR gets a leading apostrophe, so a spreadsheet shows it as
 * text instead of evaluating it. Negative numbers are therefore written '-1.
 */
export function guardCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export interface WriteCsvOptions {
  /** Apply guardCell to every cell (default true). Off only for files read by programs, never by people. */
  readonly guard?: boolean;
  /** Line end (default "\r\n", as RFC 4180); every row ends with it. */
  readonly eol?: "\r\n" | "\n";
  /** Characters that make a cell quoted besides the delimiter, the quote and line breaks. */
  readonly alsoQuote?: string;
}

/** null/undefined → "", Date → ISO 8601, other objects → JSON, the rest → String(). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Rows to CSV text. Cells are quoted only when they must be (delimiter, quote, CR, LF). */
export function writeCsv(rows: readonly (readonly unknown[])[], options: WriteCsvOptions = {}): string {
  const guard = options.guard ?? true;
  const eol = options.eol ?? "\r\n";
  const text = rows.map((r) => r.map((v) => (guard ? guardCell(cellText(v)) : cellText(v))));
  return stringify(text, {
    record_delimiter: eol,
    // csv-stringify quotes a line break only when it equals the record delimiter; any CR or LF must be quoted.
    quoted_match: ["\r", "\n", ...(options.alsoQuote ? [...options.alsoQuote] : [])],
  });
}
