import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "#app/modules/identity/permissions.ts";
import {
  claimNextSelection,
  createPanel,
  joinPool,
  requestDraw,
  runSelection,
  setQuotas,
  setRecruiting,
} from "#app/modules/panels/commands.server.ts";
import { notifySurvey } from "#app/modules/panels/survey-sms.server.ts";
import { createSurvey, openSurvey } from "#app/modules/panels/surveys.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { uploadFrame } from "#app/modules/panels/frames.server.ts";
import { sendSmsInvitations } from "#app/modules/panels/sms.server.ts";
import {
  panelInvitations,
  panelPoolMembers,
  panelSelections,
  panelSurveyInvites,
  panelSurveyResponses,
  persons,
} from "#db/schema/index.ts";
import {
  FAKE_ACCOUNT_SID,
  FAKE_AUTH_TOKEN,
  FAKE_MESSAGING_SERVICE_SID,
  startFakeTwilio,
  type FakeTwilio,
} from "#tests/setup/fake-twilio.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { SMS_SECRET } from "./sms-setup.ts";

// Panel sign-up by SMS end to end: a sampling frame's sample is invited by
// SMS through the outbox, the real twilio SDK and the fake Twilio; signed
// inbound webhooks carry the replies (JA, then one answer per category);
// the person ends in the pool with the profile they texted. NEI ends it;
// nonsense is asked again. Staff of another municipality cannot send. Both drivers.
const PUBLIC = "https://medvirk.example";
const offset = Date.parse("2026-11-23T10:00:00Z") - Date.now(); // daytime in Oslo: no quiet hours
const now = () => new Date(Date.now() + offset);

let server: Awaited<ReturnType<typeof startTestServer>>;
let fake: FakeTwilio;
let tenantId: string;
let panelId: string;
let staff: Actor;
let osloStaff: Actor;

