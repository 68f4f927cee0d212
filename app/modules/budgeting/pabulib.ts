// Reader for Pabulib's .pb format (https://pabulib.org/format). Pure: takes
// the file's text, returns typed data, and throws `PabulibError` (with the
// line number) for a broken file. Reading the file from disk is the
// caller's job (cli/pb.ts, bench/pb.bench.ts).
//
// A .pb file has three sections, META, PROJECTS and VOTES. Each starts with
// a line holding only the section name, then a header row naming the
// columns, then data rows. Fields are separated by ";" and may be quoted
// with double quotes ("" inside quotes is a literal quote; quoted fields may
// span lines).
import { type Decimal, parseDecimal } from "./exact.ts";

export type VoteType = "approval" | "ordinal" | "cumulative" | "scoring" | "choose-1";
const VOTE_TYPES: readonly VoteType[] = ["approval", "ordinal", "cumulative", "scoring", "choose-1"];

export type PbMeta = {
  /** Every META key as written (keys and values trimmed). */
  readonly raw: Readonly<Record<string, string>>;
  readonly budget: Decimal;
  readonly voteType: VoteType;
  /** e.g. "greedy", "greedy-threshold", "greedy-no-skip", "equalshares/add1", "equalshares/add1-comparison". */
  readonly rule: string | null;
  readonly numVotes: number | null;
  readonly numProjects: number | null;
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly minSumCost: Decimal | null;
  readonly maxSumCost: Decimal | null;
  readonly minPoints: number | null;
  readonly maxPoints: number | null;
  readonly minSumPoints: number | null;
  readonly maxSumPoints: number | null;
  readonly minProjectScoreThreshold: number | null;
  /** Ordinal ballots: how a rank becomes points (Pabulib's default is Borda). */
  readonly scoringFn: string | null;
  readonly currency: string | null;
};

export type PbProject = {
  readonly id: string;
  readonly cost: Decimal;
  readonly name: string | null;
  /** The official outcome: 1 selected, 0 not, 2 special (see the file's comment); null when absent. */
  readonly selected: number | null;
  /** Number of voters who chose the project, as the file states it (null when absent). */
  readonly votes: number | null;
  /** Sum of points, as the file states it (null when absent). */
  readonly score: number | null;
  /** Every column of the row, trimmed, keyed by the header. */
  readonly fields: Readonly<Record<string, string>>;
  readonly line: number;
};

export type PbVote = {
  readonly voterId: string;
  /** Project ids in the order written (for ordinal ballots: most preferred first). */
  readonly projects: readonly string[];
  /** Points per project, same order (cumulative and scoring ballots); null otherwise. */
  readonly points: readonly number[] | null;
  /** The other columns (age, sex, …), trimmed. */
  readonly fields: Readonly<Record<string, string>>;
  readonly line: number;
};

export type PbFile = {
  readonly meta: PbMeta;
  readonly projects: readonly PbProject[];
  readonly votes: readonly PbVote[];
  /** Non-fatal inconsistencies (e.g. num_votes differs from the number of rows). */
  readonly warnings: readonly string[];
};

export class PabulibError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = "PabulibError";
  }
}

// ---------------------------------------------------------------------------
// Records

type Row = { fields: string[]; line: number };

/** Splits the text into rows of fields, remembering each row's first line. Skips blank lines. */
function* rows(text: string): Generator<Row> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    let eol = text.indexOf("\n", i);
    if (eol < 0) eol = n;
    const end = eol > i && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const simple = text.slice(i, end);
    if (!simple.includes('"')) {
      i = eol + 1;
      line++;
      if (simple.trim() !== "") yield { fields: simple.split(";"), line: start };
      continue;
    }
    // Quote-aware scan; a quoted field may run over several lines.
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let atFieldStart = true;
    for (;;) {
      if (i >= n) {
        if (quoted) throw new PabulibError(start, "unterminated quoted field");
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        if (c === "\n") line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
        i++;
        continue;
      }
      if (c === ";") {
        fields.push(field);
        field = "";
        atFieldStart = true;
        i++;
        continue;
      }
      if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
        fields.push(field);
        i += c === "\r" ? 2 : 1;
        line++;
        break;
      }
      // Spaces before an opening quote ("a; "b;c"") still count as the field's start.
      if (!(c === " " && field.trim() === "")) atFieldStart = false;
      field += c;
      i++;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === "")) yield { fields, line: start };
  }
}

// ---------------------------------------------------------------------------
// Parsing

type Section = "meta" | "projects" | "votes";
const SECTIONS: readonly Section[] = ["meta", "projects", "votes"];

/** A row that is just a word in capitals ("META", "FOO") is a section title. */
function sectionTitle(row: Row): string | null {
  if (row.fields.length !== 1) return null;
  const word = row.fields[0]!.trim();
  if (SECTIONS.includes(word.toLowerCase() as Section)) return word.toLowerCase();
  return /^[A-Z][A-Z_]*$/.test(word) ? word : null;
}

type Table = { header: string[]; headerLine: number; rows: Row[]; titleLine: number };

