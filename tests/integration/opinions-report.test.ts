import { sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConsultation, createConsultation, type Resident } from "#app/modules/consultations/commands.server.ts";
import { buildModel, generateReport, reportFile } from "#app/modules/consultations/report.server.ts";
import { castOpinionVote, setOpinionSection, submitOpinionStatement } from "#app/modules/opinions/commands.server.ts";
import { opinionVotes } from "#db/schema/index.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { politicalWorld } from "./political-setup.ts";

// Issue 23 (ADR 066): the input report shows the opinion groups of the consultation's statements:
// how many voted and were clustered, k, each group's size and representative statements (shares in
// the group and among the rest) and the consensus statements, in the model, the CSV, the JSON and
// the PDF's text; with too few voters it says so plainly; without statements the section is absent.
let w: Awaited<ReturnType<typeof politicalWorld>>;
let f: Awaited<ReturnType<typeof consultationFixture>>;

beforeAll(async () => {
  w = await politicalWorld();
  f = await consultationFixture(w.h, w.vadso, { sequence: 2325 });
});
afterAll(async () => {
  await w?.dispose();
});

async function consultationWithStatements(n: number) {
  w.setClock(new Date("2026-11-22T10:00:00Z"));
  const id = must(
    await createConsultation(w.deps, f.secretary, {
      tenantId: w.vadso,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Hva mener du om gangveien?" },
      opensAt: new Date("2026-11-01T08:00:00Z"),
    }),
  ).id;
  must(await setOpinionSection(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id, enabled: true }));
  const author = await f.resident("Forslagsstiller");
  const statements: string[] = [];
  for (let i = 0; i < n; i++)
    statements.push(
      must(
        await submitOpinionStatement(w.deps, author, { tenantId: w.vadso, consultationId: id, text: `Påstand ${i}` }),
      ).id,
    );
  return { id, statements };
}

