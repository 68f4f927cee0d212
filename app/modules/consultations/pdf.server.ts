import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { formatNumber, formatPercent } from "#app/lib/format.ts";
import type { ReportModel } from "./report-model.ts";

// The input report as a PDF (pdfkit, docs/decisions/041-input-report-pdf.md):
// real text in an embedded font (DejaVu Sans: Latin, Sami, Cyrillic), tagged
// (headings, paragraphs, lists and tables in a structure tree, with the
// document language) and marked PDF/A-2a. The charts are drawn bars marked as
// artifacts: every number is also written as text beside them.
const require = createRequire(import.meta.url);
const FONT = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const LABELS = {
  nb: {
    title: "Innspillsrapport",
    case: "Sak",
    body: "Vedtaksorgan",
    meeting: "Møte",
    period: "Innspillsperiode",
    plan: "Planhøring (plan- og bygningsloven § 5-2)",
    summary: "Sammendrag",
    process: "Prosessen",
    numbers: "Tall",
    participants: "Deltakere",
    comments: "Kommentarer",
    replies: "Svar på kommentarer",
    supports: "Støtte",
    pins: "Kartpunkter",
    answers: "Svar på spørsmål",
    byChannel: "{{web}} på nett, {{sms}} på SMS",
    hidden: "Skjult etter moderering",
    perThousand: "Deltakere per 1000 innbyggere",
    questions: "Svar per spørsmål",
    respondents: "svarte",
    mean: "Gjennomsnitt",
    who: "Hvem deltok, mot befolkningen",
    ageBand: "Aldersgruppe",
    gender: "Kjønn",
    area: "Område",
    share: "andel deltakere",
    popShare: "andel av befolkningen",
    suppressed: "under 5",
    unknown: "Ikke oppgitt",
    statements: "Uttalelser fra råd",
    noStatements: "Ingen råd ble bedt om uttalelse.",
    answered: "svarte",
    onTime: "i tide",
    late: "for sent",
    notAnswered: "har ikke svart",
    deadline: "frist",
    allComments: "Alle kommentarer",
    pseudonymNote:
      "Kommentarene er pseudonymisert: hver deltaker har et nummer; kontaktopplysninger i teksten er fjernet.",
    participant: "Deltaker",
    replyTo: "svar til deltaker",
    noComments: "Ingen kommentarer.",
    pinCategories: "Kartpunkter per kategori",
    panelSurveys: "Innbyggerpanelets svar",
    panelIntro:
      "Spørreundersøkelser i innbyggerpanel knyttet til saken. Andelene vises rå og vektet til befolkningen (raking).",
    panelNumbers: "svarte; effektivt utvalg {{ess}}; feilmargin ±{{moe}} prosentpoeng; vektet etter {{by}}",
    raw: "rå",
    budgetPriorities: "Innbyggernes budsjettprioriteringer",
    budgetIntro:
      "Budsjettprioriteringer knyttet til saken: hva innbyggerne ville brukt på hver sektor (median og kvartiler, i kroner) mot årets beløp.",
    budgetNumbers: "svarte; effektivt utvalg {{ess}}",
    budgetWeighted: "vektet til befolkningen",
    budgetUnweighted: "uvektet",
    thisYear: "i år",
    median: "median",
    quartiles: "kvartiler",
    wantMore: "vil bruke mer",
    wantLess: "vil bruke mindre",
    weighted: "vektet",
    opinionGroups: "Påstander og meningsgrupper",
    opinionIntro:
      "Deltakerne tok stilling til korte påstander (enig, uenig, vet ikke), på nett og på SMS. Deltakere som stemmer likt, er samlet i grupper.",
    opinionTooFew: "For få deltakere til å danne grupper: {{participants}} har stemt på påstandene.",
    opinionNumbers:
      "{{participants}} deltakere stemte, {{clustered}} av dem med nok stemmer til å plasseres i en gruppe. Antall grupper (k): {{k}}.",
    opinionGroup: "Gruppe {{name}}: {{size}} deltakere",
    opinionRepresentative: "Påstander som skiller gruppen fra de andre",
    opinionShares:
      "i gruppen {{agree}} enig, {{disagree}} uenig; blant de andre {{restAgree}} enig, {{restDisagree}} uenig",
    opinionConsensus: "Påstander alle gruppene er enige om",
    opinionConsensusShares: "{{agree}} enig, {{disagree}} uenig",
    opinionNoConsensus: "Ingen påstand har tydelig støtte i alle gruppene.",
    opinionSideAgree: "flertall enig",
    opinionSideDisagree: "flertall uenig",
    generated: "Laget",
  },
} as const;

const fmtDate = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("nb-NO", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Oslo" }).format(
        new Date(iso),
      )
    : "–";
const pct = (x: number | null) => (x == null ? "–" : `${Math.round(x * 1000) / 10} %`);

