import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { consultationComments, persons } from "#db/schema/index.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// A consultation with many comments is served 50 threads a page (oldest
// first, replies with their thread), with links between pages and to all;
// after one's own action the page shows all, so the comment acted on is there.
let server: Awaited<ReturnType<typeof startTestServer>>;
let url = "";
let firstId = "";
beforeAll(async () => {
  server = await startTestServer();
  const db = server.deps.db.db;
  const vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality;
  const f = await consultationFixture(server.deps.db, vadso.id, {
    sequence: 4711,
    first: new Date(server.deps.now().getTime() + 40 * 86_400_000).toISOString(),
  });
  const k = must(
    await createConsultation(server.deps, f.secretary, {
      tenantId: vadso.id,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Mange innspill" },
      opensAt: new Date(server.deps.now().getTime() - 86_400_000),
    }),
  );
  url = `/vadso/consultations/${k.id}`;
  const people = await db
    .insert(persons)
    .values(Array.from({ length: 120 }, (_, i) => ({ email: `side-${i}@example.org`, emailVerifiedAt: new Date() })))
    .returning({ id: persons.id });
  const base = new Date("2026-11-01T10:00:00Z").getTime();
  const rows = await db
    .insert(consultationComments)
    .values(
      people.map((p, i) => ({
        tenantId: vadso.id,
        consultationId: k.id,
        personId: p.id,
        body: `Sidekommentar nummer ${i + 1}.`,
        state: "published" as const,
        createdAt: new Date(base + i * 60_000),
      })),
    )
    .returning({ id: consultationComments.id });
  firstId = rows[0]!.id;
  // A reply to the first comment belongs to the first page, whenever it was written.
  await db.insert(consultationComments).values({
    tenantId: vadso.id,
    consultationId: k.id,
    personId: people[1]!.id,
    parentId: firstId,
    body: "Svar på den første.",
    state: "published",
    createdAt: new Date(base + 500 * 60_000),
  });
  expect(
    await db
      .select({ id: consultationComments.id })
      .from(consultationComments)
      .where(and(eq(consultationComments.consultationId, k.id), eq(consultationComments.personId, people[0]!.id))),
  ).toHaveLength(1);
});
afterAll(async () => server?.stop());

const page = async (q = "") => (await fetch(`${server.url}${url}${q}`)).text();
const numbers = (html: string) => [...html.matchAll(/Sidekommentar nummer (\d+)\./g)].map((m) => Number(m[1]));

describe("pages of comments", () => {
  it("shows the first 50 threads with their replies, the total, and links to the next page and to all", async () => {
    const html = await page();
    const shown = numbers(html);
    expect(shown[0]).toBe(1);
    expect(shown.filter((n) => n <= 120)).toContain(50);
    expect(shown).not.toContain(51);
    expect(html).toContain("Svar på den første.");
    expect(html).toContain("Side 1 av 3");
    expect(html).toContain(`href="${url}?comments=2#comments"`);
    expect(html).toContain(`href="${url}?comments=all#comments"`);
    expect(html).not.toContain("Forrige side");
  });

  it("the last page has the rest and a link back; nonsense is the first page; 'all' shows every comment", async () => {
    const last = await page("?comments=3");
    expect(numbers(last)).toContain(120);
    expect(numbers(last)).not.toContain(100);
    expect(last).toContain("Side 3 av 3");
    expect(last).toContain(`href="${url}?comments=2#comments"`);
    expect(numbers(await page("?comments=xyz"))).toContain(1);
    const all = await page("?comments=all");
    for (const n of [1, 50, 51, 120]) expect(numbers(all)).toContain(n);
    expect(all).toContain("Alle 121 kommentarer vises.");
  });

  it("after supporting a comment, the resident is sent to the page that shows it", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const r = await resident.post(url, { intent: "support", commentId: firstId });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe(`${url}?done=saved&comments=all#c-${firstId}`);
  });
});
