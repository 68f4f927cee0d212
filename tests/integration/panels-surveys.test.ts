import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "#app/modules/identity/permissions.ts";
import {
  claimNextSelection,
  createPanel,
  joinPool,
  requestDraw,
  runSelection,
  setQuotas,
  setRecruiting,
  type PanelDeps,
} from "#app/modules/panels/commands.server.ts";
import { purgeExpiredFrames, uploadFrame } from "#app/modules/panels/frames.server.ts";
import { seatedMembers } from "#app/modules/panels/queries.server.ts";
import type { QuotaRow } from "#app/modules/panels/quotas.ts";
import {
  answerSurvey,
  closeSurvey,
  createSurvey,
  listSurveys,
  openSurvey,
  remindSurvey,
  resultsOf,
  setPopulationMargins,
} from "#app/modules/panels/surveys.server.ts";
import { readAnswers } from "#app/modules/panels/surveys.ts";
import {
  panelFrames,
  panelInvitations,
  panelPoolMembers,
  panels,
  panelSurveyResponses,
  panelSurveys,
  persons,
} from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { DiskStorage } from "#app/lib/storage.server.ts";
import {
  closeConsultation,
  createConsultation,
  type ConsultationDeps,
} from "#app/modules/consultations/commands.server.ts";
import { buildModel, generateReport, reportFile } from "#app/modules/consultations/report.server.ts";
import { consultationFixture } from "./consultations-setup.ts";
import { freshDb } from "#tests/setup/db.ts";

// Panel surveys and sampling frames on the real database (both drivers):
// only the seated panel answers, once, and answers are stored without who
// gave them; weighted results reproduce the population margins; a frame's
// text is dropped when processed and its personal data when retention ends.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PanelDeps;
let vadso: string;
let oslo: string;
let clock = new Date("2026-11-20T10:00:00Z");
let staff: Actor;
let osloStaff: Actor;
let panelId: string;
const personOf = new Map<string, string>(); // pool member name → person id

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
let nPersons = 0;
async function person(): Promise<string> {
  const [p] = await h.db
    .insert(persons)
    .values({ email: `s${nPersons++}@example.org`, emailVerifiedAt: clock })
    .returning({ id: persons.id });
  return p!.id;
}
const q = (category: string, feature: string, min: number, max: number, share: number | null): QuotaRow => ({
  category,
  feature,
  min,
  max,
  populationShare: share,
  tolerance: null,
});

