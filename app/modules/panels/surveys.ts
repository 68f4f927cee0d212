// Panel surveys: the question format staff write, answer validation, and
// results raw and weighted (raking.ts). Pure.
import type { SurveyQuestion } from "#db/schema/panels.ts";
import { marginOfError, rake, weightedShares, type Margins } from "./raking.ts";

export type { SurveyQuestion };

/**
 * One question per line, "kind: text | options | rows":
 *   single: Hva synes du om planen? | Bra; Middels; Dårlig
 *   multi: Hva bruker du? | Buss; Sykkel; Bil
 *   scale 1-5: Hvor fornøyd er du?
 *   ranking: Ranger tiltakene | Park; Vei; Skole
 *   text: Andre kommentarer?
 *   matrix: Hvor enig er du? | Enig; Nøytral; Uenig | Påstand A; Påstand B
 * Returns the questions or the 1-based line of the first bad one.
 */
export function parseQuestions(text: string): { ok: true; questions: SurveyQuestion[] } | { ok: false; line: number } {
  const questions: SurveyQuestion[] = [];
  let n = 0;
  for (const raw of text.split(/\r?\n/)) {
    n++;
    if (!raw.trim()) continue;
    const m = /^\s*(single|multi|ranking|text|matrix|scale\s+(-?\d+)\s*-\s*(-?\d+))\s*:\s*(.+)$/i.exec(raw);
    if (!m) return { ok: false, line: n };
    const [head, ...parts] = m[4]!.split("|").map((s) => s.trim());
    const list = (s: string | undefined) =>
      (s ?? "")
        .split(";")
        .map((x) => x.trim())
        .filter(Boolean);
    const key = `q${questions.length + 1}`;
    const kind = m[1]!.toLowerCase().startsWith("scale") ? "scale" : (m[1]!.toLowerCase() as SurveyQuestion["kind"]);
    if (!head) return { ok: false, line: n };
    const q: SurveyQuestion = { key, kind, text: head };
    if (kind === "scale") {
      const min = Number(m[2]);
      const max = Number(m[3]);
      if (!(max > min) || max - min > 20) return { ok: false, line: n };
      q.scale = { min, max };
    } else if (kind !== "text") {
      q.options = list(parts[0]);
      if (q.options.length < 2 || new Set(q.options).size !== q.options.length) return { ok: false, line: n };
      if (kind === "matrix") {
        q.rows = list(parts[1]);
        if (q.rows.length < 1) return { ok: false, line: n };
      }
    }
    q.sms = kind === "single" || kind === "scale";
    questions.push(q);
  }
  return questions.length ? { ok: true, questions } : { ok: false, line: 1 };
}

export type Answer = string | number | string[] | Record<string, string> | null;

/** Reads a form's fields into answers, checking each against its question; unanswered = null. */
export function readAnswers(
  questions: readonly SurveyQuestion[],
  get: (name: string) => string[],
): { answers: Record<string, Answer>; invalid: string | null } {
  const answers: Record<string, Answer> = {};
  for (const q of questions) {
    const one = get(q.key)[0]?.trim() ?? "";
    switch (q.kind) {
      case "single":
        if (one && !q.options!.includes(one)) return { answers, invalid: q.key };
        answers[q.key] = one || null;
        break;
      case "multi": {
        const picked = get(q.key);
        if (picked.some((p) => !q.options!.includes(p))) return { answers, invalid: q.key };
        answers[q.key] = picked.length ? q.options!.filter((o) => picked.includes(o)) : null;
        break;
      }
      case "scale": {
        if (!one) {
          answers[q.key] = null;
          break;
        }
        const v = Number(one);
        if (!Number.isInteger(v) || v < q.scale!.min || v > q.scale!.max) return { answers, invalid: q.key };
        answers[q.key] = v;
        break;
      }
      case "ranking": {
        // q1.0 … q1.n-1 hold the rank (1..n) given to each option; blank = not ranked.
        const ranks = q.options!.map((_o, i) => get(`${q.key}.${i}`)[0] ?? "");
        const given = ranks.map((r, i) => ({ r: r ? Number(r) : null, o: q.options![i]! })).filter((x) => x.r !== null);
        if (given.some((x) => !Number.isInteger(x.r) || x.r! < 1 || x.r! > q.options!.length))
          return { answers, invalid: q.key };
        if (new Set(given.map((x) => x.r)).size !== given.length) return { answers, invalid: q.key };
        answers[q.key] = given.length ? given.sort((a, b) => a.r! - b.r!).map((x) => x.o) : null;
        break;
      }
      case "text":
        answers[q.key] = one ? one.slice(0, 4000) : null;
        break;
      case "matrix": {
        const out: Record<string, string> = {};
        for (const [i, row] of q.rows!.entries()) {
          const v = get(`${q.key}.${i}`)[0] ?? "";
          if (v && !q.options!.includes(v)) return { answers, invalid: q.key };
          if (v) out[row] = v;
        }
        answers[q.key] = Object.keys(out).length ? out : null;
        break;
      }
    }
  }
  return { answers, invalid: null };
}

