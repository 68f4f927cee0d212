import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "#app/lib/deps.ts";
import { parseEnv } from "#app/lib/env.ts";
import { DiskStorage } from "#app/lib/storage.server.ts";
import {
  castBallot,
  computeResult,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
} from "#app/modules/budgeting/commands.server.ts";
import {
  followProject,
  implementationOf,
  postUpdate,
  updatePhoto,
  type ImplDeps,
} from "#app/modules/budgeting/implementation.server.ts";
import { compareRules } from "#app/modules/budgeting/compare.server.ts";
import { electionFromBallots, tally } from "#app/modules/budgeting/tally.ts";
import { pbRounds } from "#db/schema/index.ts";
import { eq } from "drizzle-orm";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Implementation tracking on the real database (both drivers): only staff of
// the municipality post updates, only on funded projects and only in the
// implementation phase; status, progress, final cost and a photo (type
// sniffed, alt text required); followers are told by e-mail.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: ImplDeps;
let dir: string;
let vadso: string;
let staff: Actor;
let osloStaff: Actor;
let roundId: string;
let resident: string;
const ids: Record<string, string> = {};
let clock = new Date("2026-11-20T10:00:00Z");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

beforeAll(async () => {
  h = await freshDb();
  await seedMunicipalities(h);
  dir = await mkdtemp(path.join(tmpdir(), "pb-impl-"));
  const ms = await h.rows<{ id: string; number: string }>(
    sql`select id, number from municipalities where number in ('5607', '0301')`,
  );
  vadso = ms.find((r) => r.number === "5607")!.id;
  const oslo = ms.find((r) => r.number === "0301")!.id;
  deps = {
    db: h,
    now: () => clock,
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish: () => {}, subscribe: () => () => {} },
    env: parseEnv({
      MEDVIRK_SECRET: "test-secret-test-secret-test-secret-0123",
      LOG_LEVEL: "silent",
      MEDVIRK_DEV_INBOX: "1",
      PUBLIC_URL: "https://medvirk.example",
    }),
    files: new DiskStorage(dir),
  };
  const person = async (email: string) =>
    (
      await h.db.insert(persons).values({ email, emailVerifiedAt: clock, locale: "nb" }).returning({ id: persons.id })
    )[0]!.id;
  const s = await person("impl-staff@example.org");
  staff = { id: s, memberships: [{ tenantId: vadso, role: "admin", bodyId: null }], platformAdmin: false };
  osloStaff = { id: s, memberships: [{ tenantId: oslo, role: "admin", bodyId: null }], platformAdmin: false };
  resident = await person("follower@example.org");
  roundId = must(
    await createRound(deps, staff, {
      tenantId: vadso,
      key: "pb-impl",
      title: { nb: "Innbyggerbudsjett 2026" },
      budget: 50_000n,
      rules: { ballot: { kind: "approval" }, tally: { rule: "greedy" } },
    }),
  ).id;
  must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "proposals" }));
  for (const [name, title, cost] of [
    ["won", "Benker i parken", 30_000n],
    ["lost", "Ny ballbinge", 40_000n],
  ] as const) {
    const p = must(
      await submitProposal(deps, { id: resident }, { tenantId: vadso, roundId, title, estimatedCost: cost }),
    );
    ids[name] = p.id;
    ids[`${name}Code`] = p.code;
    must(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.id,
        decision: "feasible",
        officialCost: cost,
      }),
    );
  }
  must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "voting" }));
  must(await castBallot(deps, { id: resident }, { tenantId: vadso, roundId, ballot: { projects: [ids.wonCode!] } }));
  must(
    await castBallot(
      deps,
      { id: s },
      { tenantId: vadso, roundId, ballot: { projects: [ids.wonCode!, ids.lostCode!] } },
    ),
  );
  must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "result" }));
  must(await computeResult(deps, staff, { tenantId: vadso, roundId }));
});
afterAll(async () => {
  await h?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const update = (over: Partial<Parameters<typeof postUpdate>[2]> = {}, actor = staff) =>
  postUpdate(deps, actor, {
    tenantId: vadso,
    proposalId: ids.won!,
    body: "Benkene er bestilt.",
    status: "in-progress",
    progress: 20,
    ...over,
  });

describe("implementation tracking", () => {
  it("residents follow a funded project once the result is out; a project that lost cannot be followed", async () => {
    expect(
      must(await followProject(deps, { id: resident }, { tenantId: vadso, proposalId: ids.won!, follow: true })),
    ).toEqual({ following: true });
    must(await followProject(deps, { id: resident }, { tenantId: vadso, proposalId: ids.won!, follow: true }));
    expect(
      await followProject(deps, { id: resident }, { tenantId: vadso, proposalId: ids.lost!, follow: true }),
    ).toMatchObject({ ok: false, error: { code: "errors.notFunded" } });
    const [n] = await h.rows<{ n: number }>(sql`select count(*)::int as n from pb_follows`);
    expect(n!.n).toBe(1);
  });

  it("updates wait for the implementation phase and only staff of the municipality post them, only on funded projects", async () => {
    expect(await update()).toMatchObject({ ok: false, error: { code: "errors.notImplementing", status: 409 } });
    must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "implementation" }));
    expect(await update({}, osloStaff)).toMatchObject({ ok: false, error: { status: 403 } });
    expect(await update({}, { id: resident, memberships: [], platformAdmin: false })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    expect(await update({ proposalId: ids.lost! })).toMatchObject({ ok: false, error: { code: "errors.notFunded" } });
  });

  it("bad input is refused with the field and nothing is stored", async () => {
    expect(await update({ progress: 101 })).toMatchObject({ ok: false, error: { field: "progress" } });
    expect(await update({ body: "x" })).toMatchObject({ ok: false, error: { field: "body" } });
    expect(await update({ status: "done", progress: 100 })).toMatchObject({
      ok: false,
      error: { code: "errors.finalCostRequired", field: "finalCost" },
    });
    expect(
      await update({ photo: { bytes: new TextEncoder().encode("<svg onload=alert(1)>"), alt: "Et bilde" } }),
    ).toMatchObject({ ok: false, error: { code: "errors.photoType", status: 415 } });
    expect(await update({ photo: { bytes: PNG, alt: " " } })).toMatchObject({
      ok: false,
      error: { field: "photoAlt" },
    });
    const [n] = await h.rows<{ n: number }>(sql`select count(*)::int as n from pb_updates`);
    expect(n!.n).toBe(0);
  });

  it("an update with a photo moves the project on, is audited, and its followers get an e-mail", async () => {
    const r = must(await update({ photo: { bytes: PNG, alt: "Tre nye benker ved dammen" } }));
    expect(r.told).toBe(1);
    const mail = devInbox(deps as unknown as Deps).find((m) => m.to === "follower@example.org");
    expect(mail?.subject).toBe(`Nytt om Benker i parken (${ids.wonCode})`);
    expect(mail?.text).toContain("Benker i parken: Under arbeid, 20 % ferdig.");
    expect(mail?.text).toContain(`https://medvirk.example/vadso/budgeting/pb-impl/implementation#${ids.wonCode}`);
    const photo = await updatePhoto(deps, vadso, r.id);
    expect(photo?.type).toBe("image/png");
    expect([...photo!.bytes]).toEqual([...PNG]);
    const ms = await h.rows<{ id: string }>(sql`select id from municipalities where number = '0301'`);
    expect(await updatePhoto(deps, ms[0]!.id, r.id)).toBeNull();
    const audit = await h.rows<{ action: string }>(
      sql`select action from audit_events where subject_id = ${ids.won!} order by seq`,
    );
    expect(audit.map((a) => a.action)).toContain("budgeting.update.posted");
  });

  it("done with the final cost; the public view has status, progress, costs and updates newest first; unfollowing stops the e-mails", async () => {
    must(await followProject(deps, { id: resident }, { tenantId: vadso, proposalId: ids.won!, follow: false }));
    clock = new Date("2027-05-02T12:00:00Z");
    const r = must(await update({ body: "Benkene er satt opp.", status: "done", progress: 100, finalCost: 28_500n }));
    expect(r.told).toBe(0);
    const [p] = await implementationOf(h.db, roundId, resident);
    expect(p).toMatchObject({
      code: ids.wonCode,
      status: "done",
      progress: 100,
      finalCost: 28_500n,
      officialCost: 30_000n,
      following: false,
      followers: 0,
    });
    expect(p!.updates.map((u) => u.body)).toEqual(["Benkene er satt opp.", "Benkene er bestilt."]);
    expect(p!.updates[1]!.photo).toEqual({ alt: "Tre nye benker ved dammen" });
  });

  it("staff compare the rules side by side on the same ballots: each column is the pure tally of that rule", async () => {
    const [round] = await h.db.select().from(pbRounds).where(eq(pbRounds.id, roundId));
    const [c] = await compareRules(h.db, round!);
    expect(c!.ballots).toBe(2);
    expect(c!.outcomes.map((o) => o.key)).toEqual(["greedy", "mes-none", "mes-add1", "mes-add1-exhaustive"]);
    const box = await h.rows<{ projects: string[] }>(sql`select projects from pb_ballots where round_id = ${roundId}`);
    const e = electionFromBallots(
      { kind: "approval" },
      c!.projects,
      50_000n,
      0,
      box.map((b) => ({ projects: b.projects })),
    );
    expect(c!.outcomes[0]!.selected).toEqual([...tally(e, { rule: "greedy", options: {} }).selected]);
    expect(c!.outcomes[2]!.selected).toEqual([...tally(e, { rule: "mes", options: { completion: "add1" } }).selected]);
    expect(c!.outcomes[0]).toMatchObject({ selected: [ids.wonCode], cost: 30_000n, voters: 2, votersWithWinner: 2 });
  });
});
