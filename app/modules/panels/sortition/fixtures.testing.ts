// Helpers shared by the sortition tests: fixture loading and brute force.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkQuotaSums, parseCategories, parseRespondents } from "./csv.ts";
import type { Instance, Model, Quota } from "./instance.ts";
import { compositionIsValid } from "./instance.ts";

export const fixtureDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../tests/fixtures/sortition",
);

/** An instance directory of the public format (categories.csv, respondents.csv), k from its name. */
export function loadInstanceDir(name: string): Instance {
  const dir = path.join(fixtureDir, name);
  const k = Number(/_(\d+)$/.exec(name)?.[1]);
  const cats = parseCategories(readFileSync(path.join(dir, "categories.csv"), "utf8"));
  checkQuotaSums(cats, k);
  const resp = parseRespondents(readFileSync(path.join(dir, "respondents.csv"), "utf8"), cats.quotas);
  return { k, quotas: cats.quotas, people: resp.people };
}

interface UnitExample {
  panel_size: number;
  quotas: Quota[];
  people: Record<string, Record<string, string>>;
  expected: {
    algorithm: string;
    household_columns?: string[];
    marginals?: Record<string, string>;
    lower_bounds?: Record<string, string>;
  }[];
}

/** The sortition-algorithms examples: instance plus person names in row order. */
export function loadUnitExample(name: string): { instance: Instance; names: string[]; example: UnitExample } {
  const all = JSON.parse(readFileSync(path.join(fixtureDir, "sortition_algorithms_unit_examples.json"), "utf8")) as {
    instances: Record<string, UnitExample>;
  };
  const example = all.instances[name];
  if (!example) throw new Error(`no example ${name}`);
  const names = Object.keys(example.people);
  const categories = new Set(example.quotas.map((q) => q.category));
  const people = names.map((n) =>
    Object.fromEntries(Object.entries(example.people[n]!).filter(([c]) => categories.has(c))),
  );
  const quotas = example.quotas.map(({ category, feature, min, max }) => ({ category, feature, min, max }));
  return { instance: { k: example.panel_size, quotas, people }, names, example };
}

export const fraction = (s: string) => {
  const [a, b] = s.split("/");
  return Number(a) / Number(b ?? 1);
};

/** Every composition (people per type) that meets the quotas. */
export function allCompositions(model: Model): number[][] {
  const out: number[][] = [];
  const T = model.types.length;
  const c = new Array<number>(T).fill(0);
  const rec = (t: number, left: number) => {
    if (t === T - 1) {
      if (left <= model.types[t]!.members.length) {
        c[t] = left;
        if (compositionIsValid(model, c)) out.push(c.slice());
        c[t] = 0;
      }
      return;
    }
    for (let x = 0; x <= Math.min(left, model.types[t]!.members.length); x++) {
      c[t] = x;
      rec(t + 1, left - x);
    }
    c[t] = 0;
  };
  rec(0, model.k);
  return out;
}

/** Every k-subset of 0..n-1 (tiny n only). */
export function allSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number) => {
    if (cur.length === k) return void out.push(cur.slice());
    for (let i = start; i <= n - (k - cur.length); i++) {
      cur.push(i);
      rec(i + 1);
      cur.pop();
    }
  };
  rec(0);
  return out;
}