export interface OptionResult {
  option: string;
  count: number;
  raw: number;
  weighted: number;
}
export interface QuestionResult {
  key: string;
  kind: SurveyQuestion["kind"];
  text: string;
  answered: number;
  /** single, multi, scale: per option; ranking: share ranking it first */
  options?: OptionResult[];
  /** ranking: average rank per option (raw and weighted; lower is better) */
  ranks?: { option: string; raw: number; weighted: number }[];
  /** matrix: per row, per option */
  rows?: { row: string; options: OptionResult[] }[];
  /** scale: mean raw and weighted */
  mean?: { raw: number; weighted: number };
  /** text: the answers */
  texts?: string[];
}

export interface SurveyResults {
  respondents: number;
  weighting: {
    used: string[];
    skipped: { category: string; reason: string }[];
    converged: boolean;
    effectiveSize: number;
    marginOfError: number;
  };
  /** Respondents' composition against the population (representativeness). */
  representativeness: {
    category: string;
    feature: string;
    respondents: number;
    share: number;
    population: number | null;
  }[];
  questions: QuestionResult[];
}

export function surveyResults(
  questions: readonly SurveyQuestion[],
  responses: readonly { profile: Readonly<Record<string, string>>; answers: Readonly<Record<string, Answer>> }[],
  margins: Margins,
): SurveyResults {
  const profiles = responses.map((r) => r.profile);
  const raking = rake(profiles, margins);
  const w = raking.weights;
  const n = responses.length;
  const shares = (values: (string | null)[], options: readonly string[]): OptionResult[] => {
    const s = weightedShares(values, w);
    return options.map((o) => ({
      option: o,
      count: s.get(o)?.count ?? 0,
      raw: s.get(o)?.raw ?? 0,
      weighted: s.get(o)?.weighted ?? 0,
    }));
  };
  const results = questions.map((q): QuestionResult => {
    const vals = responses.map((r) => r.answers[q.key] ?? null);
    const answered = vals.filter((v) => v !== null).length;
    const base = { key: q.key, kind: q.kind, text: q.text, answered };
    switch (q.kind) {
      case "single":
        return { ...base, options: shares(vals as (string | null)[], q.options!) };
      case "scale": {
        const opts = Array.from({ length: q.scale!.max - q.scale!.min + 1 }, (_x, i) => String(q.scale!.min + i));
        const nums = vals.map((v) => (v === null ? null : Number(v)));
        const idx = nums.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
        const ws = idx.reduce((s, i) => s + w[i]!, 0);
        return {
          ...base,
          options: shares(
            nums.map((v) => (v === null ? null : String(v))),
            opts,
          ),
          mean: {
            raw: idx.length ? idx.reduce((s, i) => s + nums[i]!, 0) / idx.length : 0,
            weighted: ws ? idx.reduce((s, i) => s + nums[i]! * w[i]!, 0) / ws : 0,
          },
        };
      }
      case "multi": {
        const idx = vals.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
        const ws = idx.reduce((s, i) => s + w[i]!, 0);
        return {
          ...base,
          options: q.options!.map((o) => {
            const has = idx.filter((i) => (vals[i] as string[]).includes(o));
            return {
              option: o,
              count: has.length,
              raw: idx.length ? has.length / idx.length : 0,
              weighted: ws ? has.reduce((s, i) => s + w[i]!, 0) / ws : 0,
            };
          }),
        };
      }
      case "ranking": {
        const idx = vals.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
        const rankOf = (i: number, o: string) => {
          const r = (vals[i] as string[]).indexOf(o);
          return r < 0 ? q.options!.length : r + 1; // unranked = last
        };
        const ws = idx.reduce((s, i) => s + w[i]!, 0);
        return {
          ...base,
          options: shares(
            vals.map((v) => (v === null ? null : ((v as string[])[0] ?? null))),
            q.options!,
          ),
          ranks: q.options!.map((o) => ({
            option: o,
            raw: idx.length ? idx.reduce((s, i) => s + rankOf(i, o), 0) / idx.length : 0,
            weighted: ws ? idx.reduce((s, i) => s + rankOf(i, o) * w[i]!, 0) / ws : 0,
          })),
        };
      }
      case "matrix":
        return {
          ...base,
          rows: q.rows!.map((row) => ({
            row,
            options: shares(
              vals.map((v) => (v === null ? null : ((v as Record<string, string>)[row] ?? null))),
              q.options!,
            ),
          })),
        };
      case "text":
        return { ...base, texts: vals.filter((v): v is string => typeof v === "string") };
    }
  });
  const representativeness = Object.entries(margins).flatMap(([category, counts]) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return Object.entries(counts).map(([feature, c]) => {
      const k = profiles.filter((p) => p[category] === feature).length;
      return { category, feature, respondents: k, share: n ? k / n : 0, population: total ? c / total : null };
    });
  });
  return {
    respondents: n,
    weighting: {
      used: raking.used,
      skipped: raking.skipped,
      converged: raking.converged,
      effectiveSize: raking.effectiveSize,
      marginOfError: marginOfError(0.5, raking.effectiveSize),
    },
    representativeness,
    questions: results,
  };
}
