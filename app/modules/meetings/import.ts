import { readCsv } from "#app/lib/csv.ts";
import { parseCaseNumber } from "#app/modules/cases/case-number.ts";

// Parsing and validating an agenda import (format: IMPORT.md). Pure: returns
// the items, or every problem with its line number; nothing is written here.
export interface ImportItem {
  line: number;
  year: number;
  sequence: number;
  title: { nb?: string; nn?: string };
  summary: { nb?: string; nn?: string };
  closed: boolean;
  closedBasis: string | null;
  step: "innstilling" | "uttalelse" | "vedtak" | null;
}
export interface ImportProblem {
  line: number;
  code: string;
  params?: Record<string, string | number>;
}
export type ParsedImport = { ok: true; items: ImportItem[] } | { ok: false; problems: ImportProblem[] };

const TRUE = new Set(["true", "ja", "yes", "1", "x", "lukket", "closed"]);
const FALSE = new Set(["", "false", "nei", "no", "0", "åpen", "open"]);
const STEPS = new Set(["innstilling", "uttalelse", "vedtak"]);
export const MAX_IMPORT_ITEMS = 200;

type Raw = Record<string, unknown>;

function validate(rows: { line: number; raw: Raw }[]): ParsedImport {
  const problems: ImportProblem[] = [];
  const items: ImportItem[] = [];
  const seen = new Map<string, number>();
  if (!rows.length) return { ok: false, problems: [{ line: 1, code: "import.empty" }] };
  if (rows.length > MAX_IMPORT_ITEMS)
    return { ok: false, problems: [{ line: 1, code: "import.tooMany", params: { max: MAX_IMPORT_ITEMS } }] };
  for (const { line, raw } of rows) {
    const str = (k: string) => {
      const v = raw[k];
      return typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "";
    };
    const before = problems.length;
    const numberText = str("case_number") || str("caseNumber");
    const number = parseCaseNumber(numberText);
    if (!number) problems.push({ line, code: "import.badCaseNumber", params: { value: numberText.slice(0, 40) } });
    const title = { nb: str("title") || str("title_nb") || undefined, nn: str("title_nn") || undefined };
    if (!title.nb && !title.nn) problems.push({ line, code: "import.missingTitle" });
    if ((title.nb?.length ?? 0) > 500 || (title.nn?.length ?? 0) > 500)
      problems.push({ line, code: "import.titleTooLong" });
    const closedRaw = raw.closed;
    let closed: boolean | null;
    if (typeof closedRaw === "boolean") closed = closedRaw;
    else {
      const c = str("closed").toLowerCase();
      closed = TRUE.has(c) ? true : FALSE.has(c) ? false : null;
    }
    if (closed === null)
      problems.push({ line, code: "import.badClosed", params: { value: str("closed").slice(0, 20) } });
    const basis = str("closed_basis") || str("closedBasis");
    if (closed && !basis) problems.push({ line, code: "import.closedNeedsBasis" });
    const step = (str("step") || "").toLowerCase();
    if (step && !STEPS.has(step)) problems.push({ line, code: "import.badStep", params: { value: step.slice(0, 20) } });
    if (number) {
      const key = `${number.year}/${number.sequence}`;
      const first = seen.get(key);
      if (first) problems.push({ line, code: "import.duplicateCase", params: { number: key, first } });
      else seen.set(key, line);
    }
    if (problems.length === before && number)
      items.push({
        line,
        year: number.year,
        sequence: number.sequence,
        title,
        summary: { nb: str("summary") || str("summary_nb") || undefined, nn: str("summary_nn") || undefined },
        closed: !!closed,
        closedBasis: closed ? basis : null,
        step: (step || null) as ImportItem["step"],
      });
  }
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

export function parseCsvImport(text: string): ParsedImport {
  const delimiter = (text.split(/\r?\n/, 1)[0] ?? "").includes(";") ? ";" : ",";
  const [header, ...body] = readCsv(text, { delimiter, lenient: true });
  if (!header) return { ok: false, problems: [{ line: 1, code: "import.empty" }] };
  const cols = header.fields.map((h) => h.trim().toLowerCase());
  if (
    !cols.includes("case_number") ||
    !(cols.includes("title") || cols.includes("title_nb") || cols.includes("title_nn"))
  )
    return { ok: false, problems: [{ line: 1, code: "import.badHeader" }] };
  return validate(
    body.map((r) => ({ line: r.line, raw: Object.fromEntries(cols.map((c, j) => [c, r.fields[j] ?? ""])) })),
  );
}

export function parseJsonImport(text: string): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // Node 20's message carries no position on every error; find it ourselves.
    const pos = /position (\d+)/.exec(String((e as Error).message));
    const at = pos ? Number(pos[1]) : jsonErrorOffset(text);
    const line = text.slice(0, at).split("\n").length;
    return { ok: false, problems: [{ line, code: "import.badJson" }] };
  }
  const list = Array.isArray(data) ? data : (data as { items?: unknown })?.items;
  if (!Array.isArray(list)) return { ok: false, problems: [{ line: 1, code: "import.badJsonShape" }] };
  const starts = arrayElementLines(text, Array.isArray(data));
  const rows: { line: number; raw: Raw }[] = [];
  const problems: ImportProblem[] = [];
  list.forEach((el, i) => {
    const line = starts[i] ?? 1;
    if (!el || typeof el !== "object" || Array.isArray(el)) problems.push({ line, code: "import.notAnObject" });
    else {
      const o = el as Raw;
      const t = o.title;
      const s = o.summary;
      rows.push({
        line,
        raw: {
          ...o,
          ...(t && typeof t === "object" ? { title_nb: (t as Raw).nb, title_nn: (t as Raw).nn, title: undefined } : {}),
          ...(s && typeof s === "object"
            ? { summary_nb: (s as Raw).nb, summary_nn: (s as Raw).nn, summary: undefined }
            : {}),
        },
      });
    }
  });
  if (problems.length) return { ok: false, problems };
  return validate(rows);
}

