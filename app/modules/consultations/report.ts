// The input report's numbers (issue 6). Pure: the caller loads the rows, this
// counts them. Who took part is compared with the municipality's population
// by age band, gender and area where known; cells under `minCell` people are
// suppressed (small municipalities: Utsira has ~200 residents, DOMAIN.md §4).
export const AGE_BANDS = ["u16", "16-19", "20-29", "30-44", "45-66", "67+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];
export const QUESTION_KINDS = ["single", "multi", "scale", "text"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface ParticipantFacts {
  key: string;
  ageBand?: AgeBand | null;
  gender?: Gender | null;
  area?: string | null;
}
export interface QuestionDef {
  id: string;
  kind: QuestionKind;
  options: readonly string[]; // option ids (single/multi)
  scaleMin?: number | null;
  scaleMax?: number | null;
}
export interface AnswerFact {
  questionId: string;
  personKey: string;
  options?: readonly string[] | null;
  scale?: number | null;
  text?: string | null;
  /** How the answer came: the web form or an SMS reply (default web). */
  channel?: "web" | "sms" | null;
}
export interface Population {
  total: number;
  ageBands?: Partial<Record<AgeBand, number>>;
  genders?: Partial<Record<Gender, number>>;
  areas?: Record<string, number>;
}
export interface ReportInput {
  participants: readonly ParticipantFacts[];
  comments: number;
  replies: number;
  supports: number;
  pins: number;
  hidden: number;
  questions: readonly QuestionDef[];
  answers: readonly AnswerFact[];
  population: Population;
  minCell?: number;
}

/** A count that may be suppressed: null when 0 < n < minCell. */
export type Cell = number | null;
export interface GroupRow {
  group: string;
  participants: Cell;
  /** Share of participants with a known value in this group (0..1), null when suppressed. */
  share: number | null;
  /** Share of the population in this group (0..1), null when unknown. */
  populationShare: number | null;
}
export interface QuestionResult {
  id: string;
  kind: QuestionKind;
  respondents: number;
  options: { id: string; count: number; share: number }[];
  scale: { value: number; count: number }[];
  mean: number | null;
  texts: number;
}
export interface ReportNumbers {
  participants: number;
  comments: number;
  replies: number;
  supports: number;
  pins: number;
  hidden: number;
  answers: number;
  /** The answers by the channel they came through (together they are `answers`). */
  answersByChannel: { web: number; sms: number };
  /** Participants per 1000 residents. */
  perThousand: number;
  questions: QuestionResult[];
  byAgeBand: GroupRow[];
  byGender: GroupRow[];
  byArea: GroupRow[];
  unknown: { ageBand: number; gender: number; area: number };
}

const suppress = (n: number, k: number): Cell => (n > 0 && n < k ? null : n);
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function groups<G extends string>(
  people: readonly ParticipantFacts[],
  pick: (p: ParticipantFacts) => G | null | undefined,
  order: readonly G[],
  pop: Partial<Record<G, number>> | undefined,
  total: number,
  k: number,
): { rows: GroupRow[]; unknown: number } {
  const counts = new Map<G, number>();
  let unknown = 0;
  for (const p of people) {
    const g = pick(p);
    if (g == null) unknown++;
    else counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const known = people.length - unknown;
  const popTotal = pop ? Object.values(pop).reduce<number>((a, b) => a + ((b as number) ?? 0), 0) : 0;
  const keys = [...order, ...[...counts.keys()].filter((g) => !order.includes(g)).sort()];
  const rows = keys
    .filter((g) => counts.has(g) || (pop && pop[g] !== undefined))
    .map((g) => {
      const n = counts.get(g) ?? 0;
      const cell = suppress(n, k);
      const ps = pop && pop[g] !== undefined && popTotal > 0 ? round((pop[g] as number) / popTotal) : null;
      return {
        group: g,
        participants: cell,
        share: cell === null || known === 0 ? null : round(n / known),
        populationShare: ps,
      };
    });
  void total;
  return { rows, unknown };
}

export function aggregateReport(input: ReportInput): ReportNumbers {
  const k = input.minCell ?? 5;
  const questions = input.questions.map((q): QuestionResult => {
    const mine = input.answers.filter((a) => a.questionId === q.id);
    const respondents = new Set(mine.map((a) => a.personKey)).size;
    const optionCounts = q.options.map((id) => {
      const count = mine.filter((a) => a.options?.includes(id)).length;
      return { id, count, share: respondents ? round(count / respondents) : 0 };
    });
    const scale: { value: number; count: number }[] = [];
    let mean: number | null = null;
    if (q.kind === "scale") {
      const values = mine.map((a) => a.scale).filter((x): x is number => typeof x === "number");
      const lo = q.scaleMin ?? 1;
      const hi = q.scaleMax ?? 5;
      for (let v = lo; v <= hi; v++) scale.push({ value: v, count: values.filter((x) => x === v).length });
      mean = values.length ? round(values.reduce((a, b) => a + b, 0) / values.length, 2) : null;
    }
    const texts = q.kind === "text" ? mine.filter((a) => a.text && a.text.trim()).length : 0;
    return {
      id: q.id,
      kind: q.kind,
      respondents,
      options: q.kind === "single" || q.kind === "multi" ? optionCounts : [],
      scale,
      mean,
      texts,
    };
  });
  const age = groups(
    input.participants,
    (p) => p.ageBand,
    AGE_BANDS,
    input.population.ageBands,
    input.population.total,
    k,
  );
  const gender = groups(
    input.participants,
    (p) => p.gender,
    GENDERS,
    input.population.genders,
    input.population.total,
    k,
  );
  const area = groups(
    input.participants,
    (p) => p.area,
    [] as string[],
    input.population.areas,
    input.population.total,
    k,
  );
  return {
    participants: input.participants.length,
    comments: input.comments,
    replies: input.replies,
    supports: input.supports,
    pins: input.pins,
    hidden: input.hidden,
    answers: input.answers.length,
    answersByChannel: {
      web: input.answers.filter((a) => a.channel !== "sms").length,
      sms: input.answers.filter((a) => a.channel === "sms").length,
    },
    perThousand: input.population.total > 0 ? round((input.participants.length / input.population.total) * 1000, 2) : 0,
    questions,
    byAgeBand: age.rows,
    byGender: gender.rows,
    byArea: area.rows,
    unknown: { ageBand: age.unknown, gender: gender.unknown, area: area.unknown },
  };
}

/** The age band of someone born in `birthYear`, in `year`. */
export function ageBandOf(birthYear: number, year: number): AgeBand {
  const age = year - birthYear;
  if (age < 16) return "u16";
  if (age < 20) return "16-19";
  if (age < 30) return "20-29";
  if (age < 45) return "30-44";
  if (age < 67) return "45-66";
  return "67+";
}
