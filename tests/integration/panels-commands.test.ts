import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "#app/lib/bus.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import {
  claimNextSelection,
  createPanel,
  joinPool,
  publishSelection,
  replaceMember,
  requestDraw,
  runSelection,
  setQuotas,
  setRecruiting,
  type PanelDeps,
} from "#app/modules/panels/commands.server.ts";
import { poolComposition, seatedMembers } from "#app/modules/panels/queries.server.ts";
import { instanceFiles, instanceOf, type QuotaRow } from "#app/modules/panels/quotas.ts";
import { parseCategories, parseRespondents } from "#app/modules/panels/sortition/csv.ts";
import { selectPanel } from "#app/modules/panels/sortition/select.ts";
import { panelMembers, panelSelectionEntries, panelSelections, persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Panel commands on the real database (both drivers): permission and tenant
// refusals, line-precise quota errors, one job per draw, the job's result
// (quotas met by every drawn panel, over random pools), seed reproducibility,
// replacements that keep the quotas.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PanelDeps;
let vadso: string;
let oslo: string;
const events: DomainEvent[] = [];
let clock = new Date("2026-11-20T10:00:00Z");
let staff: Actor;
let osloStaff: Actor;
let resident: Actor;
let moderator: Actor;

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
let nPersons = 0;
async function person(): Promise<string> {
  const [p] = await h.db
    .insert(persons)
    .values({ email: `p${nPersons++}@example.org`, emailVerifiedAt: clock })
    .returning({ id: persons.id });
  return p!.id;
}
const q = (category: string, feature: string, min: number, max: number): QuotaRow => ({
  category,
  feature,
  min,
  max,
  populationShare: null,
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
    bus: { publish: (e) => void events.push(e), subscribe: () => () => {} },
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
  moderator = {
    id: await person(),
    memberships: [{ tenantId: vadso, role: "moderator", bodyId: null }],
    platformAdmin: false,
  };
  resident = { id: await person(), memberships: [], platformAdmin: false };
});
afterAll(async () => {
  await h?.dispose();
});

async function panelWithPool(
  key: string,
  k: number,
  rows: QuotaRow[],
  profiles: Record<string, string>[],
): Promise<string> {
  const id = must(await createPanel(deps, staff, { tenantId: vadso, key, title: { nb: key }, size: k }));
  must(await setQuotas(deps, staff, { tenantId: vadso, panelId: id.id, rows }));
  must(await setRecruiting(deps, staff, { tenantId: vadso, panelId: id.id, open: true }));
  for (const [i, profile] of profiles.entries()) {
    clock = new Date(clock.getTime() + 1000); // joining order = row order of the draw
    must(
      await joinPool(deps, await person(), {
        tenantId: vadso,
        panelId: id.id,
        name: `Person ${i}`,
        profile,
        consent: true,
      }),
    );
  }
  return id.id;
}

async function drawNow(
  panelId: string,
  seed: string,
  method: "leximin" | "legacy" = "leximin",
  opts: { maxSeconds?: number } = {},
) {
  const job = must(await requestDraw(deps, staff, { tenantId: vadso, panelId, seed, method }));
  const claimed = await claimNextSelection(deps);
  expect(claimed).toBe(job.id);
  await runSelection(deps, job.id, opts);
  const [sel] = await h.db.select().from(panelSelections).where(eq(panelSelections.id, job.id));
  return sel!;
}

const POOL = [
  ...Array.from({ length: 6 }, () => ({ kjønn: "kvinne", alder: "ung" })),
  ...Array.from({ length: 2 }, () => ({ kjønn: "kvinne", alder: "eldre" })),
  ...Array.from({ length: 3 }, () => ({ kjønn: "mann", alder: "ung" })),
  ...Array.from({ length: 5 }, () => ({ kjønn: "mann", alder: "eldre" })),
];
const QUOTAS = [
  q("kjønn", "kvinne", 2, 2),
  q("kjønn", "mann", 2, 2),
  q("alder", "ung", 2, 2),
  q("alder", "eldre", 2, 2),
];

describe("panel setup: permission, tenant and input checks", () => {
  it("refuses a resident, a moderator and another municipality's admin; the secretary creates it", async () => {
    const input = { tenantId: vadso, key: "klima", title: { nb: "Klimapanel" }, size: 4 };
    expect(await createPanel(deps, resident, input)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await createPanel(deps, moderator, input)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await createPanel(deps, osloStaff, input)).toMatchObject({ ok: false, error: { status: 403 } });
    const { id } = must(await createPanel(deps, staff, input));
    expect(await createPanel(deps, staff, input)).toMatchObject({ ok: false, error: { code: "errors.keyTaken" } });
    // Oslo's staff cannot touch Vadsø's panel even by id, nor with Oslo's tenant id.
    expect(await setQuotas(deps, osloStaff, { tenantId: vadso, panelId: id, rows: QUOTAS })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(await setQuotas(deps, osloStaff, { tenantId: oslo, panelId: id, rows: QUOTAS })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    expect(await requestDraw(deps, osloStaff, { tenantId: oslo, panelId: id })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
  });

  it("quotas that sum inconsistently: the error names the line and the category", async () => {
    const { id } = must(
      await createPanel(deps, staff, { tenantId: vadso, key: "sums", title: { nb: "Sum" }, size: 4 }),
    );
    const r = await setQuotas(deps, staff, {
      tenantId: vadso,
      panelId: id,
      rows: [q("kjønn", "kvinne", 1, 1), q("kjønn", "mann", 1, 2), q("alder", "ung", 3, 3), q("alder", "eldre", 2, 2)],
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: "errors.quota.sumBelowK", params: { line: 1, category: "kjønn", value: 3, k: 4 } },
    });
    const r2 = await setQuotas(deps, staff, {
      tenantId: vadso,
      panelId: id,
      rows: [q("kjønn", "kvinne", 2, 2), q("kjønn", "mann", 2, 2), q("alder", "ung", 3, 3), q("alder", "eldre", 2, 2)],
    });
    expect(r2).toMatchObject({
      ok: false,
      error: { code: "errors.quota.sumAboveK", params: { line: 3, category: "alder" } },
    });
    expect(await setRecruiting(deps, staff, { tenantId: vadso, panelId: id, open: true })).toMatchObject({
      ok: false,
      error: { code: "errors.noQuotas" },
    });
  });

  it("joining needs recruitment open, consent and a profile with offered features; once per person", async () => {
    const { id } = must(
      await createPanel(deps, staff, { tenantId: vadso, key: "join", title: { nb: "Bli med" }, size: 4 }),
    );
    must(await setQuotas(deps, staff, { tenantId: vadso, panelId: id, rows: QUOTAS }));
    const p = await person();
    const base = {
      tenantId: vadso,
      panelId: id,
      name: "Kari",
      profile: { kjønn: "kvinne", alder: "ung" },
      consent: true,
    };
    expect(await joinPool(deps, p, base)).toMatchObject({ ok: false, error: { code: "errors.notRecruiting" } });
    must(await setRecruiting(deps, staff, { tenantId: vadso, panelId: id, open: true }));
    expect(await joinPool(deps, p, { ...base, consent: false })).toMatchObject({
      ok: false,
      error: { code: "errors.consentRequired" },
    });
    expect(await joinPool(deps, p, { ...base, profile: { kjønn: "kvinne", alder: "gammel" } })).toMatchObject({
      ok: false,
      error: { code: "errors.profile.unknown", params: { category: "alder" } },
    });
    expect(await joinPool(deps, p, { ...base, profile: { kjønn: "kvinne" } })).toMatchObject({
      ok: false,
      error: { code: "errors.profile.missing", params: { category: "alder" } },
    });
    expect(await joinPool(deps, p, { ...base, tenantId: oslo })).toMatchObject({ ok: false, error: { status: 404 } });
    must(await joinPool(deps, p, base));
    expect(await joinPool(deps, p, base)).toMatchObject({ ok: false, error: { code: "errors.alreadyJoined" } });
    const c = await poolComposition(h.db, { id, size: 4 });
    expect(c.n).toBe(1);
    expect(c.cells.map((x) => [x.feature, x.pool, x.status])).toEqual([
      ["kvinne", 1, "short"],
      ["mann", 0, "short"],
      ["ung", 1, "short"],
      ["eldre", 0, "short"],
    ]);
    expect(events.some((e) => e.type === "panels.pool.changed" && e.panelId === id)).toBe(true);
  });
});

describe("the draw as a job", () => {
  it("a draw requested twice is one job; only staff of the municipality may request it", async () => {
    const id = await panelWithPool("twice", 4, QUOTAS, POOL);
    expect(await requestDraw(deps, resident, { tenantId: vadso, panelId: id })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const [a, b] = await Promise.all([
      requestDraw(deps, staff, { tenantId: vadso, panelId: id, seed: "s1" }),
      requestDraw(deps, staff, { tenantId: vadso, panelId: id, seed: "s2" }),
    ]);
    expect(must(a).id).toBe(must(b).id);
    expect([must(a).existing, must(b).existing].sort()).toEqual([false, true]);
    const jobs = await h.db.select().from(panelSelections).where(eq(panelSelections.panelId, id));
    expect(jobs).toHaveLength(1);
    // Two workers claiming at once: one gets it.
    const claims = await Promise.all([claimNextSelection(deps), claimNextSelection(deps)]);
    expect(claims.filter(Boolean)).toEqual([jobs[0]!.id]);
    await runSelection(deps, jobs[0]!.id);
    expect(events.filter((e) => e.type === "panels.selection.finished" && e.selectionId === jobs[0]!.id)).toHaveLength(
      1,
    );
  });

  it("stores every member's probability (summing to k), seats a quota-meeting panel, and the same seed gives the same panel", async () => {
    const a = await panelWithPool("seed-a", 4, QUOTAS, POOL);
    const b = await panelWithPool("seed-b", 4, QUOTAS, POOL);
    const sa = await drawNow(a, "same-seed");
    const sb = await drawNow(b, "same-seed");
    expect(sa.status).toBe("done");
    expect(sa.algorithmVersion).toBe("medvirk-sortition-2");
    const entries = await h.db.select().from(panelSelectionEntries).where(eq(panelSelectionEntries.selectionId, sa.id));
    expect(entries).toHaveLength(POOL.length);
    expect(entries.reduce((s, e) => s + e.probability, 0)).toBeCloseTo(4, 6);
    const rowsOf = async (selectionId: string) => {
      const seated = await h.db.select().from(panelMembers).where(eq(panelMembers.selectionId, selectionId));
      const es = await h.db
        .select()
        .from(panelSelectionEntries)
        .where(eq(panelSelectionEntries.selectionId, selectionId));
      return seated.map((m) => es.find((e) => e.poolMemberId === m.poolMemberId)!.row).sort((x, y) => x - y);
    };
    const drawn = await rowsOf(sa.id);
    expect(drawn).toEqual(await rowsOf(sb.id));
    // Anyone can re-run it: the pool as instance files, read back as the CLI reads them, same seed → same panel.
    const files = instanceFiles(instanceOf(QUOTAS, 4, POOL));
    const cats = parseCategories(files.categories);
    const again = await selectPanel(
      { k: 4, quotas: cats.quotas, people: parseRespondents(files.respondents, cats.quotas).people },
      { method: "leximin", seed: "same-seed" },
    );
    expect(again.ok && [...again.selection.panel]).toEqual(drawn);
    const audit = sa.audit as { seed: string; reproduce: string; probabilities: number[] };
    expect(audit.seed).toBe("same-seed");
    expect(audit.reproduce).toContain("--seed 'same-seed'");
    expect(await requestDraw(deps, staff, { tenantId: vadso, panelId: a })).toMatchObject({
      ok: false,
      error: { code: "errors.panelSelected" },
    });
    expect(await publishSelection(deps, osloStaff, { tenantId: oslo, selectionId: sa.id })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    must(await publishSelection(deps, staff, { tenantId: vadso, selectionId: sa.id }));
  });

  it("infeasible quotas end as a report naming the conflict; k larger than the pool fails with the reason", async () => {
    const id = await panelWithPool(
      "infeasible",
      4,
      [q("kjønn", "kvinne", 4, 4), q("kjønn", "mann", 0, 0), q("alder", "ung", 0, 0), q("alder", "eldre", 4, 4)],
      POOL,
    );
    const s = await drawNow(id, "x");
    expect(s.status).toBe("infeasible");
    expect(s.report).toMatch(/kvinne|eldre/);
    const small = await panelWithPool("small", 4, QUOTAS, POOL.slice(0, 3));
    const s2 = await drawNow(small, "x");
    expect(s2.status).toBe("failed");
    expect(s2.error).toMatch(/pool/i);
    // Failed or infeasible: the panel can be drawn again.
    expect(await requestDraw(deps, staff, { tenantId: vadso, panelId: id })).toMatchObject({ ok: true });
    await runSelection(deps, (await claimNextSelection(deps))!);
  });

  it("a LEXIMIN draw past its time limit ends as failed with errors.drawTimeout, and the panel can be drawn again", async () => {
    const id = await panelWithPool("timeout", 4, QUOTAS, POOL);
    const s = await drawNow(id, "t", "leximin", { maxSeconds: 0 });
    expect(s.status).toBe("failed");
    expect(s.error).toBe("errors.drawTimeout");
    expect(s.progress).toMatchObject({ phase: "timeout" });
    expect(await h.db.select().from(panelMembers).where(eq(panelMembers.selectionId, s.id))).toHaveLength(0);
    const again = await drawNow(id, "t", "leximin", { maxSeconds: 60 });
    expect(again.status).toBe("done");
  });

  it("every drawn panel meets the quotas, over random pools (fast-check, both methods)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b"), fc.constantFrom("x", "y", "z")), { minLength: 8, maxLength: 20 }),
        fc.constantFrom<"leximin" | "legacy">("leximin", "legacy"),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (people, method, seed) => {
          const quotas = [
            q("g", "a", 1, 3),
            q("g", "b", 1, 3),
            q("h", "x", 0, 2),
            q("h", "y", 1, 2),
            q("h", "z", 0, 2),
          ];
          const id = await panelWithPool(
            `prop-${n++}`,
            4,
            quotas,
            people.map(([g, hh]) => ({ g, h: hh })),
          );
          const s = await drawNow(id, seed, method);
          if (s.status === "infeasible") return;
          expect(s.status).toBe("done");
          const seated = await seatedMembers(h.db, id);
          expect(seated).toHaveLength(4);
          for (const quota of quotas) {
            const c = seated.filter((m) => m.profile[quota.category] === quota.feature).length;
            expect(c).toBeGreaterThanOrEqual(quota.min!);
            expect(c).toBeLessThanOrEqual(quota.max!);
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it("a replacement keeps every quota and prefers the same profile", async () => {
    const id = await panelWithPool("replace", 4, QUOTAS, POOL);
    const s = await drawNow(id, "rep");
    expect(s.status).toBe("done");
    let seated = await seatedMembers(h.db, id);
    const leaving = seated[0]!;
    expect(await replaceMember(deps, osloStaff, { tenantId: oslo, panelMemberId: leaving.id })).toMatchObject({
      ok: false,
      error: { status: 404 },
    });
    expect(await replaceMember(deps, resident, { tenantId: vadso, panelMemberId: leaving.id })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const r = must(await replaceMember(deps, staff, { tenantId: vadso, panelMemberId: leaving.id }));
    expect(r.sameProfile).toBe(true);
    seated = await seatedMembers(h.db, id);
    const active = seated.filter((m) => m.status === "active");
    expect(active).toHaveLength(4);
    for (const quota of QUOTAS)
      expect(active.filter((m) => m.profile[quota.category] === quota.feature)).toHaveLength(2);
    expect(seated.find((m) => m.id === r.replacementId)!.replacesId).toBe(leaving.id);
    expect(await replaceMember(deps, staff, { tenantId: vadso, panelMemberId: leaving.id })).toMatchObject({
      ok: false,
      error: { code: "errors.alreadyDropped" },
    });
  });
});
