import ical from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase, recordDecision, setJourney, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { addAgendaItem, createMeeting, publishNotice, updateMeeting } from "#app/modules/meetings/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { makePdf } from "./political-fixtures.ts";

// The public side of the political structure, through the real server (page
// cache on, as residents get it): calendar, meeting, case, document download,
// body and area pages, search, iCalendar and RSS/Atom feeds. A closed agenda
// item's case never shows up anywhere: asserted on the serialized responses.
let server: Awaited<ReturnType<typeof startTestServer>>;
const SECRET_TITLE = "Oppsigelse av navngitt ansatt Hemmelighetsen";
const SECRET_WORD = "Hemmelighetsen";
const SECRET_DOC_WORD = "Personalmappeinnhold";
const DAY = 86_400_000;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000); // a fixed clock, whole seconds (iCalendar's precision)
const ids = { vadso: "", oslo: "", meeting: "", publicCase: "", secretCase: "", doc: "", secretDoc: "" };
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { headers: { "accept-language": "nb-NO", ...headers }, redirect: "manual" });
const text = async (path: string) => {
  const r = await get(path);
  expect(r.status, path).toBe(200);
  return r.text();
};

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  const deps = server.deps;
  ids.vadso = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  ids.oslo = deps.tenants.bySlugOrAlias("oslo")!.municipality.id;
  const admin: Actor = { id: "test-admin", memberships: [{ tenantId: ids.vadso, role: "admin" }] };
  const plan = (await getBodyByKey(deps.db.db, ids.vadso, "plan"))!;
  const ks = (await getBodyByKey(deps.db.db, ids.vadso, "kommunestyre"))!;
  const ekkeroy = (await getBodyByKey(deps.db.db, ids.vadso, "grend-ekkeroy"))!;
  const c = must(
    await createCase(deps, admin, {
      tenantId: ids.vadso,
      year: 2026,
      sequence: 9001,
      title: { nb: "Snøskuterløyper på Ekkerøy" },
      summary: { nb: "Kommunen vurderer nye løyper for snøskuter." },
      geo: { type: "Point", coordinates: [30.1, 70.08] },
    }),
  );
  ids.publicCase = c.id;
  const secret = must(
    await createCase(deps, admin, { tenantId: ids.vadso, year: 2026, sequence: 9002, title: { nb: SECRET_TITLE } }),
  );
  ids.secretCase = secret.id;
  ids.doc = must(
    await uploadDocument(deps, admin, {
      tenantId: ids.vadso,
      caseId: c.id,
      kind: "saksfremlegg",
      title: "Saksfremlegg om løypene",
      fileName: "saksfremlegg.pdf",
      bytes: makePdf(["Rasteplasser ved Kalkomodden", "Reinbeiteomraader skal skjermes"]),
    }),
  ).id;
  ids.secretDoc = must(
    await uploadDocument(deps, admin, {
      tenantId: ids.vadso,
      caseId: secret.id,
      kind: "vedlegg",
      title: "Fortrolig",
      fileName: "x.pdf",
      bytes: makePdf([SECRET_DOC_WORD]),
    }),
  ).id;
  const start = new Date(deps.now().getTime() + 6 * DAY);
  ids.meeting = must(
    await createMeeting(deps, admin, {
      tenantId: ids.vadso,
      bodyId: plan.id,
      startsAt: start,
      location: "Møterom Varanger",
    }),
  ).id;
  must(await addAgendaItem(deps, admin, { tenantId: ids.vadso, meetingId: ids.meeting, caseId: c.id }));
  must(
    await addAgendaItem(deps, admin, {
      tenantId: ids.vadso,
      meetingId: ids.meeting,
      caseId: secret.id,
      closed: true,
      closedBasis: "Kml. § 11-5 jf. Offl. § 25",
    }),
  );
  must(await publishNotice(deps, admin, { tenantId: ids.vadso, meetingId: ids.meeting }));
  must(
    await setJourney(deps, admin, {
      tenantId: ids.vadso,
      caseId: c.id,
      steps: [
        { bodyId: plan.id, kind: "innstilling", meetingId: ids.meeting },
        { bodyId: ks.id, kind: "vedtak" },
      ],
    }),
  );
  must(
    await setJourney(deps, admin, {
      tenantId: ids.vadso,
      caseId: secret.id,
      steps: [{ bodyId: ekkeroy.id, kind: "uttalelse" }],
    }),
  );
});
afterAll(async () => {
  await server?.stop();
});

