// The input report as data (issue 6): what the PDF, the JSON and the CSV all
// show. Pure; built from the rows by app/modules/consultations/report.server.ts.
import { writeCsv } from "#app/lib/csv.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { pickText } from "#app/lib/localized.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pseudonymise, type NameMode, type ReportComment } from "./pseudonym.ts";
import type { SurveyResults } from "#app/modules/panels/surveys.ts";
import type { PrioritiesAggregate } from "#app/modules/budgeting/priorities.ts";
import type { GroupsResult, GroupsStatement } from "#app/modules/opinions/queries.server.ts";
import {
  aggregateReport,
  type AgeBand,
  type Gender,
  type Population,
  type QuestionKind,
  type ReportNumbers,
} from "./report.ts";

export interface ReportSource {
  municipality: { name: string; population: number };
  caseNumber: { year: number; sequence: number };
  caseTitle: LocalizedText;
  bodyName: LocalizedText;
  meetingStartsAt: Date | null;
  consultation: {
    id: string;
    title: LocalizedText;
    summary: LocalizedText;
    opensAt: Date;
    closesAt: Date;
    closedAt: Date | null;
    plan: boolean;
    moderation: string;
    nameMode: NameMode;
    population: unknown;
  };
  questions: {
    id: string;
    kind: QuestionKind;
    prompt: LocalizedText;
    options: { id: string; label: LocalizedText }[];
    scaleMin: number | null;
    scaleMax: number | null;
  }[];
  participants: { personId: string; ageBand: string | null; gender: string | null; area: string | null }[];
  answers: {
    questionId: string;
    personId: string;
    options: string[] | null;
    scale: number | null;
    text: string | null;
    channel?: "web" | "sms";
  }[];
  comments: {
    id: string;
    personId: string;
    parentId: string | null;
    body: string;
    publicName: string | null;
    state: string;
    createdAt: Date;
    supports: number;
  }[];
  supports: number;
  pins: { category: string; state: string }[];
  statements: {
    councilName: LocalizedText;
    reason: string;
    requestedAt: Date;
    deadline: Date;
    answeredAt: Date | null;
    text: string | null;
  }[];
  /** Closed surveys of citizen panels tied to the same case (issue 7: "results can be included in a consultation's input report"). */
  panelSurveys?: { panel: LocalizedText; title: string; results: SurveyResults }[];
  /** Closed budget-priorities consultations tied to the same case (issue 8: their aggregate results in the input report). */
  budgetPriorities?: {
    title: LocalizedText;
    year: number;
    names: Record<string, string>;
    results: PrioritiesAggregate;
  }[];
  /** The opinion groups of the consultation's statements (issue 23, ADR 066); null or absent: it has no statements. */
  opinionGroups?: GroupsResult | null;
}

/** A statement as the report shows it: agree / disagree shares in the group, and (representative) among the rest. */
export interface ReportGroupStatement {
  text: string;
  side: "agree" | "disagree";
  agree: number;
  disagree: number;
  restAgree: number | null;
  restDisagree: number | null;
}

/** The opinion groups in the report: k groups of the clustered participants, or "too few participants". */
export type ReportOpinionGroups =
  | {
      ok: true;
      /** Participants who voted on at least one statement. */
      participants: number;
      /** Of those, the ones with enough votes to be placed in a group. */
      clustered: number;
      k: number;
      groups: { name: string; size: number; representative: ReportGroupStatement[] }[];
      consensus: ReportGroupStatement[];
    }
  | { ok: false; reason: "too-few-participants"; participants: number };

const GROUP_NAMES = ["A", "B", "C", "D", "E"];

export function reportOpinionGroups(g: GroupsResult | null | undefined): ReportOpinionGroups | null {
  if (!g) return null;
  if (!g.ok) return { ok: false, reason: "too-few-participants", participants: g.participants };
  const st = (x: GroupsStatement): ReportGroupStatement => ({
    text: x.text,
    side: x.side,
    agree: x.agree,
    disagree: x.disagree,
    restAgree: x.rest?.agree ?? null,
    restDisagree: x.rest?.disagree ?? null,
  });
  return {
    ok: true,
    participants: g.participants,
    clustered: g.clustered,
    k: g.groups.length,
    groups: g.groups.map((gr, i) => ({
      name: GROUP_NAMES[i] ?? String(i + 1),
      size: gr.size,
      representative: gr.representative.map(st),
    })),
    consensus: g.consensus.map(st),
  };
}

/** Budget priorities as the report shows them (kroner; medians weighted to the population where margins exist). */
export interface ReportBudgetPriorities {
  title: string;
  year: number;
  respondents: number;
  weighted: boolean;
  effectiveSize: number;
  sectors: {
    key: string;
    name: string;
    base: number;
    median: number;
    q1: number;
    q3: number;
    more: number;
    less: number;
  }[];
  revenue: { key: string; name: string; share: number }[];
}

/** A panel survey's results as the report shows them: raw and population-weighted shares per answer. */
export interface ReportPanelSurvey {
  panel: string;
  survey: string;
  respondents: number;
  effectiveSize: number;
  marginOfError: number;
  weightedBy: string[];
  lines: { question: string; item: string; raw: number; weighted: number }[];
}