beforeAll(async () => {
  fake = await startFakeTwilio({ now });
  server = await startTestServer({
    demo: false,
    now,
    env: {
      MEDVIRK_SECRET: SMS_SECRET,
      PUBLIC_URL: PUBLIC,
      MEDVIRK_DEV_INBOX: "1",
      SMS_TRANSPORT: "twilio",
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: FAKE_MESSAGING_SERVICE_SID,
      TWILIO_API_BASE_URL: fake.url,
    },
  });
  const deps = server.deps;
  tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const osloId = deps.tenants.bySlugOrAlias("oslo")!.municipality.id;
  const [s] = await deps.db.db
    .insert(persons)
    .values({ email: "panel-sms-staff@example.org", emailVerifiedAt: now() })
    .returning({ id: persons.id });
  staff = { id: s!.id, memberships: [{ tenantId, role: "secretary", bodyId: null }], platformAdmin: false };
  osloStaff = { id: s!.id, memberships: [{ tenantId: osloId, role: "admin", bodyId: null }], platformAdmin: false };
  const p = await createPanel(deps, staff, { tenantId, key: "sms-panel", title: { nb: "Havnepanelet" }, size: 4 });
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  panelId = p.value.id;
  const q = (category: string, feature: string) => ({
    category,
    feature,
    min: 1,
    max: 3,
    populationShare: null,
    tolerance: null,
  });
  await setQuotas(deps, staff, {
    tenantId,
    panelId,
    rows: [q("Kjønn", "Kvinne"), q("Kjønn", "Mann"), q("Alder", "Under 40"), q("Alder", "40 eller eldre")],
  });
  await setRecruiting(deps, staff, { tenantId, panelId, open: true });
  const frame = ["name,phone", "Kari Sms,+4741300001", "Ola Sms,+4741300002", "Per Sms,+4741300003"].join("\n");
  const f = await uploadFrame(deps, staff, {
    tenantId,
    panelId,
    fileName: "frame.csv",
    content: frame,
    sampleSize: 3,
    retentionDays: 30,
  });
  if (!f.ok) throw new Error(JSON.stringify(f.error));
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

const inbound = (from: string, body: string) =>
  fake.postInbound(`${server.url}/webhooks/twilio/sms`, from, body, { signAs: `${PUBLIC}/webhooks/twilio/sms` });
async function sentTo(to: string, n: number) {
  const until = Date.now() + 15_000;
  for (;;) {
    const list = fake.messages.filter((m) => m.to === to);
    if (list.length >= n) return list;
    if (Date.now() > until)
      throw new Error(`expected ${n} SMS to ${to}, got ${list.length}: ${JSON.stringify(list.map((m) => m.body))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("panel sign-up by SMS through Twilio", () => {
  it("invitation → JA → one question per category → in the pool with the texted profile", async () => {
    expect(await sendSmsInvitations(server.deps, osloStaff, { tenantId, panelId })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const sent = await sendSmsInvitations(server.deps, staff, { tenantId, panelId });
    expect(sent).toEqual({ ok: true, value: { queued: 3, failed: 0 } });
    // Asking again sends nothing twice.
    expect(await sendSmsInvitations(server.deps, staff, { tenantId, panelId })).toEqual({
      ok: true,
      value: { queued: 0, failed: 0 },
    });

    const kari = "+4741300001";
    const [invite] = await sentTo(kari, 1);
    expect(invite!.body).toContain("Havnepanelet");
    expect(invite!.body).toContain("Svar JA");
    await inbound(kari, "kanskje");
    const [, again] = await sentTo(kari, 2);
    expect(again!.body).toContain("Svar JA eller NEI"); // the SMS module asks again itself
    await inbound(kari, "Ja");
    const q1 = (await sentTo(kari, 3))[2]!;
    expect(q1.body).toBe("Kjønn? Svar med tallet: 1 Kvinne, 2 Mann");
    await inbound(kari, "1");
    const q2 = (await sentTo(kari, 4))[3]!;
    expect(q2.body).toBe("Alder? Svar med tallet: 1 Under 40, 2 40 eller eldre");
    await inbound(kari, "2");
    const thanks = (await sentTo(kari, 5))[4]!;
    expect(thanks.body).toBe("Takk! Du er med i utvalget for «Havnepanelet».");
    const [member] = await server.deps.db.db.select().from(panelPoolMembers).where(eq(panelPoolMembers.phone, kari));
    expect(member).toMatchObject({
      source: "sms",
      name: "Kari Sms",
      profile: { Kjønn: "Kvinne", Alder: "40 eller eldre" },
    });
    // The member is the person known by that phone, with the language they answered in (issue 18).
    const [person] = await server.deps.db.db.select().from(persons).where(eq(persons.id, member!.personId!));
    expect(person).toMatchObject({ phone: kari, locale: "nb" });
    expect(member!.consentAt).not.toBeNull();
    const [inv] = await server.deps.db.db.select().from(panelInvitations).where(eq(panelInvitations.contact, kari));
    expect(inv!.acceptedAt).not.toBeNull();
  });

  it("NEI ends the conversation without joining", async () => {
    const ola = "+4741300002";
    await sentTo(ola, 1);
    await inbound(ola, "nei");
    const [, reply] = await sentTo(ola, 2);
    expect(reply!.body).toBe("Greit, takk for svaret.");
    expect(await server.deps.db.db.select().from(panelPoolMembers).where(eq(panelPoolMembers.phone, ola))).toHaveLength(
      0,
    );
  });
});

describe("panel surveys reach the panel by SMS and e-mail", () => {
  it("short questions are asked by SMS one at a time; the answer is stored once; a reminder goes only to those who have not answered; e-mail members get the link", async () => {
    const deps = server.deps;
    const p = await createPanel(deps, staff, { tenantId, key: "sms-survey", title: { nb: "Bypanelet" }, size: 3 });
    if (!p.ok) throw new Error(JSON.stringify(p.error));
    const id = p.value.id;
    const q = (feature: string) => ({
      category: "Kjønn",
      feature,
      min: 0,
      max: 3,
      populationShare: 0.5,
      tolerance: null,
    });
    await setQuotas(deps, staff, { tenantId, panelId: id, rows: [q("Kvinne"), q("Mann")] });
    await setRecruiting(deps, staff, { tenantId, panelId: id, open: true });
    const [web] = await deps.db.db
      .insert(persons)
      .values({ email: "panel-web@example.org", emailVerifiedAt: now() })
      .returning({ id: persons.id });
    const anne = "+4741300021";
    const bo = "+4741300022";
    for (const [person, input] of [
      [null, { name: "Anne", phone: anne, profile: { Kjønn: "Kvinne" }, source: "sms" as const }],
      [null, { name: "Bo", phone: bo, profile: { Kjønn: "Mann" }, source: "sms" as const }],
      [web!.id, { name: "Webb", email: "panel-web@example.org", profile: { Kjønn: "Kvinne" } }],
    ] as const) {
      const j = await joinPool(deps, person, { tenantId, panelId: id, consent: true, ...input });
      if (!j.ok) throw new Error(JSON.stringify(j.error));
    }
    const job = await requestDraw(deps, staff, { tenantId, panelId: id, seed: "sms-survey" });
    if (!job.ok) throw new Error(JSON.stringify(job.error));
    // The server's own worker may claim the draw first (on PostgreSQL a NOTIFY wakes it); either way it runs once.
    if ((await claimNextSelection(deps)) === job.value.id) await runSelection(deps, job.value.id);
    for (const until = Date.now() + 15_000; ;) {
      const [s] = await deps.db.db
        .select({ status: panelSelections.status })
        .from(panelSelections)
        .where(eq(panelSelections.id, job.value.id));
      if (s!.status === "done") break;
      if (s!.status === "failed" || Date.now() > until) throw new Error(`draw ended as ${s!.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const sv = await createSurvey(deps, staff, {
      tenantId,
      panelId: id,
      key: "havn",
      title: "Havna",
      questions: "single: Bør havna åpnes for bading? | Ja; Nei; Vet ikke\nscale 1-5: Hvor ofte går du langs havna?",
    });
    if (!sv.ok) throw new Error(JSON.stringify(sv.error));
    const surveyId = sv.value.id;
    // Not open yet: nothing to tell; another municipality's staff may not send.
    expect(await notifySurvey(deps, staff, { tenantId, surveyId, reminder: false })).toMatchObject({
      ok: false,
      error: { code: "errors.survey.notOpen" },
    });
    expect((await openSurvey(deps, staff, { tenantId, surveyId })).ok).toBe(true);
    expect(await notifySurvey(deps, osloStaff, { tenantId, surveyId, reminder: false })).toMatchObject({
      ok: false,
      error: { status: 403 },
    });
    const before = devInbox(deps).length;
    expect(await notifySurvey(deps, staff, { tenantId, surveyId, reminder: false })).toEqual({
      ok: true,
      value: { sms: 2, email: 1, unreachable: 0 },
    });
    // Asking again sends nothing twice.
    expect(await notifySurvey(deps, staff, { tenantId, surveyId, reminder: false })).toMatchObject({
      ok: true,
      value: { sms: 0 },
    });
    const mail = devInbox(deps)
      .slice(0, devInbox(deps).length - before)
      .find((m) => m.to === "panel-web@example.org");
    expect(mail?.subject).toBe("Ny undersøkelse fra innbyggerpanelet: Havna");
    expect(mail?.text).toContain(`${PUBLIC}/vadso/panels/sms-survey/surveys/havn`);

    const [first] = await sentTo(anne, 1);
    expect(first!.body).toBe(
      "Vadsø: Ny undersøkelse fra innbyggerpanelet «Bypanelet»: «Havna». Bør havna åpnes for bading? Svar med tallet: 1 Ja, 2 Nei, 3 Vet ikke",
    );
    await inbound(anne, "2");
    const second = (await sentTo(anne, 2))[1]!;
    expect(second.body).toBe("Hvor ofte går du langs havna? Svar med et tall fra 1 til 5.");
    await inbound(anne, "9");
    expect((await sentTo(anne, 3))[2]!.body).toBe("Vi forstod ikke svaret. Velg fra 1, 2, 3, 4, 5 (høyst 1)."); // the SMS module asks again itself
    await inbound(anne, "4");
    expect((await sentTo(anne, 4))[3]!.body).toBe("Takk! Svarene dine på «Havna» er lagret.");
    const responses = await deps.db.db
      .select()
      .from(panelSurveyResponses)
      .where(eq(panelSurveyResponses.surveyId, surveyId));
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ profile: { Kjønn: "Kvinne" }, answers: { q1: "Nei", q2: 4 } });

    // The reminder goes to Bo (by SMS, the first question again) and to the web member (e-mail), not to Anne.
    const anneCount = fake.messages.filter((m) => m.to === anne).length;
    expect(await notifySurvey(deps, staff, { tenantId, surveyId, reminder: true })).toEqual({
      ok: true,
      value: { sms: 1, email: 1, unreachable: 0 },
    });
    const reminder = (await sentTo(bo, 2))[1]!;
    expect(reminder.body).toContain("Påminnelse fra innbyggerpanelet «Bypanelet»: «Havna» venter på svaret ditt.");
    expect(fake.messages.filter((m) => m.to === anne)).toHaveLength(anneCount);
    const invites = await deps.db.db.select().from(panelSurveyInvites).where(eq(panelSurveyInvites.surveyId, surveyId));
    expect(invites.filter((i) => i.respondedAt)).toHaveLength(1);
    expect(invites.filter((i) => !i.respondedAt && i.remindedAt)).toHaveLength(2);
  });
});
