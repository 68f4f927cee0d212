import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConsoleState, getPublicLive, runLiveAction } from "#app/modules/live/live.server.ts";
import { publishNotice, setMeetingStatus } from "#app/modules/meetings/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { createTestPerson, signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { liveMeeting } from "./live-setup.ts";

// Issue 17: one meeting state machine for the admin page and the live console
// (app/modules/meetings/status.ts). The console offers only what the machine allows (no
// start before the notice), and a status set on the admin page is what the console and the
// public live page show afterwards.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
});
afterAll(async () => server?.stop());

let adminId = "";
beforeAll(async () => {
  adminId = (await createTestPerson(server.deps)).personId;
});
const admin = (tenantId: string): Actor => ({
  id: adminId,
  platformAdmin: false,
  memberships: [{ tenantId, role: "admin", bodyId: null }],
});

describe("the console and the admin page share one machine", () => {
  it("a meeting without its notice offers no start and says why; once noticed, it can start", async () => {
    const m = await liveMeeting(server.deps, "vadso", "bygg", { notice: false });
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
    const page = await (await sec.fetch(`/vadso/meetings/${m.meetingId}/console`)).text();
    expect(page).toContain("Møtet kan ikke starte før innkallingen er kunngjort.");
    expect(page).toContain(`href="/vadso/admin/meetings/${m.meetingId}"`);
    expect(page).not.toContain(">Sett møtet<");
    const state = await getConsoleState(server.deps.db.db, m.tenantId, m.meetingId);
    const refused = await runLiveAction(server.deps, admin(m.tenantId), {
      tenantId: m.tenantId,
      meetingId: m.meetingId,
      expectedVersion: state!.version,
      action: { type: "start" },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "errors.noNotice", status: 409 } });

    expect(
      (await publishNotice(server.deps, admin(m.tenantId), { tenantId: m.tenantId, meetingId: m.meetingId })).ok,
    ).toBe(true);
    const after = await (await sec.fetch(`/vadso/meetings/${m.meetingId}/console`)).text();
    expect(after).toContain(">Sett møtet<");
    expect(after).not.toContain("Møtet kan ikke starte før innkallingen er kunngjort.");
  });

  it("a meeting the admin page ends while the console had it running shows as ended on the console and the live page", async () => {
    const m = await liveMeeting(server.deps, "vadso", "oppvekst");
    const state = await getConsoleState(server.deps.db.db, m.tenantId, m.meetingId);
    const started = await runLiveAction(server.deps, admin(m.tenantId), {
      tenantId: m.tenantId,
      meetingId: m.meetingId,
      expectedVersion: state!.version,
      action: { type: "start" },
    });
    expect(started).toMatchObject({ ok: true });
    const ended = await setMeetingStatus(server.deps, admin(m.tenantId), {
      tenantId: m.tenantId,
      meetingId: m.meetingId,
      status: "finished",
    });
    expect(ended).toMatchObject({ ok: true });
    expect((await getConsoleState(server.deps.db.db, m.tenantId, m.meetingId))!.status).toBe("finished");
    expect((await getPublicLive(server.deps.db.db, m.tenantId, m.meetingId))!.state.status).toBe("finished");
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
    const page = await (await sec.fetch(`/vadso/meetings/${m.meetingId}/console`)).text();
    expect(page).not.toContain(">Avslutt møtet<");
    expect(page).not.toContain(">Sett møtet<");
  });
});