export function panelSurveyLines(r: SurveyResults): ReportPanelSurvey["lines"] {
  const lines: ReportPanelSurvey["lines"] = [];
  for (const q of r.questions) {
    if (q.kind === "scale" && q.mean)
      lines.push({ question: q.text, item: "mean", raw: q.mean.raw, weighted: q.mean.weighted });
    else if (q.kind === "ranking" && q.ranks)
      for (const x of q.ranks)
        lines.push({ question: q.text, item: `rank: ${x.option}`, raw: x.raw, weighted: x.weighted });
    else if (q.rows)
      for (const row of q.rows)
        for (const o of row.options)
          lines.push({ question: q.text, item: `${row.row}: ${o.option}`, raw: o.raw, weighted: o.weighted });
    else if (q.options)
      for (const o of q.options) lines.push({ question: q.text, item: o.option, raw: o.raw, weighted: o.weighted });
  }
  return lines;
}

export interface ReportModel {
  locale: Locale;
  municipality: string;
  caseNumber: string;
  caseYear: number;
  caseSequence: number;
  caseTitle: string;
  title: string;
  summary: string;
  body: string;
  meetingStartsAt: string | null;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
  plan: boolean;
  nameMode: NameMode;
  numbers: ReportNumbers;
  questions: {
    id: string;
    kind: QuestionKind;
    prompt: string;
    options: { id: string; label: string; count: number; share: number }[];
    scale: { value: number; count: number }[];
    mean: number | null;
    respondents: number;
    texts: string[];
  }[];
  pinsByCategory: { category: string; count: number }[];
  statements: {
    council: string;
    reason: string;
    deadline: string;
    answeredAt: string | null;
    onTime: boolean | null;
    text: string | null;
  }[];
  panelSurveys: ReportPanelSurvey[];
  budgetPriorities: ReportBudgetPriorities[];
  /** Null when the consultation has no statements. */
  opinionGroups: ReportOpinionGroups | null;
  comments: (Omit<ReportComment, "createdAt"> & { createdAt: string })[];
}

const text = (t: LocalizedText, l: Locale) => pickText(t, l)?.value ?? "";

