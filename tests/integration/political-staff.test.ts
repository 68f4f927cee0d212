import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { brokenPdf, makePdf } from "./political-fixtures.ts";

// The secretaries' console through the real server: signed in with
// identity's sessions, CSRF-checked, permission- and tenant-checked, every
// refusal translated with the typed values kept, and audited.
let server: Awaited<ReturnType<typeof startTestServer>>;
let sec: TestSession; // secretary of the planning committee only
let admin: TestSession;
let osloAdmin: TestSession;
const ids = { vadso: "", plan: "", formannskap: "", meeting: "", other: "", caseId: "" };
const DAY = 86_400_000;
const SECRET = "Tilsettingssak rektor Hemmeligsen";

const count = async (q: ReturnType<typeof sql>) => Number((await server.deps.db.rows<{ n: number }>(q))[0]!.n);
async function upload(
  s: TestSession,
  path: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array; type?: string },
) {
  const fd = new FormData();
  fd.set("_csrf", s.csrf);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  fd.set(
    "file",
    new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? "application/octet-stream" }),
    file.name,
  );
  const { "content-type": _ignored, ...headers } = s.headers();
  return fetch(new URL(path, server.url), { method: "POST", body: fd, headers, redirect: "manual" });
}

beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_MAX_UPLOAD_MB: "0.05" } });
  ids.vadso = server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  ids.plan = (await getBodyByKey(server.deps.db.db, ids.vadso, "plan"))!.id;
  ids.formannskap = (await getBodyByKey(server.deps.db.db, ids.vadso, "formannskap"))!.id;
  sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [ids.plan] });
  admin = await signInAs(server, { tenant: "vadso", role: "admin" });
  osloAdmin = await signInAs(server, { tenant: "oslo", role: "admin" });
});
afterAll(async () => {
  await server?.stop();
});

describe("who may use the console", () => {
  it("anonymous visitors are sent to sign in; another municipality's admin is refused; CSRF is required", async () => {
    const anon = await fetch(`${server.url}/vadso/admin/meetings`, { redirect: "manual" });
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toContain("/signin");
    expect((await osloAdmin.fetch("/vadso/admin/meetings")).status).toBe(403);
    expect((await osloAdmin.fetch("/vadso/admin/cases")).status).toBe(403);
    // a secretary may not manage bodies (admin only)
    expect((await sec.fetch("/vadso/admin/bodies")).status).toBe(403);
    const noCsrf = await sec.fetch("/vadso/admin/meetings", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "bodyId=x",
    });
    expect(noCsrf.status).toBe(403);
  });
});