beforeAll(async () => {
  h = await freshDb();
  await seedMunicipalities(h);
  const ids = await h.rows<{ id: string; number: string }>(
    sql`select id, number from municipalities where number in ('5607', '0301')`,
  );
  vadso = ids.find((r) => r.number === "5607")!.id;
  oslo = ids.find((r) => r.number === "0301")!.id;
  deps = {
    db: h,
    now: () => clock,
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish: () => {}, subscribe: () => () => {} },
  };
  staff = {
    id: await person(),
    memberships: [{ tenantId: vadso, role: "secretary", bodyId: null }],
    platformAdmin: false,
  };
  osloStaff = {
    id: await person(),
    memberships: [{ tenantId: oslo, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  // A panel of 8 whose draw over-represents women and the young.
  panelId = must(
    await createPanel(deps, staff, { tenantId: vadso, key: "survey", title: { nb: "Panel" }, size: 8 }),
  ).id;
  must(
    await setQuotas(deps, staff, {
      tenantId: vadso,
      panelId,
      rows: [
        q("kjønn", "kvinne", 5, 5, 0.5),
        q("kjønn", "mann", 3, 3, 0.5),
        q("alder", "ung", 5, 5, null),
        q("alder", "eldre", 3, 3, null),
      ],
    }),
  );
  must(await setRecruiting(deps, staff, { tenantId: vadso, panelId, open: true }));
  const pool = [
    ...Array(4).fill(["kvinne", "ung"]),
    ...Array(3).fill(["kvinne", "eldre"]),
    ...Array(3).fill(["mann", "ung"]),
    ...Array(3).fill(["mann", "eldre"]),
  ] as [string, string][];
  for (const [i, [g, a]] of pool.entries()) {
    clock = new Date(clock.getTime() + 1000);
    const p = await person();
    personOf.set(`P${i}`, p);
    must(
      await joinPool(deps, p, {
        tenantId: vadso,
        panelId,
        name: `P${i}`,
        profile: { kjønn: g, alder: a },
        consent: true,
      }),
    );
  }
  const job = must(await requestDraw(deps, staff, { tenantId: vadso, panelId, seed: "surveys" }));
  expect(await claimNextSelection(deps)).toBe(job.id);
  await runSelection(deps, job.id);
});
afterAll(async () => {
  await h?.dispose();
});

const QUESTIONS = [
  "single: Kjønn? | kvinne; mann",
  "multi: Hvordan reiser du? | Buss; Sykkel; Bil",
  "scale 1-5: Hvor fornøyd er du med kommunen?",
  "ranking: Ranger tiltakene | Park; Vei; Skole",
  "text: Andre kommentarer?",
  "matrix: Hvor enig er du? | Enig; Uenig | Flere busser; Lavere fart",
].join("\n");

describe("panel surveys", () => {
  let surveyId = "";
  it("staff create and open a survey (line-precise errors; other municipalities refused); every seated member is invited", async () => {
    expect(
      await createSurvey(deps, staff, {
        tenantId: vadso,
        panelId,
        key: "s1",
        title: "Vår",
        questions: "single: A | x; y\nsingel: B | x; y",
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.survey.questionLine", params: { line: 2 } } });
    expect(
      await createSurvey(deps, osloStaff, { tenantId: oslo, panelId, key: "s1", title: "Vår", questions: QUESTIONS }),
    ).toMatchObject({ ok: false, error: { status: 404 } });
    surveyId = must(
      await createSurvey(deps, staff, { tenantId: vadso, panelId, key: "s1", title: "Vår", questions: QUESTIONS }),
    ).id;
    const [s] = await h.db.select().from(panelSurveys).where(eq(panelSurveys.id, surveyId));
    expect(s!.questions.map((x) => x.kind)).toEqual(["single", "multi", "scale", "ranking", "text", "matrix"]);
    expect(await openSurvey(deps, osloStaff, { tenantId: vadso, surveyId })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(must(await openSurvey(deps, staff, { tenantId: vadso, surveyId })).invited).toBe(8);
    expect(await openSurvey(deps, staff, { tenantId: vadso, surveyId })).toMatchObject({
      ok: false,
      error: { code: "errors.survey.notDraft" },
    });
  });

  it("seated members answer once; others cannot; answers carry no member id", async () => {
    const seated = await seatedMembers(h.db, panelId);
    const seatedNames = new Set(seated.map((m) => m.name));
    const outsider = [...personOf.entries()].find(([name]) => !seatedNames.has(name))!;
    const form =
      (g: string, extra: Record<string, string[]> = {}) =>
      (name: string) =>
        ({
          q1: [g],
          q2: ["Buss", "Bil"],
          q3: ["4"],
          "q4.0": ["2"],
          "q4.1": ["1"],
          "q4.2": [""],
          q5: ["Fint"],
          "q6.0": ["Enig"],
          "q6.1": [] as string[],
          ...extra,
        })[name] ?? [];
    expect(
      readAnswers(
        (await h.db.select().from(panelSurveys).where(eq(panelSurveys.id, surveyId)))[0]!.questions,
        form("kvinne", { "q4.1": ["2"] }),
      ).invalid,
    ).toBe("q4");
    const questions = (await h.db.select().from(panelSurveys).where(eq(panelSurveys.id, surveyId)))[0]!.questions;
    const { answers } = readAnswers(questions, form("x"));
    expect(answers).toBeDefined();
    expect(
      await answerSurvey(deps, outsider[1], { tenantId: vadso, surveyId, answers: { q1: "kvinne" } }),
    ).toMatchObject({ ok: false, error: { code: "errors.survey.notMember" } });
    for (const m of seated.slice(0, 6)) {
      const r = readAnswers(questions, form(m.profile.kjønn!));
      expect(r.invalid).toBeNull();
      must(await answerSurvey(deps, personOf.get(m.name)!, { tenantId: vadso, surveyId, answers: r.answers }));
    }
    expect(
      await answerSurvey(deps, personOf.get(seated[0]!.name)!, {
        tenantId: vadso,
        surveyId,
        answers: { q1: "kvinne" },
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.survey.alreadyAnswered" } });
    const cols = await h.rows<{ column_name: string }>(
      sql`select column_name from information_schema.columns where table_name = 'panel_survey_responses'`,
    );
    expect(cols.map((c) => c.column_name).sort()).toEqual(["answers", "id", "profile", "survey_id", "tenant_id"]);
    expect(await h.db.select().from(panelSurveyResponses)).toHaveLength(6);
    const [rate] = await listSurveys(h.db, panelId);
    expect([rate!.responded, rate!.invited]).toEqual([6, 8]);
    expect(must(await remindSurvey(deps, staff, { tenantId: vadso, surveyId })).reminded).toBe(2);
  });

  it("weighted results reproduce the population margins (raking), with effective sample size and margin of error", async () => {
    const [s] = await h.db.select().from(panelSurveys).where(eq(panelSurveys.id, surveyId));
    // Margins from the quotas' population shares: kjønn 50/50 (alder has none, so it is not weighted on).
    const r = await resultsOf(h.db, vadso, s!);
    expect(r.respondents).toBe(6);
    expect(r.weighting.used).toEqual(["kjønn"]);
    expect(r.weighting.converged).toBe(true);
    // q1 asks for the respondent's gender: its weighted shares are the margin itself.
    const q1 = r.questions[0]!.options!;
    expect(q1.find((o) => o.option === "kvinne")!.weighted).toBeCloseTo(0.5, 6);
    expect(q1.find((o) => o.option === "kvinne")!.raw).not.toBeCloseTo(0.5, 2);
    expect(r.weighting.effectiveSize).toBeLessThanOrEqual(6);
    expect(r.weighting.marginOfError).toBeCloseTo(1.96 * Math.sqrt(0.25 / r.weighting.effectiveSize), 9);
    expect(r.representativeness.find((x) => x.feature === "mann")!.population).toBeCloseTo(0.5, 9);
    expect(r.questions[3]!.ranks!.find((x) => x.option === "Vei")!.raw).toBe(1);
    expect(r.questions[4]!.texts).toHaveLength(6);
    // Uploaded margins take precedence over the quota shares.
    expect(
      await setPopulationMargins(deps, staff, { tenantId: vadso, text: "kjønn,kvinne,100\nkjønn,mann" }),
    ).toMatchObject({ ok: false, error: { code: "errors.survey.marginLine", params: { line: 2 } } });
    expect(await setPopulationMargins(deps, osloStaff, { tenantId: vadso, text: "kjønn,kvinne,100" })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    must(await setPopulationMargins(deps, staff, { tenantId: vadso, text: "kjønn,kvinne,2000\nkjønn,mann,6000" }));
    const r2 = await resultsOf(h.db, vadso, s!);
    expect(r2.questions[0]!.options!.find((o) => o.option === "kvinne")!.weighted).toBeCloseTo(0.25, 6);
    must(await closeSurvey(deps, staff, { tenantId: vadso, surveyId }));
    expect(
      await answerSurvey(deps, personOf.get("P0")!, { tenantId: vadso, surveyId, answers: { q1: "kvinne" } }),
    ).toMatchObject({ ok: false, error: { code: "errors.survey.notOpen" } });
  });
});

describe("panel results in a consultation's input report", () => {
  it("a closed survey of a panel tied to the case goes into the report: raw and weighted, in the PDF, the JSON and the CSV", async () => {
    const f = await consultationFixture(h, vadso, { year: 2026, sequence: 7311 });
    await h.db.update(panels).set({ caseId: f.caseId }).where(eq(panels.id, panelId));
    const cdeps = {
      ...deps,
      files: new DiskStorage(mkdtempSync(path.join(os.tmpdir(), "medvirk-panel-report-"))),
      env: { MEDVIRK_MAX_UPLOAD_MB: 5 },
    } as unknown as ConsultationDeps;
    const consultationId = must(
      await createConsultation(cdeps, f.secretary, {
        tenantId: vadso,
        caseId: f.caseId,
        bodyId: f.bodies.deciding,
        meetingId: f.meetings.m1,
        title: { nb: "Høring med panel" },
        opensAt: new Date(clock.getTime() - 86_400_000),
      }),
    ).id;
    must(await closeConsultation(cdeps, f.secretary, { tenantId: vadso, consultationId }));
    const model = (await buildModel(cdeps, vadso, consultationId))!;
    expect(model.panelSurveys).toHaveLength(1);
    const ps = model.panelSurveys[0]!;
    expect(ps).toMatchObject({ panel: "Panel", respondents: 6, weightedBy: ["kjønn"] });
    // The uploaded margins (25 % women) weight the first question as in the panel's own results.
    const kvinne = ps.lines.find((l) => l.question === "Kjønn?" && l.item === "kvinne")!;
    expect(kvinne.weighted).toBeCloseTo(0.25, 6);
    expect(ps.lines.some((l) => l.item === "mean")).toBe(true);
    const rep = must(await generateReport(cdeps, f.secretary, { tenantId: vadso, consultationId }));
    const pdf = (await reportFile(cdeps, vadso, rep.id, "pdf"))!;
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain("Innbyggerpanelets svar");
    expect(text).toContain("Panel: " + ps.survey);
    expect(text).toContain("kvinne: rå");
    expect(
      JSON.parse(new TextDecoder().decode((await reportFile(cdeps, vadso, rep.id, "json"))!)).panelSurveys[0]
        .respondents,
    ).toBe(6);
    expect(new TextDecoder().decode((await reportFile(cdeps, vadso, rep.id, "csv"))!)).toContain(`panel-survey,,,,`);
    // A panel that is not tied to the case adds nothing.
    await h.db.update(panels).set({ caseId: null }).where(eq(panels.id, panelId));
    expect((await buildModel(cdeps, vadso, consultationId))!.panelSurveys).toEqual([]);
  });
});

describe("sampling frames", () => {
  const FRAME = [
    "name,phone,email,kjønn",
    "Ola,+4790000001,,mann",
    "Kari,,kari@example.org,kvinne",
    "Per,+4790000003,,mann",
    "Liv,,liv@example.org,kvinne",
    "Ane,+4790000005,,kvinne",
  ].join("\n");
  it("line-precise errors; the file's text is dropped once processed; a random sample is invited", async () => {
    expect(
      await uploadFrame(deps, osloStaff, {
        tenantId: vadso,
        panelId,
        fileName: "f.csv",
        content: FRAME,
        sampleSize: 2,
        retentionDays: 30,
      }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    expect(
      await uploadFrame(deps, staff, {
        tenantId: vadso,
        panelId,
        fileName: "f.csv",
        content: FRAME + "\nNoContact,,,mann",
        sampleSize: 2,
        retentionDays: 30,
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.frame.row", params: { line: 7 } } });
    expect(
      await uploadFrame(deps, staff, {
        tenantId: vadso,
        panelId,
        fileName: "f.csv",
        content: "navn,telefon\nA,1",
        sampleSize: 1,
        retentionDays: 30,
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.frame.header", params: { line: 1 } } });
    expect(
      await uploadFrame(deps, staff, {
        tenantId: vadso,
        panelId,
        fileName: "f.csv",
        content: FRAME,
        sampleSize: 9,
        retentionDays: 30,
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.frame.sampleTooLarge", params: { rows: 5 } } });
    const r = must(
      await uploadFrame(deps, staff, {
        tenantId: vadso,
        panelId,
        fileName: "f.csv",
        content: FRAME,
        sampleSize: 3,
        retentionDays: 30,
        seed: "frame",
      }),
    );
    expect(r).toMatchObject({ rows: 5, invited: 3 });
    const [frame] = await h.db.select().from(panelFrames).where(eq(panelFrames.id, r.id));
    expect(frame!.content).toBeNull();
    expect(frame!.processedAt).not.toBeNull();
    const inv = await h.db.select().from(panelInvitations).where(eq(panelInvitations.frameId, r.id));
    expect(inv).toHaveLength(3);
    expect(inv.every((i) => i.contact && i.name && i.profile?.kjønn)).toBe(true);
    expect(new Set(inv.map((i) => i.code)).size).toBe(3);
  });

  it("the frame's personal data is deleted when its retention ends, not before", async () => {
    expect(await purgeExpiredFrames(deps)).toBe(0);
    const before = await h.db.select().from(panelInvitations);
    expect(before.every((i) => i.contact !== null)).toBe(true);
    clock = new Date(clock.getTime() + 31 * 86_400_000);
    expect(await purgeExpiredFrames(deps)).toBe(1);
    const after = await h.db.select().from(panelInvitations);
    expect(after.every((i) => i.contact === null && i.name === null && i.profile === null)).toBe(true);
    const frames = await h.db.select().from(panelFrames);
    expect(frames.every((f) => f.deletedAt !== null && f.content === null)).toBe(true);
    expect(await purgeExpiredFrames(deps)).toBe(0);
    // The pool itself is untouched.
    expect((await h.db.select().from(panelPoolMembers)).length).toBe(13);
  });
});
