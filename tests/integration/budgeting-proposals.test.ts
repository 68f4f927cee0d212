import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import {
  commentProposal,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
  supportProposal,
  type PbDeps,
} from "#app/modules/budgeting/commands.server.ts";
import { listAreas, listProposals, proposalComments, proposalSupport } from "#app/modules/budgeting/queries.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";

// Proposals before voting on the real database (both drivers): support (once
// per person, only while proposals are taken or reviewed), comments, merging
// with a public reason, and the list filtered by area and category.
let h: Awaited<ReturnType<typeof freshDb>>;
let deps: PbDeps;
let vadso: string;
let staff: Actor;
let roundId: string;
const people: string[] = [];
const p: Record<string, { id: string; code: string }> = {};
const clock = new Date("2026-11-20T10:00:00Z");
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

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
  for (let i = 0; i < 3; i++)
    people.push(
      (
        await h.db
          .insert(persons)
          .values({ email: `prop-${i}@example.org`, emailVerifiedAt: clock })
          .returning({ id: persons.id })
      )[0]!.id,
    );
  staff = { id: people[0]!, memberships: [{ tenantId: vadso, role: "admin", bodyId: null }], platformAdmin: false };
  roundId = must(
    await createRound(deps, staff, {
      tenantId: vadso,
      key: "pb-forslag",
      title: { nb: "Forslag" },
      budget: 1n,
      rules: { ballot: { kind: "approval" }, tally: { rule: "greedy" } },
      categories: ["park", "idrett"],
      areas: [
        { key: "sentrum", name: { nb: "Sentrum" }, budget: 50_000n },
        { key: "kiby", name: { nb: "Kiby" }, budget: 30_000n },
      ],
    }),
  ).id;
  must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "proposals" }));
  for (const [name, area, category] of [
    ["benker", "sentrum", "park"],
    ["benker2", "sentrum", "park"],
    ["bane", "sentrum", "idrett"],
    ["brygge", "kiby", "park"],
  ] as const) {
    p[name] = must(
      await submitProposal(
        deps,
        { id: people[1]! },
        { tenantId: vadso, roundId, areaKey: area, title: `Forslag ${name}`, estimatedCost: 10_000n, category },
      ),
    );
  }
});
afterAll(async () => {
  await h?.dispose();
});

describe("proposals before voting", () => {
  it("residents support a proposal once each; support closes with review", async () => {
    must(await supportProposal(deps, { id: people[1]! }, { tenantId: vadso, proposalId: p.benker!.id }));
    must(await supportProposal(deps, { id: people[1]! }, { tenantId: vadso, proposalId: p.benker!.id }));
    must(await supportProposal(deps, { id: people[2]! }, { tenantId: vadso, proposalId: p.benker!.id }));
    expect(await proposalSupport(h.db, p.benker!.id, people[2]!)).toEqual({ count: 2, mine: true });
    expect(await proposalSupport(h.db, p.bane!.id, people[2]!)).toEqual({ count: 0, mine: false });
    const other = (await h.rows<{ id: string }>(sql`select id from municipalities where number = '0301'`))[0]!.id;
    expect(
      await supportProposal(deps, { id: people[2]! }, { tenantId: other, proposalId: p.benker!.id }),
    ).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it("comments: an empty one is refused with the field; the others are listed oldest first", async () => {
    expect(
      await commentProposal(deps, { id: people[2]! }, { tenantId: vadso, proposalId: p.benker!.id, body: "   " }),
    ).toMatchObject({ ok: false, error: { field: "body" } });
    must(
      await commentProposal(
        deps,
        { id: people[2]! },
        { tenantId: vadso, proposalId: p.benker!.id, body: "Gjerne med ryggstø." },
      ),
    );
    must(
      await commentProposal(
        deps,
        { id: people[1]! },
        { tenantId: vadso, proposalId: p.benker!.id, body: "Og armlener." },
      ),
    );
    expect((await proposalComments(h.db, p.benker!.id)).map((c) => c.body).sort()).toEqual([
      "Gjerne med ryggstø.",
      "Og armlener.",
    ]);
  });

  it("staff merge a duplicate into another proposal with a public reason; a bad target is refused", async () => {
    expect(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.benker2!.id,
        decision: "merged",
        reason: "Samme som det andre forslaget",
        mergedIntoCode: "P99",
      }),
    ).toMatchObject({ ok: false, error: { field: "mergedInto" } });
    expect(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.benker2!.id,
        decision: "merged",
        reason: "Samme",
        mergedIntoCode: p.benker2!.code,
      }),
    ).toMatchObject({ ok: false, error: { field: "mergedInto" } });
    expect(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.benker2!.id,
        decision: "merged",
        mergedIntoCode: p.benker!.code,
      }),
    ).toMatchObject({ ok: false, error: { field: "reason" } });
    must(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.benker2!.id,
        decision: "merged",
        reason: "Samme som det andre forslaget",
        mergedIntoCode: p.benker!.code,
      }),
    );
    const [row] = await h.rows<{ status: string; status_reason: string; merged_into_id: string }>(
      sql`select status, status_reason, merged_into_id from pb_proposals where id = ${p.benker2!.id}`,
    );
    expect(row).toEqual({
      status: "merged",
      status_reason: "Samme som det andre forslaget",
      merged_into_id: p.benker!.id,
    });
  });

  it("the list filters by area and by category", async () => {
    const areas = await listAreas(h.db, roundId);
    const sentrum = areas.find((a) => a.key === "sentrum")!.id;
    expect((await listProposals(h.db, roundId, { areaId: sentrum })).map((x) => x.code).sort()).toEqual(
      [p.bane!.code, p.benker!.code, p.benker2!.code].sort(),
    );
    expect((await listProposals(h.db, roundId, { category: "park" })).map((x) => x.code).sort()).toEqual(
      [p.benker!.code, p.benker2!.code, p.brygge!.code].sort(),
    );
    expect((await listProposals(h.db, roundId, { areaId: sentrum, category: "idrett" })).map((x) => x.code)).toEqual([
      p.bane!.code,
    ]);
  });

  it("support closes when voting opens", async () => {
    must(
      await reviewProposal(deps, staff, {
        tenantId: vadso,
        proposalId: p.bane!.id,
        decision: "feasible",
        officialCost: 10_000n,
      }),
    );
    must(await movePhase(deps, staff, { tenantId: vadso, roundId, to: "voting" }));
    expect(await supportProposal(deps, { id: people[2]! }, { tenantId: vadso, proposalId: p.bane!.id })).toMatchObject({
      ok: false,
      error: { code: "errors.notTakingProposals" },
    });
  });
});
