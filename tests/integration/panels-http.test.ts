import { eq, sql } from "drizzle-orm";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  panelFrames,
  panelInvitations,
  panelPoolMembers,
  panels,
  panelSelections,
  panelSurveys,
} from "#db/schema/index.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// The panel pages over real HTTP (production build, both drivers): staff
// create a panel, set quotas (line-precise errors), open recruitment;
// residents sign up with profile and consent (no JavaScript); the draw runs
// as a job with progress over socket.io; the audit is published. Every
// mutation is refused without the permission, across municipalities, and
// without the CSRF token.
let server: Awaited<ReturnType<typeof startTestServer>>;
let staff: TestSession;
let osloStaff: TestSession;
let moderator: TestSession;
const residents: TestSession[] = [];

beforeAll(async () => {
  server = await startTestServer();
  staff = await signInAs(server, { tenant: "vadso", role: "secretary" });
  osloStaff = await signInAs(server, { tenant: "oslo", role: "admin" });
  moderator = await signInAs(server, { tenant: "vadso", role: "moderator" });
  for (let i = 0; i < 12; i++) residents.push(await signInAs(server, { name: `Innbygger ${i}` }));
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const QUOTAS = "Kjønn,Kvinne,2,2\nKjønn,Mann,2,2\nAlder,Under 40,1,3\nAlder,40 eller eldre,1,3";

async function waitFor<T>(f: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

function watch(
  session: TestSession | null,
  panelId: string,
): Promise<{ socket: Socket; ok: boolean; events: { type: string; status?: string }[] }> {
  const socket = connect(`${server.url}/panels`, {
    transports: ["websocket"],
    extraHeaders: session ? { cookie: session.cookie } : {},
    forceNew: true,
  });
  const events: { type: string; status?: string }[] = [];
  socket.on("panels:event", (e: { type: string; status?: string }) => events.push(e));
  return new Promise((resolve) =>
    socket.on("connect", () =>
      socket.emit("panels:watch", { panelId }, (r: { ok: boolean }) => resolve({ socket, ok: r.ok, events })),
    ),
  );
}

describe("staff pages: permission, tenant and CSRF", () => {
  it("only the municipality's panel staff see and use the admin pages", async () => {
    expect((await residents[0]!.fetch("/vadso/admin/panels")).status).toBe(403);
    expect((await moderator.fetch("/vadso/admin/panels")).status).toBe(403);
    expect((await osloStaff.fetch("/vadso/admin/panels")).status).toBe(403);
    expect((await fetch(new URL("/vadso/admin/panels", server.url), { redirect: "manual" })).status).toBe(303);
    expect((await residents[0]!.post("/vadso/admin/panels", { key: "x", title: "X", size: "4" })).status).toBe(403);
    expect((await osloStaff.post("/vadso/admin/panels", { key: "x", title: "X", size: "4" })).status).toBe(403);
    // Without the form's token: refused, nothing created.
    const noToken = await staff.fetch("/vadso/admin/panels", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "key=x&title=X&size=4",
    });
    expect(noToken.status).toBe(403);
    expect(await server.deps.db.db.select().from(panels).where(eq(panels.key, "x"))).toHaveLength(0);
  });
});

describe("a panel from quotas to published audit", () => {
  let panelId = "";
  it("staff create the panel and set quotas; bad lines are named, what was typed is kept", async () => {
    const bad = await staff.post("/vadso/admin/panels", { key: "klima", title: "Klimapanelet", size: "abc" });
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toContain("helt tall");
    expect(badHtml).toContain('value="klima"');
    const unknownCase = await (
      await staff.post("/vadso/admin/panels", {
        key: "klima",
        title: "Klimapanelet",
        size: "4",
        caseNumber: "1999/999999",
      })
    ).text();
    expect(unknownCase).toContain("Fant ingen sak med det saksnummeret.");
    const [c] = await server.deps.db.rows<{ year: number; sequence: number }>(
      sql`select year, sequence from cases where tenant_id = (select id from municipalities where slug = 'vadso') order by year, sequence limit 1`,
    );
    expect(c).toBeDefined();
    const r = await staff.post("/vadso/admin/panels", {
      key: "klima",
      title: "Klimapanelet",
      purpose: "Råd om klimaplanen",
      size: "4",
      method: "leximin",
      caseNumber: `${c!.year}/${c!.sequence}`,
    });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/vadso/admin/panels/klima");
    panelId = (await server.deps.db.db.select().from(panels).where(eq(panels.key, "klima")))[0]!.id;

    const sums = await staff.post("/vadso/admin/panels/klima", {
      intent: "quotas",
      quotas: "Kjønn,Kvinne,1,1\n\nKjønn,Mann,1,2\nAlder,Under 40,1,3\nAlder,40 eller eldre,1,3",
    });
    const sumsHtml = await sums.text();
    expect(sumsHtml).toContain("Linje 1: maksimumene for Kjønn blir til sammen 3, færre enn de 4 plassene.");
    expect(sumsHtml).toContain("Kjønn,Mann,1,2");
    const line = await (
      await staff.post("/vadso/admin/panels/klima", { intent: "quotas", quotas: "Kjønn,Kvinne,2,2\n\nKjønn,Mann,to,2" })
    ).text();
    expect(line).toContain("Linje 3:");
    expect((await osloStaff.post("/vadso/admin/panels/klima", { intent: "quotas", quotas: QUOTAS })).status).toBe(403);
    expect((await staff.post("/vadso/admin/panels/klima", { intent: "quotas", quotas: QUOTAS })).status).toBe(200);
    // Not public while in draft.
    expect((await residents[0]!.fetch("/vadso/panels/klima")).status).toBe(404);
    expect((await staff.post("/vadso/admin/panels/klima", { intent: "recruit", open: "1" })).status).toBe(200);
  });

  it("residents sign up without JavaScript; consent and every category are required; staff see the pool live", async () => {
    const staffWatch = await watch(staff, panelId);
    expect(staffWatch.ok).toBe(true);
    const page = await (await residents[0]!.fetch("/vadso/panels/klima")).text();
    expect(page).toContain('name="c0"');
    expect(page).toContain("Jeg samtykker");
    expect(await (await fetch(new URL("/vadso/panels/klima", server.url))).text()).toContain("Panelet gir råd i sak");
    const list = await (await fetch(new URL("/vadso/panels", server.url))).text();
    expect(list).toContain('href="/vadso/panels/klima"');
    expect(list).not.toContain('/vadso/panels/x"');
    const anon = await (await fetch(new URL("/vadso/panels/klima", server.url))).text();
    expect(anon).toContain("Logg inn for å melde deg på");

    const noConsent = await residents[0]!.post("/vadso/panels/klima", {
      intent: "join",
      name: "Kari",
      c0: "Kvinne",
      c1: "Under 40",
    });
    expect(await noConsent.text()).toContain("Du må samtykke");
    const noAge = await residents[0]!.post("/vadso/panels/klima", {
      intent: "join",
      name: "Kari",
      c0: "Kvinne",
      consent: "yes",
    });
    expect(await noAge.text()).toContain("Velg et svar for Alder.");
    const profiles = [
      ["Kvinne", "Under 40"],
      ["Kvinne", "40 eller eldre"],
      ["Kvinne", "Under 40"],
      ["Mann", "40 eller eldre"],
      ["Mann", "Under 40"],
      ["Mann", "40 eller eldre"],
      ["Kvinne", "40 eller eldre"],
      ["Mann", "Under 40"],
    ];
    for (const [i, [g, a]] of profiles.entries()) {
      const r = await residents[i]!.post("/vadso/panels/klima", {
        intent: "join",
        name: `Innbygger ${i}`,
        c0: g!,
        c1: a!,
        consent: "yes",
      });
      expect(r.status).toBe(303);
    }
    expect(
      await server.deps.db.db.select().from(panelPoolMembers).where(eq(panelPoolMembers.panelId, panelId)),
    ).toHaveLength(8);
    await waitFor(
      async () => staffWatch.events.filter((e) => e.type === "panels.pool.changed").length >= 8,
      "pool events",
    );
    // The public sees counts under 5 suppressed; staff see them exactly.
    const pub = await (await fetch(new URL("/vadso/panels/klima", server.url))).text();
    expect(pub).toContain("færre enn 5");
    const adminPage = await (await staff.fetch("/vadso/admin/panels/klima")).text();
    expect(adminPage).toContain("8 frivillige i utvalget.");
    staffWatch.socket.close();
  });

  it("a sampling frame upload (multipart) invites a random sample; an invited resident signs up with the profile filled in", async () => {
    const csv =
      "name,email,Kjønn,Alder\nAnne Invitert,anne@example.org,Kvinne,Under 40\nBjørn Invitert,bjorn@example.org,Mann,40 eller eldre\nCecilie Invitert,cecilie@example.org,Kvinne,40 eller eldre\n";
    const upload = (session: TestSession, file: string, sampleSize: string) => {
      const body = new FormData();
      body.set("_csrf", session.csrf);
      body.set("intent", "frame");
      body.set("sampleSize", sampleSize);
      body.set("retentionDays", "14");
      body.set("file", new File([file], "folkeregister.csv", { type: "text/csv" }));
      return session.fetch("/vadso/admin/panels/klima", { method: "POST", body });
    };
    expect((await upload(osloStaff, csv, "3")).status).toBe(403);
    const bad = await (await upload(staff, csv + "Uten kontakt,,Mann,Under 40\n", "3")).text();
    expect(bad).toContain("Linje 5:");
    const ok = await (await upload(staff, csv, "3")).text();
    expect(ok).toContain("3 av 3 personer er invitert. Filen er slettet.");
    const frames = await server.deps.db.db.select().from(panelFrames);
    expect(frames.every((f) => f.content === null)).toBe(true);
    const list = await staff.fetch("/vadso/admin/panels/klima/invitations.csv");
    expect(list.headers.get("content-type")).toContain("text/csv");
    const rows = (await list.text()).trim().split("\r\n");
    expect(rows).toHaveLength(4);
    expect((await residents[0]!.fetch("/vadso/admin/panels/klima/invitations.csv")).status).toBe(403);
    const [inv] = await server.deps.db.db
      .select()
      .from(panelInvitations)
      .where(eq(panelInvitations.name, "Bjørn Invitert"));
    const invited = residents[10]!;
    // Opened before recruitment starts, the invitation says so instead of a dead end (issue 17);
    // without a valid code the draft panel stays hidden.
    await server.deps.db.db.update(panels).set({ status: "draft" }).where(eq(panels.key, "klima"));
    const early = await invited.fetch(`/vadso/panels/klima?code=${inv!.code}`);
    expect(early.status).toBe(200);
    expect(await early.text()).toContain("Påmeldingen til panelet er ikke åpnet ennå.");
    expect((await invited.fetch("/vadso/panels/klima?code=NOPE")).status).toBe(404);
    await server.deps.db.db.update(panels).set({ status: "recruiting" }).where(eq(panels.key, "klima"));
    const page = await (await invited.fetch(`/vadso/panels/klima?code=${inv!.code}`)).text();
    expect(page).toContain('value="Bjørn Invitert"');
    const mann = /<input[^>]*value="Mann"[^>]*>/.exec(page.slice(page.indexOf('name="c0"') - 200))?.[0] ?? "";
    expect(mann).toContain("checked");
    const r = await invited.post("/vadso/panels/klima", {
      intent: "join",
      code: inv!.code,
      name: "Bjørn Invitert",
      c0: "Mann",
      c1: "40 eller eldre",
      consent: "yes",
    });
    expect(r.status).toBe(303);
    const [after] = await server.deps.db.db.select().from(panelInvitations).where(eq(panelInvitations.id, inv!.id));
    expect(after!.acceptedAt).not.toBeNull();
    const [member] = await server.deps.db.db
      .select()
      .from(panelPoolMembers)
      .where(eq(panelPoolMembers.personId, invited.personId));
    expect(member!.source).toBe("invitation");
  });

  it("the draw is one job off the request path, with progress to staff only; then the audit is published", async () => {
    const residentWatch = await watch(residents[0]!, panelId);
    expect(residentWatch.ok).toBe(false);
    residentWatch.socket.close();
    const anonymous = await watch(null, panelId);
    expect(anonymous.ok).toBe(false);
    anonymous.socket.close();
    const staffWatch = await watch(staff, panelId);
    expect(staffWatch.ok).toBe(true);

    expect((await residents[0]!.post("/vadso/admin/panels/klima", { intent: "draw", method: "leximin" })).status).toBe(
      403,
    );
    const [a, b] = await Promise.all([
      staff.post("/vadso/admin/panels/klima", { intent: "draw", method: "leximin", seed: "vadso-2026" }),
      staff.post("/vadso/admin/panels/klima", { intent: "draw", method: "leximin", seed: "other" }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const done = await waitFor(async () => {
      const [s] = await server.deps.db.db.select().from(panelSelections).where(eq(panelSelections.panelId, panelId));
      return s && s.status !== "queued" && s.status !== "running" ? s : null;
    }, "the draw");
    expect(
      await server.deps.db.db.select().from(panelSelections).where(eq(panelSelections.panelId, panelId)),
    ).toHaveLength(1);
    expect(done.status).toBe("done");
    await waitFor(
      async () => staffWatch.events.find((e) => e.type === "panels.selection.finished" && e.status === "done"),
      "finished event",
    );
    staffWatch.socket.close();

    // Not published yet: no audit page.
    expect((await fetch(new URL("/vadso/panels/klima/audit", server.url))).status).toBe(404);
    expect(
      (await osloStaff.post("/vadso/admin/panels/klima", { intent: "publish", selectionId: done.id })).status,
    ).toBe(403);
    const adminPage = await (await staff.fetch("/vadso/admin/panels/klima")).text();
    expect(adminPage).toContain("Trekningen er ferdig");
    expect((await staff.post("/vadso/admin/panels/klima", { intent: "publish", selectionId: done.id })).status).toBe(
      200,
    );
    const audit = await fetch(new URL("/vadso/panels/klima/audit", server.url));
    expect(audit.status).toBe(200);
    const html = await audit.text();
    expect(html).toContain(done.seed);
    expect(html).toContain("medvirk-sortition-2");
    expect(html).toContain("npx medvirk panel draw --method leximin");
    // Anonymised: no volunteer's name on the audit.
    expect(html).not.toMatch(/Innbygger \d/); // no volunteer's name (the menu's "Innbyggerpanel" is not one)
  });

  it("a replacement from the staff page keeps the quotas", async () => {
    const page = await (await staff.fetch("/vadso/admin/panels/klima")).text();
    const memberId = /name="memberId" value="([^"]+)"/.exec(page)![1]!;
    expect((await osloStaff.post("/vadso/admin/panels/klima", { intent: "replace", memberId })).status).toBe(403);
    const r = await staff.post("/vadso/admin/panels/klima", { intent: "replace", memberId });
    expect(r.status).toBe(200);
    const after = await (await staff.fetch("/vadso/admin/panels/klima")).text();
    expect(after).toContain("Trukket seg");
    expect(after).toContain("erstatter");
  });

  it("a survey: staff create and open it; a seated member answers without JavaScript, once; others are refused; staff see weighted results", async () => {
    const created = await staff.post("/vadso/admin/panels/klima", {
      intent: "survey",
      surveyKey: "trafikk",
      surveyTitle: "Trafikk",
      questions: "single: Hva er viktigst? | Buss; Sykkel\nscale 1-5: Hvor trygg er skoleveien?\ntext: Noe annet?",
    });
    expect(created.status).toBe(200);
    const [survey] = await server.deps.db.db.select().from(panelSurveys).where(eq(panelSurveys.key, "trafikk"));
    expect(
      (await osloStaff.post("/vadso/admin/panels/klima", { intent: "survey-open", surveyId: survey!.id })).status,
    ).toBe(403);
    expect(
      (await staff.post("/vadso/admin/panels/klima", { intent: "survey-open", surveyId: survey!.id })).status,
    ).toBe(200);
    const seatedIds = new Set(
      (
        await server.deps.db.rows<{ person_id: string }>(
          sql`select p.person_id from panel_members m join panel_pool_members p on p.id = m.pool_member_id where m.status = 'active'`,
        )
      ).map((r) => r.person_id),
    );
    const member = [...residents, ...[]].find((r) => seatedIds.has(r.personId))!;
    const outsider = residents.find((r) => !seatedIds.has(r.personId))!;
    expect((await outsider.fetch("/vadso/panels/klima/surveys/trafikk")).status).toBe(403);
    expect((await outsider.post("/vadso/panels/klima/surveys/trafikk", { q1: "Buss" })).status).toBe(403);
    const form = await (await member.fetch("/vadso/panels/klima/surveys/trafikk")).text();
    expect(form).toContain("Hvor trygg er skoleveien?");
    const badAnswer = await (await member.post("/vadso/panels/klima/surveys/trafikk", { q1: "Bil", q2: "3" })).text();
    expect(badAnswer).toContain("Velg blant svarene som tilbys.");
    expect(
      (await member.post("/vadso/panels/klima/surveys/trafikk", { q1: "Buss", q2: "4", q3: "Flere gangfelt" })).status,
    ).toBe(303);
    expect(await (await member.fetch("/vadso/panels/klima/surveys/trafikk")).text()).toContain(
      "Takk for svarene dine!",
    );
    const again = await (await member.post("/vadso/panels/klima/surveys/trafikk", { q1: "Sykkel" })).text();
    expect(again).toContain("Takk for svarene dine!");
    const results = await staff.fetch("/vadso/admin/panels/klima/surveys/trafikk");
    const html = await results.text();
    expect(html).toContain("1 av 4 har svart (25 %).");
    expect(html).toContain("<h1>Resultater av undersøkelsen<!-- -->: <!-- -->Trafikk</h1>");
    expect(html).toContain("Flere gangfelt");
    expect(html).toMatch(/<td>100\s%<\/td>/); // Bokmål: a space before the sign
    // Shares are written as the reader's language writes them (issue 17): no space in English.
    const english = await (
      await staff.fetch("/vadso/admin/panels/klima/surveys/trafikk", { headers: { cookie: `${staff.cookie}; lng=en` } })
    ).text();
    expect(english).toContain("<td>100%</td>");
    expect((await osloStaff.fetch("/vadso/admin/panels/klima/surveys/trafikk")).status).toBe(403);
  });
});
