import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBodyByKey } from "#app/modules/bodies/queries.server.ts";
import { createCase, setJourney } from "#app/modules/cases/commands.server.ts";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { devInbox, type InboxEntry } from "#app/modules/identity/outbox.server.ts";
import { toOsloLocal } from "#app/modules/meetings/calendar.ts";
import { addAgendaItem, createMeeting } from "#app/modules/meetings/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Residents follow a case, a body or an area and are told by e-mail when the
// case is scheduled (the meeting's notice is published), when input opens and
// when it is decided: through the real server, its bus and the outbox (the
// dev inbox stands in for SMTP). Closed items and exempt cases are never told.
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestSession;
let alice: TestSession; // follows the case
let bob: TestSession; // follows the committee
let carol: TestSession; // follows the case and the committee: told once
let unverified: TestSession;
const ids = { vadso: "", oppvekst: "", meeting: "", caseId: "", secretId: "" };
const DAY = 86_400_000;
const SECRET = "Personalsak Hemmelighetsen";

const mailsTo = (s: TestSession): InboxEntry[] => devInbox(server.deps).filter((m) => m.to === s.email);
const allMail = () =>
  devInbox(server.deps)
    .map((m) => `${m.subject}\n${m.text}`)
    .join("\n----\n");
/** Waits (bounded) until `n` messages have reached the inbox; deliveries run after the command on the bus. */
async function inboxReaches(n: number) {
  for (let i = 0; i < 200 && devInbox(server.deps).length < n; i++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 50)); // and nothing more is on its way
}
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEV_INBOX: "1" } });
  const deps = server.deps;
  ids.vadso = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  ids.oppvekst = (await getBodyByKey(deps.db.db, ids.vadso, "oppvekst"))!.id;
  const boss: Actor = {
    id: "follow-admin",
    memberships: [{ tenantId: ids.vadso, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  ids.caseId = must(
    await createCase(deps, boss, {
      tenantId: ids.vadso,
      year: 2026,
      sequence: 8101,
      title: { nb: "Nytt bibliotek i sentrum" },
    }),
  ).id;
  ids.secretId = must(
    await createCase(deps, boss, { tenantId: ids.vadso, year: 2026, sequence: 8102, title: { nb: SECRET } }),
  ).id;
  ids.meeting = must(
    await createMeeting(deps, boss, {
      tenantId: ids.vadso,
      bodyId: ids.oppvekst,
      startsAt: new Date(deps.now().getTime() + 12 * DAY),
      location: "Bystyresalen",
    }),
  ).id;
  must(await addAgendaItem(deps, boss, { tenantId: ids.vadso, meetingId: ids.meeting, caseId: ids.caseId }));
  must(
    await addAgendaItem(deps, boss, {
      tenantId: ids.vadso,
      meetingId: ids.meeting,
      caseId: ids.secretId,
      closed: true,
      closedBasis: "Offl. § 25",
    }),
  );
  must(
    await setJourney(deps, boss, {
      tenantId: ids.vadso,
      caseId: ids.secretId,
      steps: [{ bodyId: ids.oppvekst, kind: "vedtak" }],
    }),
  );
  admin = await signInAs(server, { tenant: "vadso", role: "admin" });
  alice = await signInAs(server, { tenant: "vadso", role: "resident" });
  bob = await signInAs(server, { tenant: "vadso", role: "resident" });
  carol = await signInAs(server, { tenant: "vadso", role: "resident" });
  unverified = await signInAs(server, { tenant: "vadso", role: "resident", level: "none" });
});
afterAll(async () => {
  await server?.stop();
});

const follows = async (personId: string) =>
  (
    await server.deps.db.rows<{ target_type: string; target_id: string }>(
      sql`select target_type, target_id from follows where person_id = ${personId} order by target_type`,
    )
  ).map((r) => `${r.target_type}:${r.target_id}`);

describe("following", () => {
  it("the case, body and area pages link to following; anonymous visitors are sent to sign in", async () => {
    expect(await (await fetch(`${server.url}/vadso/cases/2026-8101`)).text()).toContain(
      'href="/vadso/following?case=2026-8101"',
    );
    expect(await (await fetch(`${server.url}/vadso/bodies/oppvekst`)).text()).toContain(
      'href="/vadso/following?body=oppvekst"',
    );
    expect(await (await fetch(`${server.url}/vadso/areas/grend-ekkeroy`)).text()).toContain(
      'href="/vadso/following?body=grend-ekkeroy"',
    );
    const anon = await fetch(`${server.url}/vadso/following?case=2026-8101`, { redirect: "manual" });
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toBe(
      `/signin?returnTo=${encodeURIComponent("/vadso/following?case=2026-8101")}`,
    );
  });

  it("a resident follows a case and a body with plain forms (CSRF-checked); an exempt case is a 404 and nothing is stored", async () => {
    let page = await (await alice.fetch("/vadso/following?case=2026-8101")).text();
    expect(page).toContain("Nytt bibliotek i sentrum");
    expect(page).toContain("Du følger ikke dette ennå.");
    expect(page).toContain(alice.email);
    const noCsrf = await alice.fetch("/vadso/following?case=2026-8101", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `intent=follow&targetType=case&targetId=${ids.caseId}`,
    });
    expect(noCsrf.status).toBe(403);
    let r = await alice.post("/vadso/following?case=2026-8101", {
      intent: "follow",
      targetType: "case",
      targetId: ids.caseId,
    });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/vadso/following?case=2026-8101&done=followed");
    page = await (await alice.fetch(r.headers.get("location")!)).text();
    expect(page).toContain("Nå følger du dette.");
    expect(page).toContain("Slutt å følge");
    // following twice is harmless
    expect(
      (await alice.post("/vadso/following", { intent: "follow", targetType: "case", targetId: ids.caseId })).status,
    ).toBe(303);
    expect(await follows(alice.personId)).toEqual([`case:${ids.caseId}`]);

    expect(
      (
        await bob.post("/vadso/following?body=oppvekst", {
          intent: "follow",
          targetType: "body",
          targetId: ids.oppvekst,
        })
      ).status,
    ).toBe(303);
    expect(
      (await carol.post("/vadso/following", { intent: "follow", targetType: "body", targetId: ids.oppvekst })).status,
    ).toBe(303);
    expect(
      (await carol.post("/vadso/following", { intent: "follow", targetType: "case", targetId: ids.caseId })).status,
    ).toBe(303);

    // The exempt case: the page and the command answer like a missing one.
    expect((await alice.fetch("/vadso/following?case=2026-8102")).status).toBe(404);
    r = await alice.post("/vadso/following", { intent: "follow", targetType: "case", targetId: ids.secretId });
    expect(r.status).toBe(404);
    expect(await follows(alice.personId)).toEqual([`case:${ids.caseId}`]);
  });

  it("someone without a confirmed e-mail address is told why, in their language, and nothing is stored", async () => {
    const page = await (await unverified.fetch("/vadso/following?case=2026-8101")).text();
    expect(page).toContain("For å følge saker må du ha en bekreftet e-postadresse eller et bekreftet mobilnummer.");
    const r = await unverified.post("/vadso/following?case=2026-8101", {
      intent: "follow",
      targetType: "case",
      targetId: ids.caseId,
    });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain(
      "For å følge saker må du ha en bekreftet e-postadresse eller et bekreftet mobilnummer.",
    );
    expect(await follows(unverified.personId)).toEqual([]);
  });

  it("publishing the notice tells each follower once, listing only the open items", async () => {
    expect(devInbox(server.deps)).toHaveLength(0);
    const r = await admin.post(`/vadso/admin/meetings/${ids.meeting}`, { intent: "publish" });
    expect(r.status).toBe(200);
    await inboxReaches(3);
    for (const s of [alice, bob, carol]) {
      const mails = mailsTo(s);
      expect(mails, s.email).toHaveLength(1);
      expect(mails[0]!.subject).toContain("Innkalling: Utvalg for oppvekst og kultur");
      expect(mails[0]!.text).toContain("Sak 2026/8101: Nytt bibliotek i sentrum");
      expect(mails[0]!.text).toContain(`/vadso/meetings/${ids.meeting}`);
      // Links in messages are absolute (issue 17); without PUBLIC_URL they point at the local server.
      expect(mails[0]!.text).toContain("Slutt å følge: http://localhost:3000/vadso/following");
    }
    expect(mailsTo(unverified)).toHaveLength(0);
    expect(allMail()).not.toContain("Hemmelighetsen");
    expect(allMail()).not.toContain("2026/8102");
    expect(
      await server.deps.db.rows(
        sql`select event_key from follow_notices where sent_at is not null and event_key like 'notice:%'`,
      ),
    ).toHaveLength(3);
  });

  it("a case put on the agenda after the notice is told to its followers and the body's; nobody is told twice about what the notice listed", async () => {
    const boss: Actor = {
      id: admin.personId,
      memberships: [{ tenantId: ids.vadso, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    const extra = must(
      await createCase(server.deps, boss, {
        tenantId: ids.vadso,
        year: 2026,
        sequence: 8103,
        title: { nb: "Gatelys i Skallelv" },
      }),
    ).id;
    expect(
      (await alice.post("/vadso/following", { intent: "follow", targetType: "case", targetId: extra })).status,
    ).toBe(303);
    const before = devInbox(server.deps).length;
    const r = await admin.post(`/vadso/admin/meetings/${ids.meeting}`, { intent: "addItem", caseId: extra });
    expect(r.status).toBe(200);
    await inboxReaches(before + 3);
    const added = devInbox(server.deps).slice(0, devInbox(server.deps).length - before);
    // Alice follows the new case; Bob and Carol follow the committee, so they hear of it too (once each).
    expect(added.map((m) => m.to).sort()).toEqual([alice.email, bob.email, carol.email].sort());
    for (const m of added) {
      expect(m.subject).toMatch(/^Sak 2026\/8103 er satt på sakslisten: Utvalg for oppvekst og kultur, /);
      expect(m.text).toContain("«Gatelys i Skallelv»");
    }
    // The cases the notice already listed are not told again to the committee's followers.
    expect(added.some((m) => (m.subject ?? "").includes("2026/8101"))).toBe(false);
    // a closed item added later tells no one
    const hidden = must(
      await createCase(server.deps, boss, {
        tenantId: ids.vadso,
        year: 2026,
        sequence: 8104,
        title: { nb: "Skjult personalsak" },
      }),
    ).id;
    expect(
      (
        await admin.post(`/vadso/admin/meetings/${ids.meeting}`, {
          intent: "addItem",
          caseId: hidden,
          closed: "on",
          closedBasis: "Offl. § 25",
        })
      ).status,
    ).toBe(200);
    await new Promise((res) => setTimeout(res, 300));
    expect(devInbox(server.deps).length).toBe(before + 3);
    expect(allMail()).not.toContain("Skjult");
  });

  it("a new time or place after the notice is told to the notice's followers once; other edits tell no one", async () => {
    const [m] = await server.deps.db.rows<{ starts_at: Date }>(
      sql`select starts_at from meetings where id = ${ids.meeting}`,
    );
    const when = new Date(m!.starts_at);
    const edit = (startsAt: Date, location: string, streamUrl = "") =>
      admin.post(`/vadso/admin/meetings/${ids.meeting}`, {
        intent: "update",
        startsAt: toOsloLocal(startsAt),
        location,
        remoteUrl: "",
        streamUrl,
      });
    const before = devInbox(server.deps).length;
    // Same time and place, a stream link added: not news.
    expect((await edit(when, "Bystyresalen", "https://video.example.org/oppvekst")).status).toBe(200);
    await new Promise((res) => setTimeout(res, 300));
    expect(devInbox(server.deps).length).toBe(before);
    // A day later: Alice (the cases), Bob and Carol (the committee) are told, once each.
    const later = new Date(when.getTime() + DAY);
    expect((await edit(later, "Bystyresalen", "https://video.example.org/oppvekst")).status).toBe(200);
    await inboxReaches(before + 3);
    const moved = devInbox(server.deps).slice(0, devInbox(server.deps).length - before);
    expect(moved.map((x) => x.to).sort()).toEqual([alice.email, bob.email, carol.email].sort());
    for (const x of moved) {
      expect(x.subject).toMatch(/^Møtet er flyttet: Utvalg for oppvekst og kultur, /);
      expect(x.text).toContain("(Bystyresalen)");
      expect(x.text).toContain(`/vadso/meetings/${ids.meeting}`);
    }
    // Saving the same again tells no one twice.
    expect((await edit(later, "Bystyresalen", "https://video.example.org/oppvekst")).status).toBe(200);
    await new Promise((res) => setTimeout(res, 300));
    expect(devInbox(server.deps).length).toBe(before + 3);
    expect(allMail()).not.toContain("Hemmelighetsen");
  });

  it("a decision tells the case's and its bodies' followers once; a decision in an exempt case tells no one", async () => {
    const before = devInbox(server.deps).length;
    let r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "decision",
      decisionText: "Biblioteket bygges i Kirkegata.",
    });
    expect(r.status).toBe(200);
    await inboxReaches(before + 2);
    const decided = devInbox(server.deps).filter((m) => m.subject?.startsWith("Vedtak i sak 2026/8101"));
    expect(decided.map((m) => m.to).sort()).toEqual([alice.email, carol.email].sort()); // bob follows the committee, which is not on this case's journey
    expect(decided[0]!.text).toContain("Biblioteket bygges i Kirkegata.");
    // recorded again (corrected): nobody is told twice
    r = await admin.post(`/vadso/admin/cases/${ids.caseId}`, {
      intent: "decision",
      decisionText: "Biblioteket bygges i Kirkegata 5.",
    });
    // the exempt case is on the committee's journey, whose followers must hear nothing
    r = await admin.post(`/vadso/admin/cases/${ids.secretId}`, {
      intent: "decision",
      decisionText: "Hemmelig vedtak.",
    });
    expect(r.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // give a (wrong) notice the time to arrive
    expect(devInbox(server.deps).length).toBe(before + 2);
    expect(allMail()).not.toContain("Hemmelig");
  });

  it("a consultation on the case tells its followers and the deciding body's that input opens, once", async () => {
    const before = devInbox(server.deps).length;
    const boss: Actor = {
      id: admin.personId,
      memberships: [{ tenantId: ids.vadso, role: "admin", bodyId: null }],
      platformAdmin: false,
    };
    const opensAt = server.deps.now();
    const closesAt = new Date(opensAt.getTime() + 30 * DAY);
    must(
      await createConsultation(server.deps, boss, {
        tenantId: ids.vadso,
        caseId: ids.caseId,
        bodyId: ids.oppvekst,
        title: { nb: "Hvor skal biblioteket ligge?" },
        opensAt,
        closesAt,
      }),
    );
    await inboxReaches(before + 3);
    const input = devInbox(server.deps).filter(
      (m) => m.subject === "Si din mening om sak 2026/8101: Nytt bibliotek i sentrum",
    );
    expect(input.map((m) => m.to).sort()).toEqual([alice.email, bob.email, carol.email].sort());
    expect(input[0]!.text).toContain("Hvor skal biblioteket ligge?");
    expect(input[0]!.text).toMatch(/\/vadso\/consultations\/[0-9a-f-]{36}/);
    // a consultation on the exempt case is refused by its own module, so it can never be announced
    expect(
      (
        await createConsultation(server.deps, boss, {
          tenantId: ids.vadso,
          caseId: ids.secretId,
          bodyId: ids.oppvekst,
          title: { nb: "x" },
          opensAt,
          closesAt,
        })
      ).ok,
    ).toBe(false);
  });

  it("someone with a confirmed mobile number chooses SMS; the notice goes there, short, once", async () => {
    const dave = await signInAs(server, { tenant: "vadso", role: "resident", level: "phone" });
    const page = await (await dave.fetch("/vadso/following?case=2026-8101")).text();
    expect(page).toContain("Varsle meg med");
    expect(page).toContain("SMS til +47");
    let r = await dave.post("/vadso/following?case=2026-8101", {
      intent: "follow",
      targetType: "case",
      targetId: ids.caseId,
      channel: "sms",
    });
    expect(r.status).toBe(303);
    expect(await server.deps.db.rows(sql`select channel from follows where person_id = ${dave.personId}`)).toEqual([
      { channel: "sms" },
    ]);
    // SMS without a confirmed number is refused, translated
    r = await alice.post("/vadso/following?case=2026-8101", {
      intent: "follow",
      targetType: "case",
      targetId: ids.caseId,
      channel: "sms",
    });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain("For å få varsler på SMS må du ha et bekreftet mobilnummer.");
    // The same event through deliver(): dave by SMS (subject and link only), the e-mail followers by e-mail.
    const sent: { channel: string; to: string; text: string }[] = [];
    const { noticeFor, deliver } = await import("#app/modules/follows/notify.server.ts");
    const n = (await noticeFor(server.deps, {
      type: "cases.decision.recorded",
      tenantId: ids.vadso,
      caseId: ids.caseId,
    }))!;
    const fresh = { ...n, eventKey: `test:${n.eventKey}` };
    expect(await deliver(server.deps, fresh, async (m) => void sent.push(m))).toBe(3);
    const sms = sent.find((m) => m.channel === "sms")!;
    const [phone] = await server.deps.db.rows<{ phone: string }>(
      sql`select phone from persons where id = ${dave.personId}`,
    );
    expect(sms.to).toBe(phone!.phone);
    expect(sms.text).toBe(
      "Vedtak i sak 2026/8101: Nytt bibliotek i sentrum\nhttp://localhost:3000/vadso/cases/2026-8101",
    );
    expect(
      sent
        .filter((m) => m.channel === "email")
        .map((m) => m.to)
        .sort(),
    ).toEqual([alice.email, carol.email].sort());
    expect(await deliver(server.deps, fresh, async (m) => void sent.push(m))).toBe(0); // once
  });

  it("lists what the person follows and unfollows with a plain form", async () => {
    let page = await (await carol.fetch("/vadso/following")).text();
    expect(page).toContain("Sak 2026/8101");
    expect(page).toContain("Utvalg for oppvekst og kultur");
    const r = await carol.post("/vadso/following", { intent: "unfollow", targetType: "body", targetId: ids.oppvekst });
    expect(r.status).toBe(303);
    expect(await follows(carol.personId)).toEqual([`case:${ids.caseId}`]);
    page = await (await carol.fetch(r.headers.get("location")!)).text();
    expect(page).toContain("Du følger ikke dette lenger.");
    // another municipality's page shows none of it
    expect(await (await carol.fetch("/oslo/following")).text()).toContain(
      "Du følger ingen saker eller organer i denne kommunen.",
    );
  });
});
