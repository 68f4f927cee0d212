import { extractText, getDocumentProxy } from "unpdf";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { consultationParticipants, consultations, persons, processes } from "#db/schema/index.ts";
import { createTestPerson, signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { liveMeeting, SECRET_TITLE } from "./live-setup.ts";

// The draft minutes (møtebok) after a live meeting, and the residents who
// followed a decided case being told (issue 9). Real server, real forms.
let server: Awaited<ReturnType<typeof startTestServer>>;
let m: Awaited<ReturnType<typeof liveMeeting>>;
let sec: TestSession;
let version = 0;
let consultationId = "";
const DECISION = "Skolebudsjettet vedtas med en økning på 2 millioner kroner.";
const SECRET_DECISION = "Oppsigelsen av Hansen opprettholdes";
const people: Record<
  "byEmail" | "bySms" | "none" | "twice" | "gone" | "unverified",
  { personId: string; email: string }
> = {} as never;

beforeAll(async () => {
  server = await startTestServer({ demo: false, env: { MEDVIRK_DEV_INBOX: "1" } });
  m = await liveMeeting(server.deps);
  sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
  // Two consultations on the budget case; residents took part with their choice of how to hear back.
  const { db } = server.deps.db;
  const consultation = async (key: string) => {
    const [p] = await db
      .insert(processes)
      .values({
        tenantId: m.tenantId,
        key,
        kind: "consultation",
        caseId: m.budgetCaseId,
        bodyId: m.bodyId,
        title: { nb: key },
        status: "closed",
      })
      .returning({ id: processes.id });
    const [c] = await db
      .insert(consultations)
      .values({
        tenantId: m.tenantId,
        processId: p!.id,
        caseId: m.budgetCaseId,
        bodyId: m.bodyId,
        title: { nb: key },
        opensAt: new Date(Date.now() - 20 * 86_400_000),
        closesAt: new Date(Date.now() - 86_400_000),
      })
      .returning({ id: consultations.id });
    return c!.id;
  };
  const c1 = await consultation("skolebudsjett-1");
  consultationId = c1;
  const c2 = await consultation("skolebudsjett-2");
  people.byEmail = await createTestPerson(server.deps);
  people.bySms = await createTestPerson(server.deps, { level: "phone" });
  people.none = await createTestPerson(server.deps);
  people.twice = await createTestPerson(server.deps);
  people.gone = await createTestPerson(server.deps);
  people.unverified = await createTestPerson(server.deps, { level: "none" });
  await db.update(persons).set({ locale: "en", phone: "+4791234567" }).where(eq(persons.id, people.bySms.personId));
  await db.update(persons).set({ deletedAt: new Date() }).where(eq(persons.id, people.gone.personId));
  const take = (consultationId: string, personId: string, notify: "email" | "sms" | "none") =>
    db.insert(consultationParticipants).values({ tenantId: m.tenantId, consultationId, personId, notify });
  await take(c1, people.byEmail.personId, "email");
  await take(c1, people.bySms.personId, "sms");
  await take(c1, people.none.personId, "none");
  await take(c1, people.twice.personId, "email");
  await take(c2, people.twice.personId, "email");
  await take(c1, people.gone.personId, "email");
  await take(c1, people.unverified.personId, "email"); // an address never proved: not written to
});
afterAll(async () => {
  await server?.stop();
});

const path = () => `/vadso/meetings/${m.meetingId}`;
async function act(fields: Record<string, string>) {
  const res = await sec.post(`${path()}/console`, { version: String(version), ...fields });
  expect(res.status, `${fields.intent}: ${res.status}`).toBe(303);
  version++;
}
const html = async (res: Response) => (await res.text()).replace(/&#x27;/g, "'").replace(/&quot;/g, '"');

describe("draft minutes (møtebok)", () => {
  it("the draft is built from the timeline, leaves the closed item out, and the secretary edits and saves it", async () => {
    await act({ intent: "start" });
    await act({ intent: "moveTo", itemId: m.items[0] });
    // The public page shows the current case with the residents' input on it (its consultations, linked).
    const live = await html(await fetch(`${server.url}${path()}/live`));
    expect(live).toContain(`href="/vadso/consultations/${consultationId}"`);
    expect(live).toContain("Innspill fra innbyggerne");
    await act({ intent: "addSpeaker", name: "Kari Nordmann", party: "Ap" });
    await act({ intent: "nextSpeaker" });
    await act({ intent: "recordVote", itemId: m.items[0], for: "6", against: "3", blank: "0" });
    await act({ intent: "recordDecision", itemId: m.items[0], text: DECISION });
    await act({ intent: "moveTo", itemId: m.closedItemId });
    await act({ intent: "recordDecision", itemId: m.closedItemId, text: SECRET_DECISION });
    await act({ intent: "postpone", itemId: m.items[2] });

    const page = await html(await sec.fetch(`${path()}/minutes`));
    expect(page).toContain("Møtebok – Planutvalget");
    expect(page).toContain("1. Sak 2026/1: Budsjett for skoler");
    expect(page).toContain("Hadde ordet: Kari Nordmann");
    expect(page).toContain("Votering: 6 for, 3 mot, 0 blanke. Vedtatt.");
    expect(page).toContain(DECISION);
    expect(page).toContain("2. Sak unntatt offentlighet, behandlet for lukkede dører.");
    expect(page).toContain("Saken ble utsatt.");
    expect(page).not.toContain(SECRET_TITLE);
    expect(page).not.toContain(SECRET_DECISION);
    expect(page).toContain("Nytt utkast laget fra tidslinjen");

    const edited = `Møtebok – Planutvalget\n\nTil stede: alle medlemmer.\n\n1. Sak 2026/1: Budsjett for skoler\nVedtak:\n${DECISION}`;
    const saved = await html(await sec.post(`${path()}/minutes`, { intent: "save", body: edited }));
    expect(saved).toContain("Utkastet er lagret.");
    const again = await html(await sec.fetch(`${path()}/minutes`));
    expect(again).toContain("Til stede: alle medlemmer.");
    expect(again).toContain("Utkast, ikke publisert.");
    // Not public yet.
    expect(await html(await fetch(`${server.url}${path()}/live`))).not.toContain("Til stede: alle medlemmer.");
  });

  it("publishing waits for the end of the meeting; nothing is lost when refused", async () => {
    const res = await sec.post(`${path()}/minutes`, { intent: "publish", body: "Endret tekst som ikke skal gå tapt" });
    expect(res.status).toBe(409);
    const page = await html(res);
    expect(page).toContain("Møtet må være avsluttet før møteboka publiseres.");
    expect(page).toContain("Endret tekst som ikke skal gå tapt");
    const empty = await sec.post(`${path()}/minutes`, { intent: "save", body: "   " });
    expect(empty.status).toBe(400);
    expect(await html(empty)).toContain("Skriv inn møteboka.");
    // A saved draft is never served as the public PDF.
    expect((await fetch(`${server.url}${path()}/minutes.pdf`)).status).toBe(404);
  });

  it("published minutes appear on the public page, decisions go on their cases, and followers are told once, by e-mail or SMS as they chose", async () => {
    await act({ intent: "end" });
    const body = `Møtebok – Planutvalget\n\nTil stede: alle medlemmer.\n\n1. Sak 2026/1: Budsjett for skoler\nVedtak:\n${DECISION}`;
    const res = await sec.post(`${path()}/minutes`, { intent: "publish", body });
    expect(res.status).toBe(200);
    const published = await html(res);
    const errors = await server.deps.db.rows<{ error: string | null }>(
      sql`select error from follow_notices where error is not null`,
    );
    expect(errors).toEqual([]);
    expect(published).toContain("Møteboka er publisert. Varsler om vedtak sendt: 3.");

    const pub = await html(await fetch(`${server.url}${path()}/live`));
    expect(pub).toContain("Til stede: alle medlemmer.");
    // The published minutes are also a tagged PDF, linked from the live page, with the same text.
    expect(pub).toContain(`href="${path()}/minutes.pdf"`);
    const pdf = await fetch(`${server.url}${path()}/minutes.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder("latin1").decode(bytes)).toMatch(/\/StructTreeRoot/);
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain("Møtebok – Planutvalget");
    expect(text).toContain(DECISION);
    // The meeting's own page links the minutes and the PDF once they are out.
    const meetingPage = await html(await fetch(`${server.url}${path()}`));
    expect(meetingPage).toContain("Les møteboka");
    expect(meetingPage).toContain(`href="${path()}/minutes.pdf"`);
    const [c] = await server.deps.db.rows<{ decision_text: string; decided_at: string; starts_at: string }>(
      sql`select c.decision_text, c.decided_at::text, mt.starts_at::text from cases c, meetings mt where c.id = ${m.budgetCaseId} and mt.id = ${m.meetingId}`,
    );
    expect(c!.decision_text).toBe(DECISION);
    // Dated the day the meeting decided (vedtaksdato), not the day the minutes came out.
    expect(c!.decided_at).toBe(c!.starts_at);
    const [secret] = await server.deps.db.rows<{ decision_text: string | null }>(
      sql`select decision_text from cases where id = ${m.secretCaseId}`,
    );
    expect(secret!.decision_text).toBeNull();

    // E-mail for those who chose it (once, though one took part twice); none for "none" or a deleted person.
    const mails = devInbox(server.deps).filter(
      (x) => x.channel === "email" && x.subject?.startsWith("Vedtak i sak 2026/1"),
    );
    expect(mails.map((x) => x.to).sort()).toEqual([people.byEmail.email, people.twice.email].sort());
    expect(mails[0]!.text).toContain(DECISION);
    expect(mails[0]!.text).toContain("/vadso/cases/2026-1");
    // SMS through the SMS module's durable outbox, in the person's language.
    const sms = await server.deps.db.rows<{ body: string; lang: string; purpose: string }>(
      sql`select body, lang, purpose from sms_outbox where idempotency_key = ${`live:decided:${m.budgetCaseId}:${people.bySms.personId}`}`,
    );
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ lang: "en", purpose: "live.decision" });
    expect(sms[0]!.body).toContain("has decided case 2026/1");
    const told = await server.deps.db.rows<{ person_id: string }>(
      sql`select person_id from follow_notices where event_key = ${`decided:${m.budgetCaseId}`} and sent_at is not null`,
    );
    expect(told.map((r) => r.person_id).sort()).toEqual(
      [people.byEmail.personId, people.bySms.personId, people.twice.personId].sort(),
    );

    // Publishing again (a correction) tells nobody a second time.
    const before = devInbox(server.deps).length;
    const again = await html(
      await sec.post(`${path()}/minutes`, { intent: "publish", body: `${body}\n\nRettet skrivefeil.` }),
    );
    expect(again).toContain("Varsler om vedtak sendt: 0.");
    expect(devInbox(server.deps).length).toBe(before);
    expect(await html(await fetch(`${server.url}${path()}/live`))).toContain("Rettet skrivefeil.");
  });

  it("only the body's secretaries may open or change the minutes, and only with the CSRF token", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const oslo = await signInAs(server, { tenant: "oslo", role: "secretary" });
    for (const who of [resident, oslo]) {
      expect((await who.fetch(`${path()}/minutes`)).status).toBe(403);
      expect((await who.post(`${path()}/minutes`, { intent: "save", body: "Kapret" })).status).toBe(403);
    }
    const anon = await fetch(`${server.url}${path()}/minutes`, { redirect: "manual" });
    expect([302, 303]).toContain(anon.status);
    const noCsrf = await fetch(`${server.url}${path()}/minutes`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: sec.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save", body: "Uten token" }).toString(),
    });
    expect(noCsrf.status).toBe(403);
    expect(await html(await sec.fetch(`${path()}/minutes`))).not.toContain("Kapret");
  });
});
