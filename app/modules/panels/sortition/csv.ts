// The public instance format of Flanigan et al.'s replication package:
//   categories.csv   category,feature,min,max   (inclusive quotas)
//   respondents.csv  one column per category, one row per pool member
// Parsed from text (no file access here); errors carry file and line.

import { CsvReadError, type CsvRow, readCsv } from "#app/lib/csv.ts";
import type { Quota } from "./instance.ts";

export class InstanceFileError extends Error {
  readonly file: string;
  readonly line: number | null;
  constructor(file: string, line: number | null, message: string) {
    super(`${file}${line === null ? "" : `:${line}`}: ${message}`);
    this.name = "InstanceFileError";
    this.file = file;
    this.line = line;
  }
}

export type CsvRecord = CsvRow;

/** RFC 4180 CSV (app/lib/csv.ts), fields trimmed outside quotes; a broken file is an InstanceFileError with its line. */
export function parseCsv(text: string, file: string): CsvRecord[] {
  try {
    return readCsv(text, { trim: true });
  } catch (e) {
    if (e instanceof CsvReadError) throw new InstanceFileError(file, e.line, e.message);
    throw e;
  }
}

export interface ParsedCategories {
  readonly quotas: Quota[];
  /** Line of each quota in the file. */
  readonly lines: number[];
}

const COUNT = /^\d+$/;

export function parseCategories(text: string, file = "categories.csv"): ParsedCategories {
  const records = parseCsv(text, file);
  const header = records[0];
  if (!header) throw new InstanceFileError(file, null, "file is empty");
  const names = header.fields.map((f) => f.toLowerCase());
  const col = (n: string) => {
    const c = names.indexOf(n);
    if (c < 0)
      throw new InstanceFileError(
        file,
        header.line,
        `header must name the columns category,feature,min,max (missing "${n}")`,
      );
    return c;
  };
  const [ci, fi, mi, xi] = [col("category"), col("feature"), col("min"), col("max")];
  const quotas: Quota[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.fields.length) {
      throw new InstanceFileError(file, r.line, `expected ${header.fields.length} fields, found ${r.fields.length}`);
    }
    const category = r.fields[ci] ?? "";
    const feature = r.fields[fi] ?? "";
    const minS = r.fields[mi] ?? "";
    const maxS = r.fields[xi] ?? "";
    if (!category || !feature) throw new InstanceFileError(file, r.line, "category and feature must not be empty");
    if (!COUNT.test(minS)) throw new InstanceFileError(file, r.line, `min "${minS}" is not a non-negative integer`);
    if (!COUNT.test(maxS)) throw new InstanceFileError(file, r.line, `max "${maxS}" is not a non-negative integer`);
    const min = Number(minS);
    const max = Number(maxS);
    if (min > max)
      throw new InstanceFileError(file, r.line, `${category}/${feature}: min ${min} is larger than max ${max}`);
    const key = JSON.stringify([category, feature]);
    const prev = seen.get(key);
    if (prev !== undefined)
      throw new InstanceFileError(file, r.line, `${category}/${feature} is already given on line ${prev}`);
    seen.set(key, r.line);
    quotas.push({ category, feature, min, max });
    lines.push(r.line);
  }
  if (quotas.length === 0) throw new InstanceFileError(file, null, "no quotas");
  return { quotas, lines };
}

/** Quota sums per category against k: Σ min ≤ k ≤ Σ max. */
export function checkQuotaSums(parsed: ParsedCategories, k: number, file = "categories.csv"): void {
  const byCat = new Map<string, { min: number; max: number; line: number; lastLine: number }>();
  parsed.quotas.forEach((q, i) => {
    const line = parsed.lines[i] ?? 0;
    const s = byCat.get(q.category) ?? { min: 0, max: 0, line, lastLine: line };
    s.min += q.min;
    s.max += q.max;
    s.lastLine = line;
    byCat.set(q.category, s);
  });
  for (const [cat, s] of byCat) {
    const where = s.line === s.lastLine ? s.line : `${s.line}-${s.lastLine}`;
    if (s.min > k)
      throw new InstanceFileError(
        file,
        s.line,
        `category "${cat}" (lines ${where}): minimums sum to ${s.min}, more than the panel size ${k}`,
      );
    if (s.max < k)
      throw new InstanceFileError(
        file,
        s.line,
        `category "${cat}" (lines ${where}): maximums sum to ${s.max}, less than the panel size ${k}`,
      );
  }
}

export interface ParsedRespondents {
  readonly people: Record<string, string>[];
  /** Line of each person in the file. */
  readonly lines: number[];
}

/** Columns not named in the quotas are ignored; every quota category must be a column. */
export function parseRespondents(text: string, quotas: readonly Quota[], file = "respondents.csv"): ParsedRespondents {
  const records = parseCsv(text, file);
  const header = records[0];
  if (!header) throw new InstanceFileError(file, null, "file is empty");
  const features = new Map<string, Set<string>>();
  for (const q of quotas) {
    let s = features.get(q.category);
    if (!s) features.set(q.category, (s = new Set()));
    s.add(q.feature);
  }
  const cols: [string, number, Set<string>][] = [];
  for (const [cat, set] of features) {
    const c = header.fields.indexOf(cat);
    if (c < 0) throw new InstanceFileError(file, header.line, `no column for category "${cat}"`);
    cols.push([cat, c, set]);
  }
  const people: Record<string, string>[] = [];
  const lines: number[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== header.fields.length) {
      throw new InstanceFileError(file, r.line, `expected ${header.fields.length} fields, found ${r.fields.length}`);
    }
    const person: Record<string, string> = {};
    for (const [cat, c, set] of cols) {
      const v = r.fields[c] ?? "";
      if (!set.has(v)) {
        throw new InstanceFileError(
          file,
          r.line,
          `${cat}="${v}" is not a feature of category "${cat}" in categories.csv`,
        );
      }
      person[cat] = v;
    }
    people.push(person);
    lines.push(r.line);
  }
  return { people, lines };
}
