import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { persons, signInCodes } from "#db/schema/index.ts";
import { CODE_TTL_MS, LIMITS, MAX_TRIES, requestCode, verifyCode } from "#app/modules/identity/codes.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { waitForDevSms } from "./sms-setup.ts";

// One-time codes: lifecycle (expiry, single use, lockout, rate limit), stored hashed,
// on the run's driver (PGlite or PostgreSQL).
let clock = new Date("2026-11-22T10:00:00Z");
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({
    demo: false,
    now: () => clock,
    env: { MEDVIRK_DEV_INBOX: "1", MEDVIRK_SECRET: "test-secret-test-secret-test-secret-1234" },
  });
});
afterAll(async () => server?.stop());

let n = 0;
const fresh = () => `person${++n}-${Date.now()}@example.org`;
const codeFor = (to: string) => {
  const m = devInbox(server.deps).find((x) => x.to === to);
  return /(\d{6})/.exec(m?.text ?? "")?.[1] ?? null;
};
const ip = (i = n) => `10.0.${Math.floor(i / 250)}.${i % 250}`;

describe("one-time sign-in codes", () => {
  it("sends a 6-digit code that is stored only as a keyed hash, and signs in once", async () => {
    const to = fresh();
    const r = await requestCode(server.deps, {
      channel: "email",
      identifier: `  ${to.toUpperCase()} `,
      ip: ip(),
      locale: "nb",
    });
    expect(r.ok).toBe(true);
    const code = codeFor(to);
    expect(code).toMatch(/^\d{6}$/);
    const rows = await server.deps.db.db.select().from(signInCodes).where(eq(signInCodes.identifier, to));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).not.toContain(code!);
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(10 * 60_000);

    const ok = await verifyCode(server.deps, { channel: "email", identifier: to, code: code!, ip: ip() });
    expect(ok.ok && ok.value.created).toBe(true);
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.email, to));
    expect(p!.emailVerifiedAt).not.toBeNull();

    const again = await verifyCode(server.deps, { channel: "email", identifier: to, code: code!, ip: ip() });
    expect(again).toMatchObject({ ok: false, error: { code: "code.expired" } });
  });

  it("refuses a code after ten minutes", async () => {
    const to = fresh();
    await requestCode(server.deps, { channel: "email", identifier: to, ip: ip(), locale: "en" });
    const code = codeFor(to)!;
    const start = clock;
    clock = new Date(start.getTime() + CODE_TTL_MS + 1000);
    try {
      const r = await verifyCode(server.deps, { channel: "email", identifier: to, code, ip: ip() });
      expect(r).toMatchObject({ ok: false, error: { code: "code.expired", field: "code" } });
    } finally {
      clock = start;
    }
    expect(await server.deps.db.db.select().from(persons).where(eq(persons.email, to))).toHaveLength(0);
  });

  it("kills the code after 5 wrong tries, even for the right code, and slows new requests", async () => {
    const to = fresh();
    await requestCode(server.deps, { channel: "email", identifier: to, ip: ip(), locale: "nb" });
    const code = codeFor(to)!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    for (let i = 1; i < MAX_TRIES; i++) {
      const r = await verifyCode(server.deps, { channel: "email", identifier: to, code: wrong, ip: ip() });
      expect(r).toMatchObject({ ok: false, error: { code: "code.wrong", params: { left: MAX_TRIES - i } } });
    }
    expect(await verifyCode(server.deps, { channel: "email", identifier: to, code: wrong, ip: ip() })).toMatchObject({
      ok: false,
      error: { code: "code.locked" },
    });
    expect(await verifyCode(server.deps, { channel: "email", identifier: to, code, ip: ip() })).toMatchObject({
      ok: false,
      error: { code: "code.locked" },
    });
    // A new code for this identifier is refused for a while (lockout).
    expect(await requestCode(server.deps, { channel: "email", identifier: to, ip: ip(), locale: "nb" })).toMatchObject({
      ok: false,
      error: { code: "code.rateLimited" },
    });
    const audits = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'identity.code.locked'`,
    );
    expect(audits[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it("a new code replaces the old one", async () => {
    const to = fresh();
    await requestCode(server.deps, { channel: "email", identifier: to, ip: ip(), locale: "nb" });
    const first = codeFor(to)!;
    await requestCode(server.deps, { channel: "email", identifier: to, ip: ip(), locale: "nb" });
    const second = codeFor(to)!;
    if (first !== second)
      expect(await verifyCode(server.deps, { channel: "email", identifier: to, code: first, ip: ip() })).toMatchObject({
        ok: false,
      });
    expect((await verifyCode(server.deps, { channel: "email", identifier: to, code: second, ip: ip() })).ok).toBe(true);
  });

  it("limits code requests per identifier and per IP", async () => {
    const to = fresh();
    const myIp = "192.0.2.77";
    for (let i = 0; i < LIMITS.sendPerIdentifier.points; i++)
      expect(
        (await requestCode(server.deps, { channel: "email", identifier: to, ip: `198.51.100.${i}`, locale: "nb" })).ok,
      ).toBe(true);
    expect(
      await requestCode(server.deps, { channel: "email", identifier: to, ip: "198.51.100.200", locale: "nb" }),
    ).toMatchObject({ ok: false, error: { code: "code.rateLimited", status: 429 } });
    for (let i = 0; i < LIMITS.sendPerIp.points; i++)
      expect(
        (await requestCode(server.deps, { channel: "email", identifier: fresh(), ip: myIp, locale: "nb" })).ok,
      ).toBe(true);
    expect(
      await requestCode(server.deps, { channel: "email", identifier: fresh(), ip: myIp, locale: "nb" }),
    ).toMatchObject({ ok: false, error: { code: "code.rateLimited" } });
  });

  it("validates e-mail addresses and phone numbers (Norwegian by default)", async () => {
    expect(
      await requestCode(server.deps, { channel: "email", identifier: "not-an-address@", ip: ip(), locale: "nb" }),
    ).toMatchObject({ ok: false, error: { code: "email.invalid", field: "identifier" } });
    expect(
      await requestCode(server.deps, { channel: "phone", identifier: "123", ip: ip(), locale: "nb" }),
    ).toMatchObject({ ok: false, error: { code: "phone.invalid", field: "identifier" } });
    const r = await requestCode(server.deps, { channel: "phone", identifier: "412 34 567", ip: ip(), locale: "nb" });
    expect(r).toMatchObject({ ok: true, value: { identifier: "+4741234567" } });
    // SMS go through the durable outbox; the in-process worker delivers them to the dev inbox.
    const sms = await waitForDevSms(server.deps, "+4741234567");
    expect(devInbox(server.deps).find((m) => m.to === "+4741234567")).toBeUndefined();
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const v = await verifyCode(server.deps, { channel: "phone", identifier: "+47 412 34 567", code, ip: ip() });
    expect(v.ok).toBe(true);
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.phone, "+4741234567"));
    expect(p!.phoneVerifiedAt).not.toBeNull();
  });
});
