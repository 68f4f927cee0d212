// SSR of a consultation page with 300 comments (and 300 supports), as a ratio
// to a bare Remix page (/privacy: the root layout and one static route)
// served by the same server in the same run; 50 concurrent connections
// (autocannon), page cache off so every request renders, in alternating rounds
// (median of the rounds' ratios). Issue 6 target: ≥ 0.5 of the bare route. The database is prepared before the server starts
// (PGlite on disk is one process's at a time); the server then migrates and
// seeds idempotently as at every start.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { openDb } from "#db/client.ts";
import { migrate } from "#db/migrate.ts";
import {
  agendaItems,
  bodies,
  cases,
  consultationComments,
  consultationSupports,
  meetings,
  municipalities,
  persons,
} from "#db/schema/index.ts";
import { runSeed } from "#server/seed.ts";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { fmt, load, type LoadResult } from "./lib/load.ts";
import { spawnMedvirk } from "./lib/servers.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COMMENTS = 300;
const TARGET = 0.5;
const DAY = 86_400_000;

async function prepare(dir: string): Promise<string> {
  const h = await openDb({ dir: path.join(dir, "pglite") });
  try {
    await migrate(h);
    const now = new Date();
    await runSeed(h, { demo: true, now });
    const db = h.db;
    const [m] = await db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.slug, "vadso"));
    const tenantId = m!.id;
    const [plan] = await db
      .select({ id: bodies.id })
      .from(bodies)
      .where(and(eq(bodies.tenantId, tenantId), eq(bodies.key, "plan")));
    const [c] = await db
      .insert(cases)
      .values({
        tenantId,
        year: now.getUTCFullYear(),
        sequence: 9300,
        title: { nb: "Benchmark-sak" },
        summary: { nb: "En sak med mange innspill." },
      })
      .returning({ id: cases.id });
    const [mt] = await db
      .insert(meetings)
      .values({ tenantId, bodyId: plan!.id, key: "bench-meeting", startsAt: new Date(now.getTime() + 60 * DAY) })
      .returning({ id: meetings.id });
    await db.insert(agendaItems).values({ tenantId, meetingId: mt!.id, caseId: c!.id, position: 1 });
    const [sec] = await db
      .insert(persons)
      .values({ email: "bench-secretary@example.org", emailVerifiedAt: now })
      .returning({ id: persons.id });
    const deps = {
      db: h,
      now: () => now,
      files: null as never,
      log: { info() {}, warn() {}, error() {}, debug() {} },
      bus: { publish() {}, subscribe: () => () => {} },
      env: { MEDVIRK_MAX_UPLOAD_MB: 1 },
    };
    const r = await createConsultation(
      deps,
      { id: sec!.id, memberships: [{ tenantId, role: "secretary", bodyId: null }], platformAdmin: false },
      {
        tenantId,
        caseId: c!.id,
        bodyId: plan!.id,
        meetingId: mt!.id,
        title: { nb: "Hva mener du?" },
        summary: { nb: "Si din mening om saken." },
        opensAt: new Date(now.getTime() - DAY),
        questions: [
          { kind: "single", prompt: { nb: "Bør det bygges?" }, options: [{ nb: "Ja" }, { nb: "Nei" }] },
          { kind: "text", prompt: { nb: "Noe annet?" } },
        ],
      },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const people = await db
      .insert(persons)
      .values(Array.from({ length: COMMENTS }, (_, i) => ({ email: `bench-${i}@example.org`, emailVerifiedAt: now })))
      .returning({ id: persons.id });
    const comments = await db
      .insert(consultationComments)
      .values(
        people.map((p, i) => ({
          tenantId,
          consultationId: r.value.id,
          personId: p.id,
          body: `Innspill nummer ${i + 1}: ${"Dette er en kommentar om saken. ".repeat(4)}`,
          state: "published" as const,
        })),
      )
      .returning({ id: consultationComments.id });
    await db.insert(consultationSupports).values(
      people.map((p, i) => ({
        tenantId,
        consultationId: r.value.id,
        commentId: comments[(i + 1) % comments.length]!.id,
        personId: p.id,
      })),
    );
    const [n] = await h.rows<{ n: number }>(
      sql`select count(*)::int as n from consultation_comments where consultation_id = ${r.value.id}`,
    );
    if (n!.n !== COMMENTS) throw new Error("seeding failed");
    return `/vadso/consultations/${r.value.id}`;
  } finally {
    await h.close();
  }
}

