// Page rendering throughput, as a ratio to a raw node:http server measured in
// the same run on the same machine (docs/BENCHMARKS.md). Both servers run in
// their own process; autocannon runs here, so all share the two cores.
import { fmt, load } from "./lib/load.ts";
import { spawnMedvirk, spawnRawNode } from "./lib/servers.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const TARGET = 1 / 25; // the simplest page must reach at least 1/25 of raw Node

async function measure(label: string, cache: boolean): Promise<boolean> {
  const raw = await spawnRawNode();
  const app = await spawnMedvirk({ MEDVIRK_PAGE_CACHE: cache ? "1" : "0" });
  console.log(`\n--- ${label} ---`);
  try {
    const pages: { name: string; url: string; headers?: Record<string, string>; simplest?: boolean }[] = [
      { name: "raw node:http (floor)", url: raw.url + "/" },
      { name: "/healthz (Express, no Remix)", url: app.url + "/healthz" },
      { name: "/kautokeino (municipality home, nothing active)", url: app.url + "/kautokeino", simplest: true },
      { name: "/vadso (demo home: process, meeting, agenda)", url: app.url + "/vadso" },
      { name: "/vadso in Arabic (cookie)", url: app.url + "/vadso", headers: { cookie: "lng=ar" } },
      { name: "/?q=Guovdageaidnu (landing, one result)", url: app.url + "/?q=Guovdageaidnu" },
      { name: "/ (landing, all 357 municipalities)", url: app.url + "/" },
    ];
    // warm-up (JIT, caches)
    for (const p of pages) await load(p.url, { seconds: 1, connections: 10, headers: p.headers });
    const rows: { name: string; rps: number; p99: number; ratio: number; bad: number }[] = [];
    let floor = 0;
    for (const p of pages) {
      const r = await load(p.url, { seconds: SECONDS, headers: p.headers });
      if (!floor) floor = r.rps;
      rows.push({ name: p.name, rps: r.rps, p99: r.p99, ratio: r.rps / floor, bad: r.errors + r.non2xx });
    }
    console.log(`\n${"page".padEnd(52)} ${"req/s".padStart(9)} ${"p99 ms".padStart(7)} ${"× raw".padStart(8)}  errors`);
    for (const r of rows)
      console.log(
        `${r.name.padEnd(52)} ${fmt(r.rps).padStart(9)} ${fmt(r.p99).padStart(7)} ${("1/" + fmt(1 / r.ratio, 1)).padStart(8)}  ${r.bad}`,
      );
    const simplest = rows[pages.findIndex((p) => p.simplest)]!;
    const ok = simplest.ratio >= TARGET && rows.every((r) => r.bad === 0);
    console.log(
      `simplest page at 1/${fmt(1 / simplest.ratio, 1)} of raw node (target ≥ 1/25): ${ok ? "OK" : "BELOW TARGET"}`,
    );
    return ok;
  } finally {
    await app.stop();
    await raw.stop();
  }
}

export default async function run(): Promise<boolean> {
  // What anonymous visitors get (page cache on, the default in production)…
  const cached = await measure("served to anonymous visitors (page cache on)", true);
  // …and what rendering costs when the page is not cached (signed-in
  // visitors, the first request after a change). Reported, not judged.
  await measure("rendered on every request (page cache off)", false);
  return cached;
}
