import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STAFF, demoAdminRole, seedDemoStaff } from "#app/modules/demo/staff.server.ts";
import { Client } from "#tests/setup/http.ts";
import { startTestServer } from "#tests/setup/server.ts";

// The embedded demo as `npm start` runs it (MEDVIRK_DEMO_STAFF=1 and the dev
// inbox on): a newcomer signs in as the demo administrator with a code read
// from /dev/inbox, as a browser without JavaScript would, and reaches the
// municipality's admin pages.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1", MEDVIRK_DEV_INBOX: "1" } });
});
afterAll(async () => server?.stop());

describe("the demo's staff", () => {
  it("are seeded once: a second run adds nothing", async () => {
    expect(await demoAdminRole(server.deps.db.db)).toBe("admin");
    expect(await seedDemoStaff(server.deps.db.db, new Date())).toBe(0);
  });

  it("sign in with a code from /dev/inbox and reach the admin pages", async () => {
    const c = new Client(server.url);
    const email = DEMO_STAFF[0]!.email;
    expect((await c.get("/vadso/admin")).status).toBe(303);
    const r1 = await c.post("/signin", { identifier: email, returnTo: "/vadso/admin" });
    expect(r1.status).toBe(303);
    const inbox = await (await c.get("/dev/inbox")).text();
    const code = new RegExp(`${email.replace(/\./g, "\\.")}[\\s\\S]*?(\\d{6})`).exec(inbox)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const r2 = await c.post("/signin/code", { code: code!, returnTo: "/vadso/admin", intent: "verify" });
    expect(r2.status).toBe(303);
    expect(r2.headers.get("location")).toBe("/vadso/admin");
    const admin = await c.get("/vadso/admin");
    expect(admin.status).toBe(200);
  });

  it("are not seeded unless asked for", async () => {
    const plain = await startTestServer();
    try {
      expect(await demoAdminRole(plain.deps.db.db)).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});