function intField(value: string, what: string, line: number, opts: { min?: number } = {}): number {
  const v = value.trim();
  if (!/^[+-]?\d+$/.test(v)) throw new PabulibError(line, `${what} is not an integer: "${value}"`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new PabulibError(line, `${what} is too large: "${value}"`);
  if (opts.min !== undefined && n < opts.min)
    throw new PabulibError(line, `${what} must be at least ${opts.min}: "${value}"`);
  return n;
}

function decimalField(value: string, what: string, line: number): Decimal {
  const d = parseDecimal(value);
  if (!d) throw new PabulibError(line, `${what} is not a number: "${value}"`);
  if (d.units < 0n) throw new PabulibError(line, `${what} is negative: "${value}"`);
  return d;
}

export function parsePabulib(text: string): PbFile {
  const tables = new Map<Section, Table>();
  let current: Table | null = null;
  let expectHeader = false;
  let lastLine = 1;
  for (const row of rows(text)) {
    lastLine = row.line;
    const title = sectionTitle(row);
    if (title !== null && !expectHeader) {
      if (!SECTIONS.includes(title as Section)) {
        throw new PabulibError(row.line, `unknown section "${title}" (expected META, PROJECTS or VOTES)`);
      }
      if (tables.has(title as Section))
        throw new PabulibError(row.line, `section ${title.toUpperCase()} appears twice`);
      current = { header: [], headerLine: row.line, rows: [], titleLine: row.line };
      tables.set(title as Section, current);
      expectHeader = true;
      continue;
    }
    if (!current) throw new PabulibError(row.line, "data before the first section title (META, PROJECTS or VOTES)");
    if (expectHeader) {
      current.header = row.fields.map((h) => h.trim());
      current.headerLine = row.line;
      const seen = new Set<string>();
      for (const h of current.header) {
        if (h === "") throw new PabulibError(row.line, "empty column name in header");
        if (seen.has(h)) throw new PabulibError(row.line, `column "${h}" appears twice in header`);
        seen.add(h);
      }
      expectHeader = false;
      continue;
    }
    if (row.fields.length !== current.header.length) {
      throw new PabulibError(
        row.line,
        `expected ${current.header.length} columns (header on line ${current.headerLine}), found ${row.fields.length}`,
      );
    }
    current.rows.push(row);
  }
  if (expectHeader) throw new PabulibError(lastLine, "section title without a header row");
  for (const s of SECTIONS) {
    if (!tables.has(s)) throw new PabulibError(lastLine, `missing section ${s.toUpperCase()}`);
  }
  const warnings: string[] = [];
  const meta = readMeta(tables.get("meta")!);
  const projects = readProjects(tables.get("projects")!);
  const votes = readVotes(tables.get("votes")!, meta, new Set(projects.map((p) => p.id)));
  if (meta.numProjects !== null && meta.numProjects !== projects.length) {
    warnings.push(`META num_projects is ${meta.numProjects} but PROJECTS has ${projects.length} rows`);
  }
  if (meta.numVotes !== null && meta.numVotes !== votes.length) {
    warnings.push(`META num_votes is ${meta.numVotes} but VOTES has ${votes.length} rows`);
  }
  return { meta, projects, votes, warnings };
}

function requireColumns(t: Table, names: string[], section: string) {
  for (const n of names) {
    if (!t.header.includes(n)) throw new PabulibError(t.headerLine, `${section} header has no "${n}" column`);
  }
}

function readMeta(t: Table): PbMeta {
  if (t.header.length !== 2 || t.header[0] !== "key" || t.header[1] !== "value") {
    throw new PabulibError(t.headerLine, `META header must be "key;value", found "${t.header.join(";")}"`);
  }
  const raw: Record<string, string> = {};
  const lines: Record<string, number> = {};
  for (const r of t.rows) {
    const key = r.fields[0]!.trim();
    if (key === "") throw new PabulibError(r.line, "empty META key");
    if (key in raw) throw new PabulibError(r.line, `META key "${key}" appears twice (first on line ${lines[key]})`);
    raw[key] = r.fields[1]!.trim();
    lines[key] = r.line;
  }
  const at = (k: string) => lines[k] ?? t.titleLine;
  const int = (k: string) => (raw[k] === undefined || raw[k] === "" ? null : intField(raw[k]!, k, at(k)));
  const dec = (k: string) => (raw[k] === undefined || raw[k] === "" ? null : decimalField(raw[k]!, k, at(k)));
  const points = (k: string) => {
    const d = dec(k);
    if (d === null) return null;
    if (d.scale !== 0) throw new PabulibError(at(k), `${k} must be a whole number: "${raw[k]}"`);
    return Number(d.units);
  };
  if (raw.budget === undefined || raw.budget === "") throw new PabulibError(t.titleLine, "META has no budget");
  const budget = decimalField(raw.budget, "budget", at("budget"));
  let voteType: VoteType = "approval";
  if (raw.vote_type !== undefined) {
    const v = raw.vote_type.toLowerCase();
    if (!VOTE_TYPES.includes(v as VoteType)) {
      throw new PabulibError(
        at("vote_type"),
        `unknown vote_type "${raw.vote_type}" (expected ${VOTE_TYPES.join(", ")})`,
      );
    }
    voteType = v as VoteType;
  }
  return {
    raw,
    budget,
    voteType,
    rule: raw.rule?.trim() || null,
    numVotes: int("num_votes"),
    numProjects: int("num_projects"),
    minLength: int("min_length"),
    maxLength: int("max_length"),
    minSumCost: dec("min_sum_cost"),
    maxSumCost: dec("max_sum_cost"),
    minPoints: int("min_points"),
    maxPoints: int("max_points"),
    minSumPoints: int("min_sum_points"),
    maxSumPoints: int("max_sum_points"),
    minProjectScoreThreshold: points("min_project_score_threshold"),
    scoringFn: raw.scoring_fn?.trim() || null,
    currency: raw.currency?.trim() || null,
  };
}

function readProjects(t: Table): PbProject[] {
  requireColumns(t, ["project_id", "cost"], "PROJECTS");
  const idx = (name: string) => t.header.indexOf(name);
  const [iId, iCost, iName, iSel, iVotes, iScore] = ["project_id", "cost", "name", "selected", "votes", "score"].map(
    idx,
  ) as [number, number, number, number, number, number];
  const seen = new Map<string, number>();
  const out: PbProject[] = [];
  for (const r of t.rows) {
    const f = r.fields.map((x) => x.trim());
    const id = f[iId]!;
    if (id === "") throw new PabulibError(r.line, "empty project_id");
    if (id.includes(",")) throw new PabulibError(r.line, `project_id "${id}" contains a comma`);
    if (seen.has(id))
      throw new PabulibError(r.line, `project_id "${id}" appears twice (first on line ${seen.get(id)})`);
    seen.set(id, r.line);
    const cost = decimalField(f[iCost]!, `cost of project "${id}"`, r.line);
    const opt = (i: number, what: string) =>
      i < 0 || f[i] === "" ? null : intField(f[i]!, `${what} of project "${id}"`, r.line);
    const fields: Record<string, string> = {};
    t.header.forEach((h, i) => (fields[h] = f[i]!));
    out.push({
      id,
      cost,
      name: iName < 0 ? null : f[iName]!,
      selected: opt(iSel, "selected"),
      votes: opt(iVotes, "votes"),
      score: opt(iScore, "score"),
      fields,
      line: r.line,
    });
  }
  return out;
}

function readVotes(t: Table, meta: PbMeta, projectIds: ReadonlySet<string>): PbVote[] {
  requireColumns(t, ["voter_id", "vote"], "VOTES");
  const needsPoints = meta.voteType === "cumulative" || meta.voteType === "scoring";
  if (needsPoints) requireColumns(t, ["points"], "VOTES");
  const iId = t.header.indexOf("voter_id");
  const iVote = t.header.indexOf("vote");
  const iPoints = t.header.indexOf("points");
  const extra = t.header
    .map((h, i) => [h, i] as const)
    .filter(([h]) => h !== "voter_id" && h !== "vote" && h !== "points");
  const seenVoters = new Set<string>();
  const noFields: Readonly<Record<string, string>> = Object.freeze({});
  const out: PbVote[] = [];
  for (const r of t.rows) {
    const voterId = r.fields[iId]!.trim();
    if (voterId === "") throw new PabulibError(r.line, "empty voter_id");
    if (seenVoters.has(voterId)) {
      const first = out.find((v) => v.voterId === voterId)!.line;
      throw new PabulibError(r.line, `voter_id "${voterId}" appears twice (first on line ${first})`);
    }
    seenVoters.add(voterId);
    const voteText = r.fields[iVote]!.trim();
    const projects = voteText === "" ? [] : voteText.split(",");
    for (let k = 0; k < projects.length; k++) {
      const p = projects[k]!.trim();
      projects[k] = p;
      if (!projectIds.has(p))
        throw new PabulibError(r.line, `vote of voter "${voterId}" names project "${p}", which is not in PROJECTS`);
      for (let j = 0; j < k; j++) {
        if (projects[j] === p) throw new PabulibError(r.line, `vote of voter "${voterId}" names project "${p}" twice`);
      }
    }
    let points: number[] | null = null;
    if (iPoints >= 0 && (needsPoints || r.fields[iPoints]!.trim() !== "")) {
      const text = r.fields[iPoints]!.trim();
      const parts = text === "" ? [] : text.split(",");
      if (parts.length !== projects.length) {
        throw new PabulibError(r.line, `voter "${voterId}" has ${projects.length} projects but ${parts.length} points`);
      }
      points = parts.map((s) => intField(s, `points of voter "${voterId}"`, r.line));
    }
    let fields = noFields;
    if (extra.length > 0) {
      const f: Record<string, string> = {};
      for (const [h, i] of extra) f[h] = r.fields[i]!.trim();
      fields = f;
    }
    out.push({ voterId, projects, points, fields, line: r.line });
  }
  return out;
}
