// Ballot throughput for participatory budgeting (issue 8; method in bench/pb.RESULTS.md).
//
// Against real PostgreSQL ($DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
// creates a scratch database, migrates it, sets up a round in voting with 8 projects and
// VOTERS persons, then
//   baseline: a plain single-row INSERT loop (one statement at a time, autocommit), rows/s;
//   measured: WORKERS concurrent voters calling the real castBallot command (validation with
//             the pure rules, eligibility, roll upsert, anonymous ballot upsert, receipt), ballots/s;
// and reports ballots/s ÷ inserts/s (target ≥ 0.4). Every voter casts once; one voter per worker
// then changes their ballot. Afterwards it counts and compares: roll rows = voters, ballots =
// voters, submissions = casts, the box holds exactly each voter's last ballot (as a multiset), and
// every last receipt verifies as counted. The scratch database is dropped at the end.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { parseEnv } from "#app/lib/env.ts";
import {
  castBallot,
  createRound,
  movePhase,
  reviewProposal,
  submitProposal,
  verifyReceipt,
  type PbDeps,
} from "#app/modules/budgeting/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { openDb } from "#db/client.ts";
import { migrate } from "#db/migrate.ts";
import { persons } from "#db/schema/index.ts";
import { seedMunicipalities } from "#server/seed.ts";

