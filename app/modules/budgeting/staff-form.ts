// Reading a round's rules, areas and categories from the staff forms. Pure;
// the commands check the result again (checkStoredRules, createRound).
import type { StoredBallotRules, StoredRules } from "./round.ts";

type Get = (name: string) => string;

const int = (v: string): number | undefined => (/^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : undefined);

/** The ballot and tally rules from fields kind, limit, minimum, rule, completion. */
export function rulesFromForm(get: Get): StoredRules | null {
  const kind = get("kind");
  const limit = int(get("limit"));
  const min = int(get("minimum"));
  let ballot: StoredBallotRules;
  if (kind === "approval")
    ballot = {
      kind,
      ...(limit !== undefined ? { maxProjects: limit } : {}),
      ...(min !== undefined ? { minProjects: min } : {}),
    };
  else if (kind === "knapsack") ballot = { kind, ...(min !== undefined ? { minProjects: min } : {}) };
  else if (kind === "cumulative") {
    if (limit === undefined) return null;
    ballot = { kind, points: limit };
  } else if (kind === "ranking") {
    if (limit === undefined) return null;
    ballot = { kind, maxRanked: limit, ...(min !== undefined ? { minRanked: min } : {}) };
  } else return null;
  const rule = get("rule");
  if (rule === "greedy") return { ballot, tally: { rule } };
  if (rule !== "mes") return null;
  const completion = get("completion");
  if (completion !== "none" && completion !== "add1" && completion !== "add1-exhaustive") return null;
  return { ballot, tally: { rule, completion } };
}

/** Areas from lines "key; name; budget" (budget in whole kroner); null when a line cannot be read. */
export function areasFromText(text: string): { key: string; name: string; budget: bigint }[] | null {
  const out: { key: string; name: string; budget: bigint }[] = [];
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [key, name, budget] = line.split(";").map((x) => x.trim());
    const b = (budget ?? "").replace(/[\s\u00a0.]/g, "");
    if (!key || !/^[a-z0-9-]{1,40}$/.test(key) || !name || !/^\d{1,15}$/.test(b)) return null;
    out.push({ key, name, budget: BigInt(b) });
  }
  return out;
}

export const categoriesFromText = (text: string): string[] =>
  [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ].slice(0, 30);

/** "2026-12-01" → the end of that day (23:59) in Norway, as an ISO instant; null when not a date. */
export function osloEndOfDay(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const guess = Date.UTC(y, mo - 1, d, 23, 59);
  if (new Date(guess).getUTCDate() !== d) return null;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Oslo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(guess))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return new Date(guess - (wall - guess)).toISOString();
}

const money = (v: string | undefined) => {
  const x = (v ?? "").replace(/[\s\u00a0.]/g, "");
  return /^-?\d{1,15}$/.test(x) ? x : null;
};

/** Budget sectors from lines "key; name; this year's amount; min; max; consequence of less; of more" (kroner). */
export function sectorsFromText(text: string):
  | {
      key: string;
      name: { nb: string };
      amount: string;
      min: string;
      max: string;
      less?: { nb: string };
      more?: { nb: string };
    }[]
  | null {
  const out = [];
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [key, name, amount, min, max, less, more] = line.split(";").map((x) => x.trim());
    const a = money(amount),
      lo = money(min),
      hi = money(max);
    if (!key || !name || a === null || lo === null || hi === null) return null;
    out.push({
      key,
      name: { nb: name },
      amount: a,
      min: lo,
      max: hi,
      ...(less ? { less: { nb: less } } : {}),
      ...(more ? { more: { nb: more } } : {}),
    });
  }
  return out;
}

/** Revenue options from lines "key; name; amount (negative = less to spend); consequence". */
export function revenueFromText(
  text: string,
): { key: string; name: { nb: string }; delta: string; consequence?: { nb: string } }[] | null {
  const out = [];
  for (const line of text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [key, name, delta, consequence] = line.split(";").map((x) => x.trim());
    const d = money(delta);
    if (!key || !name || d === null) return null;
    out.push({ key, name: { nb: name }, delta: d, ...(consequence ? { consequence: { nb: consequence } } : {}) });
  }
  return out;
}