export async function renderReportPdf(m: ReportModel, generatedAt: Date): Promise<Uint8Array> {
  const L = LABELS.nb;
  const doc = new PDFDocument({
    pdfVersion: "1.7",
    tagged: true,
    lang: "nb-NO",
    displayTitle: true,
    subset: "PDF/A-2a",
    font: FONT,
    size: "A4",
    margin: 56,
    info: {
      Title: `${L.title}: ${m.title}`,
      Author: m.municipality,
      Subject: `${L.case} ${m.caseNumber}`,
      Creator: "Medvirk",
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });
  doc.registerFont("Sans", FONT);
  doc.registerFont("Bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  const root = doc.struct("Document");
  doc.addStructure(root);
  const width = doc.page.width - 112;
  const h = (tag: "H1" | "H2" | "H3", s: string) => {
    const size = tag === "H1" ? 20 : tag === "H2" ? 14 : 11.5;
    if (doc.y > doc.page.height - 120) doc.addPage();
    root.add(
      doc.struct(tag, {}, () => doc.font("Bold").fontSize(size).fillColor("#000").text(s, { width }).moveDown(0.3)),
    );
    doc.font("Sans").fontSize(10.5);
  };
  const p = (s: string, opts: { color?: string; indent?: number } = {}) => {
    root.add(
      doc.struct("P", {}, () =>
        doc
          .font("Sans")
          .fontSize(10.5)
          .fillColor(opts.color ?? "#000")
          .text(s, doc.page.margins.left + (opts.indent ?? 0), doc.y, { width: width - (opts.indent ?? 0) })
          .moveDown(0.35),
      ),
    );
  };
  const bar = (share: number) => {
    // A bar for the eye; the number is in the text. Artifact: not read out.
    const y = doc.y;
    doc.markContent("Artifact", { type: "Layout" });
    doc.rect(doc.page.margins.left, y, Math.max(1, Math.min(1, share) * 200), 6).fill("#1d5e8c");
    doc.endMarkedContent();
    doc.fillColor("#000");
    doc.y = y + 9;
  };
  const list = (items: string[]) => {
    const l = doc.struct("L");
    root.add(l);
    for (const it of items)
      l.add(
        doc.struct("LI", {}, [
          doc.struct("LBody", {}, () => doc.font("Sans").fontSize(10.5).text(`• ${it}`, { width })),
        ]),
      );
    l.end();
    doc.moveDown(0.3);
  };

  h("H1", `${L.title}: ${m.title}`);
  list([
    `${L.case}: ${m.caseNumber} ${m.caseTitle}`,
    `${L.body}: ${m.body}`,
    `${L.meeting}: ${fmtDate(m.meetingStartsAt)}`,
    `${L.period}: ${fmtDate(m.opensAt)} – ${fmtDate(m.closedAt ?? m.closesAt)}`,
    ...(m.plan ? [L.plan] : []),
    `${L.generated}: ${fmtDate(generatedAt.toISOString())} (${m.municipality})`,
  ]);
  if (m.summary) {
    h("H2", L.summary);
    p(m.summary);
  }

  h("H2", L.numbers);
  const n = m.numbers;
  list([
    `${L.participants}: ${n.participants}`,
    `${L.comments}: ${n.comments}`,
    `${L.replies}: ${n.replies}`,
    `${L.supports}: ${n.supports}`,
    `${L.pins}: ${n.pins}`,
    `${L.answers}: ${n.answers} (${L.byChannel.replace("{{web}}", String(n.answersByChannel.web)).replace("{{sms}}", String(n.answersByChannel.sms))})`,
    `${L.hidden}: ${n.hidden}`,
    `${L.perThousand}: ${n.perThousand}`,
  ]);

  if (m.questions.length) {
    h("H2", L.questions);
    for (const q of m.questions) {
      h("H3", `${q.prompt} (${q.respondents} ${L.respondents})`);
      for (const o of q.options) {
        p(`${o.label}: ${o.count} (${pct(o.share)})`);
        bar(o.share);
      }
      for (const s of q.scale) {
        p(`${s.value}: ${s.count}`);
        bar(q.respondents ? s.count / q.respondents : 0);
      }
      if (q.mean != null) p(`${L.mean}: ${q.mean}`);
      if (q.texts.length) list(q.texts);
    }
  }

  if (m.pinsByCategory.length) {
    h("H2", L.pinCategories);
    list(m.pinsByCategory.map((x) => `${x.category}: ${x.count}`));
  }

  h("H2", L.who);
  const groupTable = (
    title: string,
    rows: { group: string; participants: number | null; share: number | null; populationShare: number | null }[],
    unknown: number,
  ) => {
    if (!rows.length && !unknown) return;
    h("H3", title);
    list([
      ...rows.map(
        (r) =>
          `${r.group}: ${r.participants ?? L.suppressed} (${L.share} ${pct(r.share)}; ${L.popShare} ${pct(r.populationShare)})`,
      ),
      `${L.unknown}: ${unknown}`,
    ]);
  };
  groupTable(L.ageBand, n.byAgeBand, n.unknown.ageBand);
  groupTable(L.gender, n.byGender, n.unknown.gender);
  groupTable(L.area, n.byArea, n.unknown.area);

  h("H2", L.statements);
  if (!m.statements.length) p(L.noStatements);
  for (const s of m.statements) {
    const status = s.answeredAt
      ? `${L.answered} ${fmtDate(s.answeredAt)}, ${s.onTime ? L.onTime : L.late}`
      : L.notAnswered;
    h("H3", `${s.council}: ${status} (${L.deadline} ${fmtDate(s.deadline)})`);
    if (s.text) p(s.text);
  }

  if (m.panelSurveys.length) {
    h("H2", L.panelSurveys);
    p(L.panelIntro, { color: "#333" });
    for (const ps of m.panelSurveys) {
      h("H3", `${ps.panel}: ${ps.survey}`);
      p(
        `${ps.respondents} ${L.panelNumbers
          .replace("{{ess}}", ps.effectiveSize.toFixed(1))
          .replace("{{moe}}", (ps.marginOfError * 100).toFixed(1))
          .replace("{{by}}", ps.weightedBy.join(", ") || "–")}`,
      );
      let last = "";
      for (const l of ps.lines) {
        if (l.question !== last) {
          p(l.question);
          last = l.question;
        }
        const v = (x: number) => (l.item === "mean" || l.item.startsWith("rank: ") ? x.toFixed(2) : pct(x));
        p(`${l.item}: ${L.raw} ${v(l.raw)}, ${L.weighted} ${v(l.weighted)}`, { indent: 18 });
      }
    }
  }

  if (m.budgetPriorities.length) {
    h("H2", L.budgetPriorities);
    p(L.budgetIntro, { color: "#333" });
    const kr = (x: number) => new Intl.NumberFormat("nb-NO", { maximumFractionDigits: 0 }).format(x);
    for (const b of m.budgetPriorities) {
      h("H3", `${b.title} (${b.year})`);
      p(
        `${b.respondents} ${L.budgetNumbers.replace("{{ess}}", b.effectiveSize.toFixed(1))}; ${b.weighted ? L.budgetWeighted : L.budgetUnweighted}`,
      );
      for (const x of b.sectors)
        p(
          `${x.name}: ${L.thisYear} ${kr(x.base)}, ${L.median} ${kr(x.median)} (${L.quartiles} ${kr(x.q1)}–${kr(x.q3)}); ${L.wantMore} ${pct(x.more)}, ${L.wantLess} ${pct(x.less)}`,
          { indent: 18 },
        );
      for (const r of b.revenue) p(`${r.name}: ${pct(r.share)}`, { indent: 18 });
    }
  }

  const og = m.opinionGroups;
  if (og) {
    const fill = (tpl: string, v: Record<string, string>) =>
      tpl.replace(/\{\{(\w+)\}\}/g, (_x, k: string) => v[k] ?? "");
    const num = (x: number) => formatNumber(x, "nb");
    const share = (x: number | null) => (x == null ? "–" : formatPercent(x, "nb"));
    h("H2", L.opinionGroups);
    p(L.opinionIntro, { color: "#333" });
    if (!og.ok) p(fill(L.opinionTooFew, { participants: num(og.participants) }));
    else {
      p(fill(L.opinionNumbers, { participants: num(og.participants), clustered: num(og.clustered), k: num(og.k) }));
      for (const g of og.groups) {
        h("H3", fill(L.opinionGroup, { name: g.name, size: num(g.size) }));
        p(L.opinionRepresentative);
        list(
          g.representative.map(
            (r) =>
              `«${r.text}» (${r.side === "agree" ? L.opinionSideAgree : L.opinionSideDisagree}; ${fill(
                L.opinionShares,
                {
                  agree: share(r.agree),
                  disagree: share(r.disagree),
                  restAgree: share(r.restAgree),
                  restDisagree: share(r.restDisagree),
                },
              )})`,
          ),
        );
      }
      h("H3", L.opinionConsensus);
      if (!og.consensus.length) p(L.opinionNoConsensus);
      else
        list(
          og.consensus.map(
            (c) =>
              `«${c.text}» (${c.side === "agree" ? L.opinionSideAgree : L.opinionSideDisagree}; ${fill(
                L.opinionConsensusShares,
                {
                  agree: share(c.agree),
                  disagree: share(c.disagree),
                },
              )})`,
          ),
        );
    }
  }

  h("H2", L.allComments);
  p(L.pseudonymNote, { color: "#333" });
  if (!m.comments.length) p(L.noComments);
  for (const c of m.comments) {
    const who = `${L.participant} ${c.participant}${c.name ? ` (${c.name})` : ""}${c.replyTo ? `, ${L.replyTo} ${c.replyTo}` : ""} – ${fmtDate(c.createdAt)}${c.supports ? ` – ${L.supports}: ${c.supports}` : ""}`;
    root.add(
      doc.struct("P", {}, () =>
        doc
          .font("Bold")
          .fontSize(9.5)
          .fillColor("#333")
          .text(who, doc.page.margins.left + (c.replyTo ? 18 : 0), doc.y, { width: width - (c.replyTo ? 18 : 0) }),
      ),
    );
    p(c.body, { indent: c.replyTo ? 18 : 0 });
  }

  root.end();
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