const WORKERS = 200;
const VOTERS_PER_WORKER = 5;
const BASELINE_ROWS = 3000;
const TARGET = 0.4;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function ballotBench(): Promise<boolean> {
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  const name = `medvirk_pbbench_${process.pid}_${randomBytes(3).toString("hex")}`;
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (e) {
    console.log(
      `pb ballots: cannot create a scratch database on ${new URL(adminUrl).host} (${(e as Error).message}); set DATABASE_URL`,
    );
    await admin.end();
    return false;
  }
  const h = await openDb({ url: withDatabase(adminUrl, name) });
  try {
    return await measure(h);
  } finally {
    await h.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function measure(h: Awaited<ReturnType<typeof openDb>>): Promise<boolean> {
  await migrate(h);
  await seedMunicipalities(h);
  const [t] = await h.rows<{ id: string }>(sql`select id from municipalities where number = '5607'`);
  const tenantId = t!.id;
  const deps: PbDeps = {
    db: h,
    now: () => new Date(),
    log: { info() {}, debug() {}, error() {}, warn() {} },
    bus: { publish() {}, subscribe: () => () => {} },
    env: parseEnv({ MEDVIRK_SECRET: randomBytes(24).toString("hex"), LOG_LEVEL: "silent" }),
  };
  const staff: Actor = {
    id: (await h.db.insert(persons).values({ email: "bench-staff@example.org" }).returning({ id: persons.id }))[0]!.id,
    memberships: [{ tenantId, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const roundId = must(
    await createRound(deps, staff, {
      tenantId,
      key: "bench",
      title: { nb: "Benk" },
      budget: 1_000_000n,
      rules: { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } },
      eligibility: { level: "email" },
    }),
  ).id;
  must(await movePhase(deps, staff, { tenantId, roundId, to: "proposals" }));
  const costs = [150_000n, 220_000n, 90_000n, 400_000n, 310_000n, 60_000n, 180_000n, 250_000n];
  const codes: string[] = [];
  for (const [i, c] of costs.entries()) {
    const p = must(
      await submitProposal(deps, { id: staff.id }, { tenantId, roundId, title: `Prosjekt ${i + 1}`, estimatedCost: c }),
    );
    must(await reviewProposal(deps, staff, { tenantId, proposalId: p.id, decision: "feasible", officialCost: c }));
    codes.push(p.code);
  }
  must(await movePhase(deps, staff, { tenantId, roundId, to: "voting" }));
  const voters: string[] = [];
  const total = WORKERS * VOTERS_PER_WORKER;
  for (let i = 0; i < total; i += 500) {
    const rows = await h.db
      .insert(persons)
      .values(
        Array.from({ length: Math.min(500, total - i) }, (_, k) => ({
          email: `voter-${i + k}@example.org`,
          emailVerifiedAt: new Date(),
        })),
      )
      .returning({ id: persons.id });
    voters.push(...rows.map((r) => r.id));
  }
  // Ballots that fit the 1,000,000 budget, varied deterministically per voter.
  const ballotFor = (i: number, round: number): string[] => {
    const pick: string[] = [];
    let left = 1_000_000n;
    for (let k = 0; k < codes.length; k++) {
      const j = (i * 3 + k * (5 + round) + round) % codes.length;
      if (!pick.includes(codes[j]!) && costs[j]! <= left && (i + k + round) % 3 !== 0) {
        pick.push(codes[j]!);
        left -= costs[j]!;
      }
    }
    return pick.length ? pick : [codes[2]!];
  };

  // Baseline: a plain single-row INSERT loop on the same database.
  await h.db.execute(sql`create table bench_rows (id bigserial primary key, a uuid not null, b text not null)`);
  const insertLoop = async (n: number) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      await h.db.execute(sql`insert into bench_rows (a, b) values (${voters[i % voters.length]!}, ${"row " + i})`);
    return n / ((performance.now() - t0) / 1000);
  };
  await insertLoop(200); // warm-up
  const base1 = await insertLoop(BASELINE_ROWS);

  // Measured: WORKERS concurrent voters through castBallot.
  const last = new Map<number, { receipt: string; projects: string[] }>();
  let casts = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      const mine = Array.from({ length: VOTERS_PER_WORKER }, (_, k) => w * VOTERS_PER_WORKER + k);
      const plan = [...mine.map((i) => ({ i, round: 0 })), { i: mine[0]!, round: 1 }];
      for (const { i, round } of plan) {
        const projects = ballotFor(i, round);
        const r = await castBallot(deps, { id: voters[i]! }, { tenantId, roundId, ballot: { projects } });
        casts++;
        if (!r.ok) {
          errors++;
          continue;
        }
        last.set(i, { receipt: r.value.receipt, projects });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const ballotsPerSecond = casts / seconds;
  const base2 = await insertLoop(BASELINE_ROWS);
  const baseline = Math.max(base1, base2);
  const ratio = ballotsPerSecond / baseline;

  // Count and compare.
  const [counts] = await h.rows<{ roll: number; ballots: number; submissions: number }>(
    sql`select (select count(*)::int from pb_voter_roll where round_id = ${roundId}) as roll, (select count(*)::int from pb_ballots where round_id = ${roundId}) as ballots, (select coalesce(sum(submissions), 0)::int from pb_voter_roll where round_id = ${roundId}) as submissions`,
  );
  const box = await h.rows<{ projects: string[] }>(sql`select projects from pb_ballots where round_id = ${roundId}`);
  const key = (p: readonly string[]) => [...p].sort().join(",");
  const multiset = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return [...m.entries()].sort().join(";");
  };
  const expected = multiset([...last.values()].map((v) => key(v.projects)));
  const actual = multiset(box.map((b) => key(b.projects)));
  let receiptsOk = 0;
  for (const v of last.values()) {
    const c = await verifyReceipt(deps, { tenantId, roundId, code: v.receipt });
    if (c.status === "counted" && key(c.projects) === key(v.projects)) receiptsOk++;
  }
  const lost = total - counts!.ballots;
  const duplicated = Math.max(0, counts!.roll - total) + Math.max(0, counts!.ballots - total);
  const ok =
    errors === 0 &&
    lost === 0 &&
    duplicated === 0 &&
    counts!.roll === total &&
    counts!.submissions === casts &&
    expected === actual &&
    receiptsOk === total &&
    ratio >= TARGET;
  console.log(
    [
      `ballot throughput (PostgreSQL, pool ${process.env.DB_POOL_MAX ?? 10} connections):`,
      `  plain single-row INSERT loop: ${base1.toFixed(0)} rows/s before, ${base2.toFixed(0)} rows/s after (baseline = the faster)`,
      `  castBallot, ${WORKERS} concurrent voters: ${casts} ballots (${total} voters, ${WORKERS} changed) in ${seconds.toFixed(2)} s = ${ballotsPerSecond.toFixed(0)} ballots/s`,
      `  ratio ballots/s ÷ inserts/s = ${ratio.toFixed(2)} (target ≥ ${TARGET})`,
      `  after the run: roll ${counts!.roll}, ballots ${counts!.ballots}, submissions ${counts!.submissions} of ${casts} casts, errors ${errors}, lost ${lost}, duplicated ${duplicated}, box = last ballots: ${expected === actual ? "yes" : "NO"}, receipts verified ${receiptsOk}/${total}`,
      `  ${ok ? "ok" : "FAILED"}`,
    ].join("\n"),
  );
  return ok;
}
