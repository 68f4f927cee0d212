import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import type { PbDeps } from "#app/modules/budgeting/commands.server.ts";
import {
  createPriorities,
  prioritiesResults,
  setPrioritiesStatus,
  submitPriorities,
} from "#app/modules/budgeting/priorities.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { pbPriorities, persons } from "#db/schema/index.ts";
import type { StoredSector } from "#db/schema/budgeting.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";
import { eq } from "drizzle-orm";
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
import { consultationFixture, must } from "./consultations-setup.ts";

// Budget priorities for the ordinary budget on the real database (both
// drivers): staff set sectors with limits, residents submit balanced
// allocations (one per person, the last counts, also when sent at once),
// unbalanced or out-of-limit ones are refused and nothing is stored, and the
// results are weighted to the population.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PbDeps;
let vadso: string;
let staff: Actor;
let id: string;
const people: string[] = [];
const clock = new Date("2026-11-20T10:00:00Z");
const M = 1_000_000n;
const SECTORS: StoredSector[] = [
  {
    key: "school",
    name: { nb: "Skole" },
    amount: "100000000",
    min: "90000000",
    max: "120000000",
    less: { nb: "Større klasser." },
    more: { nb: "Flere lærere." },
  },
  { key: "care", name: { nb: "Helse og omsorg" }, amount: "150000000", min: "140000000", max: "170000000" },
  { key: "culture", name: { nb: "Kultur" }, amount: "10000000", min: "5000000", max: "15000000" },
];
const alloc = (school: bigint, care: bigint, culture: bigint, revenue: string[] = []) => ({
  amounts: { school: school * M, care: care * M, culture: culture * M },
  revenue,
});

beforeAll(async () => {
  h = await freshDb();
  await seedMunicipalities(h);
  vadso = (await h.rows<{ id: string }>(sql`select id from municipalities where number = '5607'`))[0]!.id;
  deps = {
    db: h,
    now: () => clock,
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish: () => {}, subscribe: () => () => {} },
    env: parseEnv({ MEDVIRK_SECRET: "test-secret-test-secret-test-secret-0123", LOG_LEVEL: "silent" }),
  };
  for (let i = 0; i < 5; i++)
    people.push(
      (
        await h.db
          .insert(persons)
          .values({ email: `prio-${i}@example.org`, emailVerifiedAt: clock })
          .returning({ id: persons.id })
      )[0]!.id,
    );
  staff = { id: people[0]!, memberships: [{ tenantId: vadso, role: "admin", bodyId: null }], platformAdmin: false };
});
afterAll(async () => {
  await h?.dispose();
});