describe("a secretary builds a meeting with three items (one closed) and publishes the notice", () => {
  it("only the bodies they manage are offered, and a meeting is created", async () => {
    const page = await (await sec.fetch("/vadso/admin/meetings")).text();
    expect(page).toContain(`value="${ids.plan}"`);
    expect(page).not.toContain(`value="${ids.formannskap}"`);
    // bad input: a translated error, the typed values kept
    let r = await sec.post("/vadso/admin/meetings", {
      bodyId: ids.plan,
      startsAt: "nonsense",
      location: "Rådhuset, sal 2",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Skriv dato og klokkeslett");
    expect(html).toContain('value="Rådhuset, sal 2"');
    // another body's meeting is refused
    r = await sec.post("/vadso/admin/meetings", { bodyId: ids.formannskap, startsAt: "2027-01-10T17:00" });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain("Du har ikke tilgang til å gjøre dette.");
    const start = new Date(server.deps.now().getTime() + 9 * DAY);
    const local = new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Oslo",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .format(start)
      .replace(" ", "T");
    r = await sec.post("/vadso/admin/meetings", { bodyId: ids.plan, startsAt: local, location: "Rådhuset, sal 2" });
    expect(r.status).toBe(303);
    ids.meeting = r.headers.get("location")!.split("/").pop()!;
    expect(
      await count(
        sql`select count(*)::int as n from meetings where id = ${ids.meeting} and tenant_id = ${ids.vadso} and location = 'Rådhuset, sal 2'`,
      ),
    ).toBe(1);
  });

  it("the notice cannot be published with an empty agenda", async () => {
    const r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, { intent: "publish" });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain("Innkallingen kan ikke publiseres med tom saksliste.");
    expect(
      await count(
        sql`select count(*)::int as n from meetings where id = ${ids.meeting} and notice_published_at is null`,
      ),
    ).toBe(1);
  });

  it("adds two open items (a new case and an item without a case) and a closed one, which needs its legal basis", async () => {
    let r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, {
      intent: "addItem",
      newCaseTitle: "Reguleringsplan for Kirkegata",
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("Punkt 1 er lagt til.");
    r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, { intent: "addItem", itemTitle: "Referatsaker" });
    expect(await r.text()).toContain("Punkt 2 er lagt til.");
    r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, {
      intent: "addItem",
      newCaseTitle: SECRET,
      closed: "on",
    });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Et lukket punkt må ha hjemmel for lukking");
    expect(html).toContain(`value="${SECRET}"`); // what was typed is kept
    r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, {
      intent: "addItem",
      newCaseTitle: SECRET,
      closed: "on",
      closedBasis: "Offl. § 25",
    });
    expect(await r.text()).toContain("Punkt 3 er lagt til.");
    // before the notice the agenda is not public
    expect(await (await fetch(`${server.url}/vadso/meetings/${ids.meeting}`)).text()).toContain(
      "Sakslisten er ikke publisert ennå.",
    );
  });

  it("publishes the notice: stamped, public, the closed item only as exempt, and audited", async () => {
    const r = await sec.post(`/vadso/admin/meetings/${ids.meeting}`, { intent: "publish" });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("Innkallingen er publisert.");
    expect(
      await count(
        sql`select count(*)::int as n from meetings where id = ${ids.meeting} and status = 'notice_published' and notice_published_at is not null`,
      ),
    ).toBe(1);
    const pub = await (await fetch(`${server.url}/vadso/meetings/${ids.meeting}`)).text();
    expect(pub).toContain("Reguleringsplan for Kirkegata");
    expect(pub).toContain("Referatsaker");
    expect(pub).toContain("Unntatt offentlighet");
    expect(pub).toContain("Offl. § 25");
    expect(pub).not.toContain("Hemmeligsen");
    for (const p of [
      "/vadso/calendar",
      "/vadso/calendar.ics",
      "/vadso/feeds/cases.rss",
      "/vadso/feeds/cases.atom",
      "/vadso/cases",
    ]) {
      expect(await (await fetch(`${server.url}${p}`)).text(), p).not.toContain("Hemmeligsen");
    }
    // searching for it finds nothing (the page only echoes the query)
    const search = await (await fetch(`${server.url}/vadso/cases?q=Hemmeligsen`)).text();
    expect(search).toContain("Antall treff: 0");
    expect(search).not.toContain("Tilsettingssak");
    const actions = await server.deps.db.rows<{ action: string }>(
      sql`select action from audit_events where tenant_id = ${ids.vadso} and subject_id = ${ids.meeting} order by seq`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      "meetings.meeting.created",
      "meetings.agendaItem.added",
      "meetings.agendaItem.added",
      "meetings.agendaItem.added",
      "meetings.notice.published",
    ]);
  });
});

