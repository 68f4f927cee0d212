import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "#db/migrate.ts";
import { agendaItems, bodies, cases, meetings, municipalities, processes } from "#db/schema/index.ts";
import { listUpcomingMeetings } from "#app/modules/meetings/queries.server.ts";
import { countActiveProcesses } from "#app/modules/processes/queries.server.ts";
import { TenantDirectory } from "#app/modules/tenants/directory.server.ts";
import { runSeed } from "#server/seed.ts";
import { emptyDb, freshDb } from "#tests/setup/db.ts";

const NOW = new Date("2026-11-22T12:00:00Z");

describe("migrations", () => {
  it("apply from zero on an empty database, and again as a no-op", async () => {
    const h = await emptyDb();
    try {
      const before = await h.rows<{ n: number }>(
        sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      );
      expect(before[0]!.n).toBe(0);
      await migrate(h);
      await migrate(h);
      const tables = await h.rows<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(["agenda_items", "bodies", "cases", "meetings", "municipalities", "processes"]),
      );
    } finally {
      await h.dispose();
    }
  });
});

describe("seed", () => {
  let h: Awaited<ReturnType<typeof freshDb>>;
  beforeAll(async () => {
    h = await freshDb();
  });
  afterAll(async () => {
    await h.dispose();
  });

  async function snapshot() {
    const db = h.db;
    return {
      municipalities: await db.select().from(municipalities).orderBy(municipalities.number),
      bodies: await db.select().from(bodies).orderBy(bodies.key),
      meetings: await db.select().from(meetings).orderBy(meetings.key),
      cases: await db.select().from(cases).orderBy(cases.sequence),
      agenda: await db.select().from(agendaItems).orderBy(agendaItems.position),
      processes: await db.select().from(processes).orderBy(processes.key),
    };
  }

  it("is idempotent: running it twice leaves the same rows", async () => {
    const first = await runSeed(h, { demo: true, now: NOW });
    expect(first.municipalities).toBe(357);
    const a = await snapshot();
    // a second run, later: nothing new, nothing changed
    await runSeed(h, { demo: true, now: new Date(NOW.getTime() + 3_600_000) });
    const b = await snapshot();
    expect(b).toEqual(a);
    expect(a.municipalities).toHaveLength(357);
    expect(a.bodies.map((x) => x.kind).sort()).toEqual(
      [
        "eldreraad",
        "formannskap",
        "funksjonshemmederaad",
        "kommunestyre",
        "omraadeutvalg",
        "omraadeutvalg",
        "ungdomsraad",
        "utvalg",
        "utvalg",
      ].sort(),
    );
    expect(a.meetings).toHaveLength(1);
    expect(a.agenda).toHaveLength(3);
    expect(a.bodies.find((x) => x.kind === "kommunestyre")!.noticeLeadDays).toBe(10);
  });

  it("finds a municipality by number and by a Sami name form", async () => {
    const [byNumber] = await h.db
      .select()
      .from(municipalities)
      .where(sql`${municipalities.number} = ${"5612"}`);
    expect(byNumber!.officialName).toBe("Guovdageaidnu - Kautokeino");
    const bySami = await h.db
      .select()
      .from(municipalities)
      .where(sql`${"Guovdageaidnu"} = any(${municipalities.nameForms})`);
    expect(bySami.map((m) => m.number)).toEqual(["5612"]);
    const dir = new TenantDirectory(h);
    await dir.reload();
    expect(dir.getByNumber("5610")!.slug).toBe("karasjok");
    expect(dir.search("Kárášjohka")[0]!.number).toBe("5610");
    expect(dir.bySlugOrAlias("guovdageaidnu")).toMatchObject({
      canonical: false,
      municipality: { slug: "kautokeino" },
    });
  });

  it("shows the demo's active process and never a closed agenda item's case", async () => {
    const dir = new TenantDirectory(h);
    await dir.reload();
    const vadso = dir.getByNumber("5607")!;
    const counts = await countActiveProcesses(h.db);
    expect(counts.get(vadso.id)).toBe(1);
    const upcoming = await listUpcomingMeetings(h.db, vadso.id, NOW);
    expect(upcoming).toHaveLength(1);
    const wire = JSON.stringify(upcoming);
    expect(wire).not.toContain("Personalsak");
    expect(upcoming[0]!.agenda![2]).toEqual({ position: 3, closed: true, basis: "Kml. § 11-5 jf. Offl. § 25" });
    // another municipality sees none of it
    const oslo = dir.getByNumber("0301")!;
    expect(await listUpcomingMeetings(h.db, oslo.id, NOW)).toEqual([]);
  });
});