export function buildReportModel(src: ReportSource, locale: Locale = "nb"): ReportModel {
  const c = src.consultation;
  const pop = (c.population as Population | null) ?? { total: src.municipality.population };
  const numbers = aggregateReport({
    participants: src.participants.map((p) => ({
      key: p.personId,
      ageBand: p.ageBand as AgeBand | null,
      gender: p.gender as Gender | null,
      area: p.area,
    })),
    comments: src.comments.filter((x) => x.state === "published" && !x.parentId).length,
    replies: src.comments.filter((x) => x.state === "published" && x.parentId).length,
    supports: src.supports,
    pins: src.pins.filter((p) => p.state === "published").length,
    hidden: src.comments.filter((x) => x.state === "hidden").length,
    questions: src.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      options: q.options.map((o) => o.id),
      scaleMin: q.scaleMin,
      scaleMax: q.scaleMax,
    })),
    answers: src.answers.map((a) => ({
      questionId: a.questionId,
      personKey: a.personId,
      options: a.options,
      scale: a.scale,
      text: a.text,
      channel: a.channel ?? "web",
    })),
    population: { ...pop, total: pop.total || src.municipality.population },
  });
  const comments = pseudonymise(
    src.comments
      .filter((x) => x.state !== "pending")
      .map((x) => ({
        id: x.id,
        personKey: x.personId,
        parentId: x.parentId,
        body: x.body,
        createdAt: x.createdAt,
        publicName: x.publicName,
        hidden: x.state === "hidden",
        supports: x.supports,
      })),
    c.nameMode,
  ).map((x) => ({ ...x, createdAt: x.createdAt.toISOString() }));
  const pinCounts = new Map<string, number>();
  for (const p of src.pins)
    if (p.state === "published") pinCounts.set(p.category, (pinCounts.get(p.category) ?? 0) + 1);
  return {
    locale,
    municipality: src.municipality.name,
    caseNumber: `${src.caseNumber.year}/${src.caseNumber.sequence}`,
    caseYear: src.caseNumber.year,
    caseSequence: src.caseNumber.sequence,
    caseTitle: text(src.caseTitle, locale),
    title: text(c.title, locale),
    summary: text(c.summary, locale),
    body: text(src.bodyName, locale),
    meetingStartsAt: src.meetingStartsAt?.toISOString() ?? null,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    plan: c.plan,
    nameMode: c.nameMode,
    numbers,
    questions: src.questions.map((q) => {
      const r = numbers.questions.find((x) => x.id === q.id)!;
      return {
        id: q.id,
        kind: q.kind,
        prompt: text(q.prompt, locale),
        options: q.options.map((o) => {
          const n = r.options.find((x) => x.id === o.id);
          return { id: o.id, label: text(o.label, locale), count: n?.count ?? 0, share: n?.share ?? 0 };
        }),
        scale: r.scale,
        mean: r.mean,
        respondents: r.respondents,
        texts: q.kind === "text" ? src.answers.filter((a) => a.questionId === q.id && a.text).map((a) => a.text!) : [],
      };
    }),
    pinsByCategory: [...pinCounts]
      .map(([category, count]) => ({ category, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    statements: src.statements.map((s) => ({
      council: text(s.councilName, locale),
      reason: s.reason,
      deadline: s.deadline.toISOString(),
      answeredAt: s.answeredAt?.toISOString() ?? null,
      onTime: s.answeredAt ? s.answeredAt <= s.deadline : null,
      text: s.text,
    })),
    panelSurveys: (src.panelSurveys ?? []).map((ps) => ({
      panel: text(ps.panel, locale),
      survey: ps.title,
      respondents: ps.results.respondents,
      effectiveSize: ps.results.weighting.effectiveSize,
      marginOfError: ps.results.weighting.marginOfError,
      weightedBy: ps.results.weighting.used,
      lines: panelSurveyLines(ps.results),
    })),
    budgetPriorities: (src.budgetPriorities ?? []).map((b) => ({
      title: text(b.title, locale),
      year: b.year,
      respondents: b.results.respondents,
      weighted: b.results.weighted,
      effectiveSize: b.results.effectiveSize,
      sectors: b.results.sectors.map((x) => ({
        key: x.key,
        name: b.names[x.key] ?? x.key,
        base: x.base,
        median: x.median,
        q1: x.q1,
        q3: x.q3,
        more: x.more,
        less: x.less,
      })),
      revenue: b.results.revenue.map((r) => ({
        key: r.key,
        name: b.names[`revenue:${r.key}`] ?? r.key,
        share: r.share,
      })),
    })),
    opinionGroups: reportOpinionGroups(src.opinionGroups),
    comments,
  };
}

/** The CSV beside the PDF: one row per comment (pseudonymised), then the numbers. */
export function reportCsv(m: ReportModel): string {
  const rows: unknown[][] = [["section", "participant", "reply_to", "created_at", "supports", "text"]];
  for (const c of m.comments) rows.push(["comment", c.participant, c.replyTo ?? "", c.createdAt, c.supports, c.body]);
  for (const q of m.questions) {
    for (const o of q.options) rows.push(["answer", "", "", "", o.count, `${q.prompt} — ${o.label}`]);
    for (const s of q.scale) rows.push(["scale", "", "", "", s.count, `${q.prompt} — ${s.value}`]);
    for (const t of q.texts) rows.push(["text-answer", "", "", "", "", `${q.prompt} — ${t}`]);
  }
  for (const ps of m.panelSurveys)
    for (const l of ps.lines)
      rows.push([
        "panel-survey",
        "",
        "",
        "",
        `${l.raw.toFixed(4)};${l.weighted.toFixed(4)}`,
        `${ps.panel} — ${ps.survey} — ${l.question} — ${l.item}`,
      ]);
  for (const b of m.budgetPriorities)
    for (const x of b.sectors)
      rows.push(["budget-priorities", "", "", "", `${x.base};${x.median};${x.q1};${x.q3}`, `${b.title} — ${x.name}`]);
  const og = m.opinionGroups;
  if (og && !og.ok) rows.push(["opinion-groups", "", "", "", og.participants, "too_few_participants"]);
  if (og?.ok) {
    rows.push(["opinion-groups", "", "", "", og.participants, "participants"]);
    rows.push(["opinion-groups", "", "", "", og.clustered, "clustered"]);
    rows.push(["opinion-groups", "", "", "", og.k, "k"]);
    const pair = (a: number | null, b: number | null) => `${(a ?? 0).toFixed(4)};${(b ?? 0).toFixed(4)}`;
    for (const g of og.groups) {
      rows.push(["opinion-group", g.name, "", "", g.size, "size"]);
      // Agree and disagree shares in the group; then among the rest of the clustered participants.
      for (const r of g.representative)
        rows.push([
          "opinion-representative",
          g.name,
          r.side,
          "",
          `${pair(r.agree, r.disagree)};${pair(r.restAgree, r.restDisagree)}`,
          r.text,
        ]);
    }
    for (const c of og.consensus) rows.push(["opinion-consensus", "", c.side, "", pair(c.agree, c.disagree), c.text]);
  }
  const n = m.numbers;
  for (const [k, v] of Object.entries({
    participants: n.participants,
    comments: n.comments,
    replies: n.replies,
    supports: n.supports,
    pins: n.pins,
    answers: n.answers,
    answers_web: n.answersByChannel.web,
    answers_sms: n.answersByChannel.sms,
    hidden: n.hidden,
  }))
    rows.push(["number", "", "", "", v, k]);
  // Cells holding ";" are quoted too (the pairs in the numbers column are ";"-separated).
  return writeCsv(rows, { alsoQuote: ";" });
}

export function reportJson(m: ReportModel): string {
  return JSON.stringify({ format: "medvirk.input-report/1", ...m }, null, 2) + "\n";
}