async function report(id: string) {
  must(await closeConsultation(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
  const r = must(await generateReport(w.deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
  const file = async (kind: "pdf" | "json" | "csv") => (await reportFile(w.deps, w.vadso, r.id, kind))!;
  const pdf = (
    await extractText(await getDocumentProxy(new Uint8Array(await file("pdf"))), { mergePages: true })
  ).text.replace(/\s+/g, " "); // lines wrap, and Intl puts a no-break space before "%"
  const dec = new TextDecoder();
  return { pdf, csv: dec.decode(await file("csv")), json: JSON.parse(dec.decode(await file("json"))) };
}

describe("opinion groups in the input report", () => {
  it("two camps: k = 2, the group sizes, representative statements and the consensus statement", async () => {
    const { id, statements } = await consultationWithStatements(10);
    const campA = await Promise.all(Array.from({ length: 10 }, (_, i) => f.resident(`A${i}`)));
    const campB = await Promise.all(Array.from({ length: 10 }, (_, i) => f.resident(`B${i}`)));
    // Camp A agrees with 0–4 and disagrees with 5–8; camp B the opposite; everyone agrees with 9.
    // One vote goes through the command (as the web and SMS do); the rest straight in, for speed.
    must(
      await castOpinionVote(w.deps, campA[0]!, {
        tenantId: w.vadso,
        consultationId: id,
        statementId: statements[0]!,
        value: 1,
        channel: "sms",
      }),
    );
    const rows = [...campA.map((r) => [r, 1] as const), ...campB.map((r) => [r, -1] as const)].flatMap(
      ([r, sign]: readonly [Resident, number]) =>
        statements.map((s, i) => ({
          tenantId: w.vadso,
          consultationId: id,
          statementId: s,
          personId: r.personId,
          value: i === 9 ? 1 : i < 5 ? sign : -sign,
          updatedAt: new Date("2026-11-22T10:02:00Z"),
        })),
    );
    await w.h.db
      .insert(opinionVotes)
      .values(rows)
      .onConflictDoUpdate({
        target: [opinionVotes.statementId, opinionVotes.personId],
        set: { value: sql`excluded.value` },
      });

    const model = (await buildModel(w.deps, w.vadso, id))!;
    const og = model.opinionGroups;
    if (!og?.ok) throw new Error(JSON.stringify(og));
    expect(og).toMatchObject({ participants: 20, clustered: 20, k: 2 });
    expect(og.groups.map((g) => [g.name, g.size])).toEqual([
      ["A", 10],
      ["B", 10],
    ]);
    for (const g of og.groups) {
      expect(g.representative.length).toBeGreaterThan(0);
      for (const r of g.representative) {
        expect(r.text).toMatch(/^Påstand [0-8]$/);
        // Each camp is unanimous, so a statement that sets it apart has 100 % on its side in the group and 0 % among the rest.
        expect(r.side === "agree" ? [r.agree, r.restAgree] : [r.disagree, r.restDisagree]).toEqual([1, 0]);
      }
    }
    expect(og.consensus).toContainEqual({
      text: "Påstand 9",
      side: "agree",
      agree: 1,
      disagree: 0,
      restAgree: null,
      restDisagree: null,
    });

    const { pdf, csv, json } = await report(id);
    expect(json.opinionGroups).toMatchObject({ ok: true, participants: 20, clustered: 20, k: 2 });
    expect(json.opinionGroups.groups.map((g: { size: number }) => g.size)).toEqual([10, 10]);
    expect(csv).toContain("opinion-groups,,,,2,k");
    expect(csv).toContain("opinion-groups,,,,20,clustered");
    expect(csv).toContain("opinion-group,A,,,10,size");
    expect(csv).toContain("opinion-group,B,,,10,size");
    expect(csv).toContain('opinion-consensus,,agree,,"1.0000;0.0000",Påstand 9');
    expect(csv).toMatch(/opinion-representative,A,(agree|disagree),,"1\.0000;0\.0000;0\.0000;1\.0000",Påstand [0-8]/);
    expect(pdf).toContain("Påstander og meningsgrupper");
    expect(pdf).toContain(
      "20 deltakere stemte, 20 av dem med nok stemmer til å plasseres i en gruppe. Antall grupper (k): 2.",
    );
    expect(pdf).toContain("Gruppe A: 10 deltakere");
    expect(pdf).toContain("Gruppe B: 10 deltakere");
    expect(pdf).toContain("Påstander alle gruppene er enige om");
    expect(pdf).toContain("«Påstand 9» (flertall enig; 100 % enig, 0 % uenig)");
    expect(pdf).toMatch(
      /«Påstand [0-8]» \(flertall enig; i gruppen 100 % enig, 0 % uenig; blant de andre 0 % enig, 100 % uenig\)/,
    );
  });

  it("too few voters: the report says so plainly; without statements the section is absent", async () => {
    const { id, statements } = await consultationWithStatements(3);
    const ann = await f.resident("Ann");
    must(
      await castOpinionVote(w.deps, ann, {
        tenantId: w.vadso,
        consultationId: id,
        statementId: statements[0]!,
        value: 1,
      }),
    );
    expect((await buildModel(w.deps, w.vadso, id))!.opinionGroups).toEqual({
      ok: false,
      reason: "too-few-participants",
      participants: 1,
    });
    const { pdf, csv, json } = await report(id);
    expect(pdf).toContain("For få deltakere til å danne grupper: 1 har stemt på påstandene.");
    expect(csv).toContain("opinion-groups,,,,1,too_few_participants");
    expect(json.opinionGroups).toEqual({ ok: false, reason: "too-few-participants", participants: 1 });

    const none = await consultationWithStatements(0);
    const model = (await buildModel(w.deps, w.vadso, none.id))!;
    expect(model.opinionGroups).toBeNull();
    const r = await report(none.id);
    expect(r.pdf).not.toContain("Påstander og meningsgrupper");
    expect(r.csv).not.toContain("opinion-groups");
  });
});