export default async function consultation(): Promise<boolean> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-bench-consultation-"));
  try {
    const page = await prepare(dir);
    const app = await spawnMedvirk({ MEDVIRK_DATA_DIR: dir, MEDVIRK_PAGE_CACHE: "0" });
    try {
      const targets = [
        { name: "/privacy (bare Remix page, baseline)", url: `${app.url}/privacy` },
        { name: `consultation page, ${COMMENTS} comments`, url: `${app.url}${page}` },
        { name: `  the same, all ${COMMENTS} on one page`, url: `${app.url}${page}?comments=all` },
      ];
      // The page shows the first 50 threads and the total (app/modules/consultations/paging.ts); ?comments=all shows every one.
      const check = async (url: string, must: string[]) => {
        const r = await fetch(url);
        const html = await r.text();
        if (!r.ok || must.some((m) => !html.includes(m)))
          throw new Error(`the consultation page did not render its comments (${r.status}, ${url})`);
      };
      await check(targets[1]!.url, ["Innspill nummer 50:", `Kommentarer (${COMMENTS})`, "Side 1 av 6"]);
      await check(targets[2]!.url, [`Innspill nummer ${COMMENTS}:`]);
      for (const t of targets) await load(t.url, { seconds: 1, connections: 10 }); // warm-up
      // The bare page and the consultation page are measured in alternating rounds, so a slow
      // spell of the machine hits both; the figure is the median of the rounds' ratios.
      const rounds: { base: LoadResult; cons: LoadResult }[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const base = await load(targets[0]!.url, { seconds: SECONDS, connections: 50 });
        const cons = await load(targets[1]!.url, { seconds: SECONDS, connections: 50 });
        rounds.push({ base, cons });
        console.log(
          `round ${i + 1}: bare ${fmt(base.rps)} req/s (p99 ${fmt(base.p99)} ms), consultation ${fmt(cons.rps)} req/s (p99 ${fmt(cons.p99)} ms): ${fmt(cons.rps / base.rps, 2)}`,
        );
      }
      const all = await load(targets[2]!.url, { seconds: SECONDS, connections: 50 });
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const base = { rps: median(rounds.map((r) => r.base.rps)), p99: median(rounds.map((r) => r.base.p99)) };
      const cons = { rps: median(rounds.map((r) => r.cons.rps)), p99: median(rounds.map((r) => r.cons.p99)) };
      const ratio = median(rounds.map((r) => r.cons.rps / r.base.rps));
      const errors = [...rounds.flatMap((r) => [r.base, r.cons]), all].reduce((n, r) => n + r.errors + r.non2xx, 0);
      console.log(`\n${"page (median of rounds)".padEnd(44)} ${"req/s".padStart(9)} ${"p99 ms".padStart(8)}`);
      for (const [name, r] of [
        [targets[0]!.name, base],
        [targets[1]!.name, cons],
        [targets[2]!.name, all],
      ] as const)
        console.log(`${name.padEnd(44)} ${fmt(r.rps).padStart(9)} ${fmt(r.p99).padStart(8)}`);
      const ok = ratio >= TARGET && errors === 0;
      console.log(
        `consultation page at ${fmt(ratio, 2)} of the bare Remix page's throughput (median of ${ROUNDS} rounds; target ≥ ${TARGET}); p99 ${fmt(cons.p99)} ms vs ${fmt(base.p99)} ms; ${errors} errors: ${ok ? "OK" : "BELOW TARGET"}`,
      );
      console.log(
        `with all ${COMMENTS} comments on one page: ${fmt(all.rps / base.rps, 2)} of the bare page (not the target's page; shown for comparison)`,
      );
      return ok;
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