describe("budget priorities", () => {
  it("staff create a consultation with sectors and limits; bad limits and other municipalities are refused", async () => {
    const input = {
      tenantId: vadso,
      key: "budsjett-2027",
      title: { nb: "Budsjett 2027" },
      year: 2027,
      sectors: SECTORS,
      revenue: [{ key: "property-tax", name: { nb: "Høyere eiendomsskatt" }, delta: "5000000" }],
      areas: ["sentrum", "kiby"],
      margins: { area: { sentrum: 500, kiby: 500 } },
    };
    expect(
      await createPriorities(deps, { id: people[1]!, memberships: [], platformAdmin: false }, input),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    expect(
      await createPriorities(deps, staff, { ...input, sectors: [SECTORS[0]!, { ...SECTORS[1]!, min: "160000000" }] }),
    ).toMatchObject({ ok: false, error: { code: "errors.prioritiesLimits" } });
    const r = await createPriorities(deps, staff, input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    id = r.value.id;
    expect(
      await submitPriorities(deps, { id: people[1]! }, { tenantId: vadso, id, allocation: alloc(100n, 150n, 10n) }),
    ).toMatchObject({ ok: false, error: { code: "errors.prioritiesClosed" } });
    expect(await setPrioritiesStatus(deps, staff, { tenantId: vadso, id, status: "open" })).toMatchObject({ ok: true });
  });

  it("an unbalanced or out-of-limit allocation is refused with the reasons and nothing is stored", async () => {
    const over = await submitPriorities(
      deps,
      { id: people[1]! },
      { tenantId: vadso, id, allocation: alloc(110n, 150n, 10n) },
    );
    expect(over).toMatchObject({
      ok: false,
      error: { code: "errors.allocationInvalid", allocationErrors: [{ code: "over-spent", difference: 10n * M }] },
    });
    const limits = await submitPriorities(
      deps,
      { id: people[1]! },
      { tenantId: vadso, id, allocation: alloc(80n, 170n, 10n) },
    );
    expect(limits).toMatchObject({ ok: false, error: { allocationErrors: [{ code: "below-min", sector: "school" }] } });
    expect(
      await submitPriorities(
        deps,
        { id: people[1]! },
        { tenantId: vadso, id, allocation: alloc(100n, 150n, 10n), area: "oslo" },
      ),
    ).toMatchObject({ ok: false, error: { field: "area" } });
    expect((await h.rows<{ n: number }>(sql`select count(*)::int as n from pb_priority_responses`))[0]!.n).toBe(0);
  });

  it("one response per person: two at once end as one row, the last counts", async () => {
    const [a, b] = await Promise.all([
      submitPriorities(
        deps,
        { id: people[1]! },
        { tenantId: vadso, id, allocation: alloc(110n, 145n, 5n), area: "sentrum", ageBand: "18-29" },
      ),
      submitPriorities(
        deps,
        { id: people[1]! },
        {
          tenantId: vadso,
          id,
          allocation: alloc(105n, 150n, 10n, ["property-tax"]),
          area: "sentrum",
          ageBand: "18-29",
        },
      ),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const rows = await h.rows<{ submissions: number }>(
      sql`select submissions from pb_priority_responses where person_id = ${people[1]!}`,
    );
    expect(rows).toEqual([{ submissions: 2 }]);
  });

  it("results: medians by sector and area, weighted to the population", async () => {
    await submitPriorities(
      deps,
      { id: people[1]! },
      { tenantId: vadso, id, allocation: alloc(110n, 145n, 5n), area: "sentrum", ageBand: "18-29" },
    );
    await submitPriorities(
      deps,
      { id: people[2]! },
      { tenantId: vadso, id, allocation: alloc(110n, 150n, 5n, ["property-tax"]), area: "sentrum", ageBand: "30-44" },
    );
    await submitPriorities(
      deps,
      { id: people[3]! },
      { tenantId: vadso, id, allocation: alloc(120n, 140n, 5n, ["property-tax"]), area: "sentrum", ageBand: "30-44" },
    );
    await submitPriorities(
      deps,
      { id: people[4]! },
      { tenantId: vadso, id, allocation: alloc(90n, 160n, 10n), area: "kiby", ageBand: "60-74" },
    );
    expect(await setPrioritiesStatus(deps, staff, { tenantId: vadso, id, status: "closed" })).toMatchObject({
      ok: true,
    });
    expect(
      await submitPriorities(deps, { id: people[4]! }, { tenantId: vadso, id, allocation: alloc(100n, 150n, 10n) }),
    ).toMatchObject({ ok: false, error: { code: "errors.prioritiesClosed" } });
    const [row] = await h.db.select().from(pbPriorities).where(eq(pbPriorities.id, id));
    const res = await prioritiesResults(h.db, row!);
    expect(res.respondents).toBe(4);
    expect(res.weighted).toBe(true);
    const school = res.sectors.find((s) => s.key === "school")!;
    expect(school.less).toBeCloseTo(0.5, 9); // Kiby is half the population but one of four respondents
    expect(school.byGroup.area!.kiby).toMatchObject({ median: 90_000_000, count: 1 });
    expect(school.byGroup.ageBand!["30-44"]).toMatchObject({ count: 2 });
  });

  it("tied to the budget case, the closed results go into the input report of a consultation on that case (PDF, JSON, CSV)", async () => {
    const f = await consultationFixture(h, vadso, { year: 2026, sequence: 5150 });
    const input = {
      tenantId: vadso,
      key: "budsjett-sak",
      title: { nb: "Budsjett 2027 (sak)" },
      year: 2027,
      sectors: SECTORS,
    };
    expect(await createPriorities(deps, staff, { ...input, caseNumber: "2026/9999" })).toMatchObject({
      ok: false,
      error: { code: "errors.prioritiesCase", field: "case" },
    });
    expect(await createPriorities(deps, staff, { ...input, caseNumber: "sak fem" })).toMatchObject({
      ok: false,
      error: { code: "errors.prioritiesCase" },
    });
    // The closed consultation from the tests above is tied to the case directly (its results are known).
    const r = await createPriorities(deps, staff, { ...input, caseNumber: " 2026 / 5150 " });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    await h.db.update(pbPriorities).set({ caseId: f.caseId }).where(eq(pbPriorities.id, id));
    const cdeps = {
      ...deps,
      files: new DiskStorage(mkdtempSync(path.join(os.tmpdir(), "medvirk-prio-report-"))),
      env: { MEDVIRK_MAX_UPLOAD_MB: 5 },
    } as unknown as ConsultationDeps;
    const consultationId = must(
      await createConsultation(cdeps, f.secretary, {
        tenantId: vadso,
        caseId: f.caseId,
        bodyId: f.bodies.deciding,
        meetingId: f.meetings.m1,
        title: { nb: "Høring om budsjettet" },
        opensAt: new Date(clock.getTime() - 86_400_000),
      }),
    ).id;
    must(await closeConsultation(cdeps, f.secretary, { tenantId: vadso, consultationId }));
    // The new one is still a draft: only the closed consultation is in.
    const model = (await buildModel(cdeps, vadso, consultationId))!;
    expect(model.budgetPriorities.map((b) => b.title)).toEqual(["Budsjett 2027"]);
    const [row] = await h.db.select().from(pbPriorities).where(eq(pbPriorities.id, id));
    const res = await prioritiesResults(h.db, row!);
    const b = model.budgetPriorities[0]!;
    expect(b).toMatchObject({ respondents: 4, weighted: true, year: 2027 });
    const school = b.sectors.find((x) => x.key === "school")!;
    expect(school).toMatchObject({
      name: "Skole",
      base: 100_000_000,
      median: res.sectors.find((x) => x.key === "school")!.median,
      less: res.sectors.find((x) => x.key === "school")!.less,
    });
    expect(b.revenue.find((x) => x.key === "property-tax")!.name).toBe("Høyere eiendomsskatt");
    const rep = must(await generateReport(cdeps, f.secretary, { tenantId: vadso, consultationId }));
    const pdf = (await reportFile(cdeps, vadso, rep.id, "pdf"))!;
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain("Innbyggernes budsjettprioriteringer");
    expect(text).toContain("Skole: i år 100");
    expect(
      JSON.parse(new TextDecoder().decode((await reportFile(cdeps, vadso, rep.id, "json"))!)).budgetPriorities[0]
        .respondents,
    ).toBe(4);
    expect(new TextDecoder().decode((await reportFile(cdeps, vadso, rep.id, "csv"))!)).toContain(
      "budget-priorities,,,,",
    );
  });
});