describe("import", () => {
  it("a bad file is rejected with line-numbered, translated errors and changes nothing; a good one is imported", async () => {
    const m = await sec.post("/vadso/admin/meetings", { bodyId: ids.plan, startsAt: "2027-02-01T18:00" });
    ids.other = m.headers.get("location")!.split("/").pop()!;
    const before = await count(sql`select count(*)::int as n from cases where tenant_id = ${ids.vadso}`);
    const bad =
      "case_number;title;closed;closed_basis\n2027/501;Ny barnehage;nei;\n2027/x;Feil nummer;nei;\n2027/502;Lukket;ja;\n";
    let r = await upload(
      sec,
      `/vadso/admin/meetings/${ids.other}`,
      { intent: "import" },
      { name: "saker.csv", bytes: new TextEncoder().encode(bad), type: "text/csv" },
    );
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain("Filen ble avvist. Ingenting er endret.");
    expect(html).toContain("Linje 3: Ugyldig saksnummer «2027/x»");
    expect(html).toContain("Linje 4: Et lukket punkt må ha hjemmel i kolonnen closed_basis.");
    expect(await count(sql`select count(*)::int as n from cases where tenant_id = ${ids.vadso}`)).toBe(before);
    expect(await count(sql`select count(*)::int as n from agenda_items where meeting_id = ${ids.other}`)).toBe(0);
    const good = JSON.stringify([
      { case_number: "2027/501", title: "Ny barnehage", closed: false, step: "innstilling" },
      { case_number: "2027/502", title: "Lukket sak", closed: true, closed_basis: "Offl. § 13" },
    ]);
    r = await upload(
      sec,
      `/vadso/admin/meetings/${ids.other}`,
      { intent: "import" },
      { name: "saker.json", bytes: new TextEncoder().encode(good), type: "application/json" },
    );
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("2 punkter importert (2 nye saker, 0 oppdatert).");
    expect(await count(sql`select count(*)::int as n from agenda_items where meeting_id = ${ids.other}`)).toBe(2);
  });
});

describe("cases and documents", () => {
  it("creates a case, refuses a taken number, records the journey and the decision", async () => {
    let r = await sec.post("/vadso/admin/cases", { year: "2027", sequence: "501", title_nb: "Dobbel" });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain("Saksnummeret er allerede i bruk i kommunen dette året.");
    r = await sec.post("/vadso/admin/cases", { year: "2027", sequence: "", title_nb: "" });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Tittel på bokmål eller nynorsk må fylles ut.");
    r = await sec.post("/vadso/admin/cases", {
      year: "2027",
      sequence: "",
      title_nb: "Gang- og sykkelvei til Kariel",
      summary_nb: "Ny vei langs E75.",
    });
    expect(r.status).toBe(303);
    ids.caseId = r.headers.get("location")!.split("/").pop()!;
    r = await sec.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "addStep",
      bodyId: ids.plan,
      kind: "innstilling",
      date: "2027-02-01",
    });
    expect(await r.text()).toContain("Lagret.");
    r = await sec.post(`/vadso/admin/cases/${ids.caseId}`, { intent: "decision", decisionText: "" });
    expect(await r.text()).toContain("Skriv inn vedtaksteksten.");
    r = await sec.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "decision",
      decisionText: "Veien bygges i 2028.",
    });
    expect(r.status).toBe(200);
    const pub = await (await fetch(`${server.url}/vadso/cases/2027-503`)).text();
    expect(pub).toContain("Gang- og sykkelvei til Kariel");
    expect(pub).toContain("Veien bygges i 2028.");
    expect(pub).toContain("Utvalg for plan, miljø og teknikk");
  });

  it("bad input on the case forms: the field's translated message next to it, a 400, the typed text kept, nothing changed", async () => {
    const path = `/vadso/admin/cases/${ids.caseId}`;
    const before = await server.deps.db.rows(
      sql`select title, summary, closed_basis from cases where id = ${ids.caseId}`,
    );
    let r = await sec.post(path, {
      intent: "update",
      title_nb: "Ny tittel",
      summary_nb: "x".repeat(2001),
      closedBasis: "",
    });
    expect(r.status).toBe(400);
    let html = await r.text();
    expect(html).toMatch(/<span id="e-summary-err" class="field-error">Skriv høyst 2\u00a0000 tegn\.<\/span>/);
    expect(html).toContain('aria-describedby="e-summary-err"');
    expect(html).toContain('value="Ny tittel"');
    r = await sec.post(path, { intent: "addStep", bodyId: ids.plan, kind: "tull", date: "" });
    expect(r.status).toBe(400);
    html = await r.text();
    expect(html).toContain("Noen felt må rettes. Se merknadene under.");
    // an unknown intent and a missing one: refused, not a 5xx
    expect((await sec.post(path, { intent: "drop" })).status).toBe(400);
    expect((await sec.post(path, { title_nb: "x" })).status).toBe(400);
    expect(
      await server.deps.db.rows(sql`select title, summary, closed_basis from cases where id = ${ids.caseId}`),
    ).toEqual(before);
  });

  it("uploads: oversized and wrong-type files are refused (translated) and nothing is stored; a malicious name is made safe; an unreadable PDF warns", async () => {
    const docs = () => count(sql`select count(*)::int as n from case_documents where case_id = ${ids.caseId}`);
    const path = `/vadso/admin/cases/${ids.caseId}`;
    let r = await upload(
      sec,
      path,
      { intent: "upload", kind: "vedlegg", title: "Stor" },
      { name: "stor.pdf", bytes: new Uint8Array(80_000).fill(0x25) },
    );
    expect(r.status).toBe(413);
    expect(await r.text()).toContain("Filen er for stor.");
    r = await upload(
      sec,
      path,
      { intent: "upload", kind: "vedlegg", title: "Skript" },
      { name: "virus.pdf", bytes: new TextEncoder().encode("<script>alert(1)</script>") },
    );
    expect(r.status).toBe(415);
    const html = await r.text();
    expect(html).toContain("Filtypen er ikke tillatt.");
    expect(html).toContain('value="Skript"');
    expect(await docs()).toBe(0);
    r = await upload(
      sec,
      path,
      { intent: "upload", kind: "saksfremlegg", title: "Saksfremlegg" },
      { name: "../../etc/passwd.pdf", bytes: makePdf(["Sykkelvei langs E75"]) },
    );
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("passwd.pdf er lastet opp.");
    r = await upload(
      sec,
      path,
      { intent: "upload", kind: "vedlegg", title: "Skannet kart" },
      { name: "kart.pdf", bytes: brokenPdf() },
    );
    expect(await r.text()).toContain("teksten kunne ikke leses");
    expect(await docs()).toBe(2);
    const [d] = await server.deps.db.rows<{ file_name: string; storage_key: string }>(
      sql`select file_name, storage_key from case_documents where case_id = ${ids.caseId} order by position limit 1`,
    );
    expect(d!.file_name).toBe("passwd.pdf");
    expect(d!.storage_key).not.toContain("passwd");
    // found by the unreadable document's title only
    expect(await (await fetch(`${server.url}/vadso/cases?q=kart`)).text()).toContain("/vadso/cases/2027-503");
  });
});