function expectNoSecret(body: string) {
  expect(body).not.toContain(SECRET_WORD);
  expect(body).not.toContain(SECRET_DOC_WORD);
  expect(body).not.toContain("2026/9002");
  expect(body).not.toContain("2026-9002");
  expect(body).not.toContain(ids.secretDoc);
}

describe("public pages", () => {
  it("the municipality home links to the calendar, cases, bodies and areas", async () => {
    const html = await text("/vadso");
    for (const href of ["/vadso/calendar", "/vadso/cases", "/vadso/bodies", "/vadso/areas"])
      expect(html).toContain(`href="${href}"`);
  });

  it("the calendar (list and month) shows the meeting with its agenda; the closed item only as exempt with its basis", async () => {
    const list = await text("/vadso/calendar");
    expect(list).toContain("Møterom Varanger");
    expect(list).toContain("Snøskuterløyper på Ekkerøy");
    expect(list).toContain("Unntatt offentlighet");
    expect(list).toContain("Kml. § 11-5 jf. Offl. § 25");
    expect(list).toContain(`href="/vadso/meetings/${ids.meeting}"`);
    expect(list).toContain('href="/vadso/calendar.ics"');
    expectNoSecret(list);
    const start = new Date(server.deps.now().getTime() + 6 * DAY);
    const month = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit" })
      .format(start)
      .slice(0, 7);
    const grid = await text(`/vadso/calendar?view=month&month=${month}`);
    expect(grid).toContain("<table");
    expect(grid).toContain(`href="/vadso/meetings/${ids.meeting}"`);
    expect(grid).toContain("Unntatt offentlighet");
    expectNoSecret(grid);
  });

  it("bad calendar input falls back to this month; an unknown meeting, case or body is a translated 404", async () => {
    expect((await get("/vadso/calendar?view=month&month=2026-13")).status).toBe(200);
    expect((await get("/vadso/calendar?view=month&month=%3Cscript%3E")).status).toBe(200);
    for (const p of [
      "/vadso/meetings/not-a-uuid",
      "/vadso/meetings/00000000-0000-0000-0000-000000000000",
      "/vadso/cases/nonsense",
      "/vadso/cases/2026-77777",
      "/vadso/bodies/nobody",
      "/vadso/areas/plan",
      "/vadso/feeds/cases.json",
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      if ((r.headers.get("content-type") ?? "").startsWith("text/html"))
        expect(await r.text()).toContain("Fant ikke siden");
    }
  });

  it("the meeting page shows time, place, status and agenda, never the closed case", async () => {
    const html = await text(`/vadso/meetings/${ids.meeting}`);
    expect(html).toContain("Møterom Varanger");
    expect(html).toContain("Innkalling sendt");
    expect(html).toContain('href="/vadso/cases/2026-9001"');
    expect(html).toContain("Unntatt offentlighet");
    expectNoSecret(html);
  });

  it("the case page shows the journey, the documents for download, the area and the decision", async () => {
    let html = await text("/vadso/cases/2026-9001");
    expect(html).toContain("Snøskuterløyper på Ekkerøy");
    expect(html).toContain("Utvalg for plan, miljø og teknikk");
    expect(html).toContain("Kommunestyret");
    expect(html).toContain("Innstilling");
    expect(html).toContain('href="/vadso/areas/grend-ekkeroy"');
    expect(html).toContain("Saken er ikke avgjort ennå.");
    const href = `/vadso/cases/2026-9001/documents/${ids.doc}`;
    expect(html).toContain(`href="${href}"`);
    const dl = await get(href);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toMatch(/^application\/pdf\b/);
    expect(dl.headers.get("content-disposition")).toContain('filename="saksfremlegg.pdf"');
    expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      Buffer.from(await dl.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // Recording the decision publishes an event: the cached page is dropped.
    const admin: Actor = { id: "a", memberships: [{ tenantId: ids.vadso, role: "admin" }] };
    must(
      await recordDecision(server.deps, admin, {
        tenantId: ids.vadso,
        caseId: ids.publicCase,
        decisionText: "Løypene vedtas som foreslått, med unntak av Kalkomodden.",
      }),
    );
    html = await text("/vadso/cases/2026-9001");
    expect(html).toContain("Løypene vedtas som foreslått");
  });

  it("a case on a closed item, and its documents, answer 404 exactly like a missing one", async () => {
    expect((await get("/vadso/cases/2026-9002")).status).toBe(404);
    expect((await get(`/vadso/cases/2026-9002/documents/${ids.secretDoc}`)).status).toBe(404);
    // and a public case's path cannot reach the secret document either
    expect((await get(`/vadso/cases/2026-9001/documents/${ids.secretDoc}`)).status).toBe(404);
  });

  it("body and area pages list members, meetings and cases; the area outline is drawn without JavaScript", async () => {
    const body = await text("/vadso/bodies/plan");
    expect(body).toContain("Utvalg for plan, miljø og teknikk");
    expect(body).toContain(`href="/vadso/meetings/${ids.meeting}"`);
    expect(body).toContain('href="/vadso/bodies/plan/calendar.ics"');
    expect(body).toContain("Snøskuterløyper på Ekkerøy");
    expectNoSecret(body);
    const bodies = await text("/vadso/bodies");
    expect(bodies).toContain('href="/vadso/bodies/eldreraad"');
    const areas = await text("/vadso/areas");
    expect(areas).toContain('href="/vadso/areas/grend-ekkeroy"');
    const area = await text("/vadso/areas/grend-ekkeroy");
    expect(area).toMatch(/<svg[^>]*role="img"/);
    expect(area).toMatch(/<path d="M[\d. LMZ]+"/);
    expect(area).toContain("Snøskuterløyper på Ekkerøy"); // tagged by its point, found inside the outline
    expect(area).toContain(`href="/vadso/meetings/${ids.meeting}"`); // a meeting with an open item on one of its cases
    expectNoSecret(area);
    // the secret case's journey went through the Ekkerøy council: still nothing on its body page
    expectNoSecret(await text("/vadso/bodies/grend-ekkeroy"));
  });
});

describe("search", () => {
  it("finds a case by its documents' extracted text, its title (stemmed) and its number; never the closed case", async () => {
    let html = await text(`/vadso/cases?q=${encodeURIComponent("Kalkomodden")}`);
    expect(html).toContain('href="/vadso/cases/2026-9001"');
    expect(html).toContain("Treff i: Saksfremlegg om løypene");
    html = await text(`/vadso/cases?q=${encodeURIComponent("snøskuterløype")}`);
    expect(html).toContain('href="/vadso/cases/2026-9001"');
    html = await text(`/vadso/cases?q=${encodeURIComponent("2026/9001")}`);
    expect(html).toContain('href="/vadso/cases/2026-9001"');
    for (const q of [SECRET_WORD, SECRET_DOC_WORD, "2026/9002"]) {
      html = await text(`/vadso/cases?q=${encodeURIComponent(q)}`);
      expect(html).toContain("Antall treff: 0");
      // the page echoes the query in the search field, but shows nothing of the case
      expect(html).not.toContain("Oppsigelse av navngitt");
      expect(html).not.toContain("/vadso/cases/2026-9002");
      expect(html).not.toContain("Fortrolig");
    }
    // nonsense input is harmless
    html = await text(`/vadso/cases?q=${encodeURIComponent("'\") or 1=1 -- & | ! <b>")}`);
    expect(html).toContain("Antall treff: 0");
  });

  it("stays inside the municipality", async () => {
    const html = await text(`/oslo/cases?q=${encodeURIComponent("Kalkomodden")}`);
    expect(html).toContain("Antall treff: 0");
    expect((await get("/oslo/cases/2026-9001")).status).toBe(404);
    expect((await get(`/oslo/cases/2026-9001/documents/${ids.doc}`)).status).toBe(404);
    expect((await get(`/oslo/meetings/${ids.meeting}`)).status).toBe(404);
    expect(await text("/oslo/calendar")).not.toContain("Møterom Varanger");
  });
});

describe("feeds", () => {
  it("the iCalendar feeds of the municipality, the body and the area parse with node-ical and contain the meeting, never the closed case", async () => {
    for (const p of [
      "/vadso/calendar.ics",
      "/vadso/bodies/plan/calendar.ics",
      "/vadso/areas/grend-ekkeroy/calendar.ics",
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get("content-type")).toContain("text/calendar");
      const body = await r.text();
      expectNoSecret(body);
      const events = Object.values(ical.sync.parseICS(body)).filter((e) => e?.type === "VEVENT") as ical.VEvent[];
      const urlOf = (e: ical.VEvent) => String((e.url as unknown as { val?: string })?.val ?? e.url ?? "");
      const ev = events.find((e) => urlOf(e).endsWith(`/vadso/meetings/${ids.meeting}`));
      expect(ev, p).toBeDefined();
      expect(ev!.location).toBe("Møterom Varanger");
      expect(String(ev!.summary)).toBe("Utvalg for plan, miljø og teknikk");
      expect(ev!.start.getTime()).toBe(NOW.getTime() + 6 * DAY);
      expect(String(ev!.description)).toContain("Unntatt offentlighet (Hjemmel: Kml. § 11-5 jf. Offl. § 25)");
    }
    expect((await get("/vadso/areas/nowhere/calendar.ics")).status).toBe(404);
    const oslo = await (await get("/oslo/calendar.ics")).text();
    expect(oslo).not.toContain(ids.meeting);
  });

  it("RSS and Atom feeds list new cases and decisions, never the closed case", async () => {
    const rss = await get("/vadso/feeds/cases.rss");
    expect(rss.headers.get("content-type")).toContain("application/rss+xml");
    const rssText = await rss.text();
    expect(rssText).toMatch(/^<\?xml/);
    expect(rssText).toContain("<rss");
    expect(rssText).toContain("Snøskuterløyper på Ekkerøy");
    expectNoSecret(rssText);
    const atom = await (await get("/vadso/feeds/decisions.atom")).text();
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom).toContain("Løypene vedtas som foreslått");
    expect(atom).toContain("/vadso/cases/2026-9001");
    expectNoSecret(atom);
    const osloFeed = await (await get("/oslo/feeds/cases.atom")).text();
    expect(osloFeed).not.toContain("Snøskuterløyper");
  });
});

describe("page cache", () => {
  it("a command's event drops the cached calendar page at once", async () => {
    expect(await text("/vadso/calendar")).toContain("Møterom Varanger");
    const admin: Actor = { id: "a", memberships: [{ tenantId: ids.vadso, role: "admin" }] };
    must(
      await updateMeeting(server.deps, admin, {
        tenantId: ids.vadso,
        meetingId: ids.meeting,
        location: "Bystyresalen",
      }),
    );
    const html = await text("/vadso/calendar");
    expect(html).toContain("Bystyresalen");
    expect(html).not.toContain("Møterom Varanger");
  });
});