/** The line where each element of the item array starts (top-level array, or the "items" array). */
function arrayElementLines(text: string, topLevel: boolean): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let target = topLevel ? 1 : -1; // depth of the items array's contents
  let expectValue = false;
  let lastKey = "";
  let keyBuf = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') {
        inString = false;
        lastKey = keyBuf;
      } else keyBuf += c;
      continue;
    }
    if (c === '"') {
      if (depth === target && expectValue) {
        out.push(line);
        expectValue = false;
      }
      inString = true;
      keyBuf = "";
      continue;
    }
    if (c === "[" || c === "{") {
      if (depth === target && expectValue) {
        out.push(line);
        expectValue = false;
      }
      if (c === "[" && target < 0 && depth === 1 && lastKey === "items") target = 2;
      depth++;
      if (depth === target && c === "[") expectValue = true;
      continue;
    }
    if (c === "]" || c === "}") {
      depth--;
      continue;
    }
    if (c === "," && depth === target) {
      expectValue = true;
      continue;
    }
    if (/\S/.test(c) && depth === target && expectValue) {
      out.push(line);
      expectValue = false;
    }
  }
  return out;
}

export function parseImport(text: string, format: "json" | "csv"): ParsedImport {
  return format === "json" ? parseJsonImport(text) : parseCsvImport(text);
}

/** Offset of the first JSON syntax error (a small recursive-descent checker). */
export function jsonErrorOffset(t: string): number {
  let i = 0;
  const ws = () => {
    while (i < t.length && /[\s]/.test(t[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = t[i];
    if (c === "{") {
      i++;
      ws();
      if (t[i] === "}") return void i++;
      for (;;) {
        ws();
        if (t[i] !== '"') fail();
        str();
        ws();
        if (t[i] !== ":") fail();
        i++;
        value();
        ws();
        if (t[i] === ",") i++;
        else if (t[i] === "}") return void i++;
        else fail();
      }
    } else if (c === "[") {
      i++;
      ws();
      if (t[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (t[i] === ",") i++;
        else if (t[i] === "]") return void i++;
        else fail();
      }
    } else if (c === '"') str();
    else {
      const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(t.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const str = () => {
    i++;
    while (i < t.length && t[i] !== '"') i += t[i] === "\\" ? 2 : 1;
    if (i >= t.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < t.length ? i : t.length;
  } catch (at) {
    return typeof at === "number" ? at : 0;
  }
}