describe("bodies (administrators)", () => {
  it("creates a body, refuses a bad key and a bad area with translated errors, adds a member", async () => {
    let r = await admin.post("/vadso/admin/bodies", { name_nb: "Klimautvalget", key: "Klima Utvalg", kind: "utvalg" });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("Nøkkelen kan bare ha små bokstaver");
    r = await admin.post("/vadso/admin/bodies", { name_nb: "Klimautvalget", key: "klima", kind: "utvalg" });
    expect(r.status).toBe(303);
    const bodyId = r.headers.get("location")!.split("/").pop()!;
    r = await admin.post(`/vadso/admin/bodies/${bodyId}`, {
      intent: "update",
      name_nb: "Klimautvalget",
      noticeLeadDays: "7",
      area: '{"type":"Polygon","coordinates":[[[29,70],[30,70],[29,70]]]}',
    });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain("En ring i området må ha minst fire punkter.");
    r = await admin.post(`/vadso/admin/bodies/${bodyId}`, {
      intent: "addMember",
      name: "Ane Leder",
      role: "leader",
      party: "MDG",
    });
    expect(await r.text()).toContain("Lagret.");
    const pub = await (await fetch(`${server.url}/vadso/bodies/klima`)).text();
    expect(pub).toContain("Ane Leder");
    expect(pub).toContain("MDG");
    expect((await osloAdmin.post(`/vadso/admin/bodies/${bodyId}`, { intent: "addMember", name: "X" })).status).toBe(
      403,
    );
  });
});
