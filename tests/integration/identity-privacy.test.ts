import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  personIdentities,
  persons,
  processes,
  residentVerifications,
  sessions,
  signInCodes,
  staffInvitations,
} from "#db/schema/index.ts";
import { verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import { checkGate } from "#app/modules/identity/gate.ts";
import { personColumns } from "#app/modules/identity/privacy.server.ts";
import { actorForSessionId } from "#app/modules/identity/session.server.ts";
import { requirementsOf, setRequirement } from "#app/modules/identity/staff.server.ts";
import { createTestPerson, signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// A person's own data (export, delete), the verification gate of a process
// action, and the hash-chained audit log (a tampered row is detected).
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_SECRET: "test-secret-test-secret-test-secret-priv" } });
});
afterAll(async () => server?.stop());

const vadso = () => server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
const oslo = () => server.deps.tenants.bySlugOrAlias("oslo")!.municipality.id;

/** A person with a row in every identity table that can hold their data. */
let phones = 41111110;
async function richPerson() {
  const phone = `+47${++phones}`;
  const name = `Kari Testesen ${phones}`;
  const subject = `pairwise-sub-${phones}`;
  const pidHash = String(phones).padStart(64, "c");
  const me = await signInAs(server, {
    tenant: "vadso",
    role: "secretary",
    name,
    email: `kari.${Date.now()}@example.org`,
  });
  const { db } = server.deps.db;
  const now = server.deps.now();
  await db.update(persons).set({ phone, phoneVerifiedAt: now }).where(eq(persons.id, me.personId));
  await db.insert(personIdentities).values({
    personId: me.personId,
    provider: "https://idporten.example",
    subject,
    pidHash,
    acr: "idporten-loa-substantial",
  });
  await db
    .insert(residentVerifications)
    .values({ tenantId: vadso(), personId: me.personId, method: "staff", verifiedAt: now });
  await db.insert(signInCodes).values({
    channel: "email",
    identifier: me.email,
    codeHash: "b".repeat(64),
    createdAt: now,
    expiresAt: new Date(now.getTime() + 600_000),
  });
  await db.insert(staffInvitations).values({
    tenantId: oslo(),
    email: me.email,
    role: "moderator",
    createdAt: now,
    expiresAt: new Date(now.getTime() + 86_400_000),
  });
  return { ...me, phone, name, subject, pidHash };
}

describe("privacy: my data", () => {
  it("the export (zip: JSON + CSV) contains every table that holds the person's data", async () => {
    const me = await richPerson();
    const r = await me.post("/account/export");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
    const data = JSON.parse(strFromU8(files["data.json"]!)) as {
      personId: string;
      tables: Record<string, Record<string, unknown>[]>;
    };
    expect(data.personId).toBe(me.personId);
    const expected = new Set([
      "persons",
      "sign_in_codes",
      "staff_invitations",
      ...(await personColumns(server.deps)).map((c) => c.table),
    ]);
    for (const table of expected) {
      expect(Object.keys(data.tables), table).toContain(table);
      expect(Object.keys(files), table).toContain(`${table}.csv`);
    }
    for (const t of [
      "persons",
      "person_identities",
      "sessions",
      "memberships",
      "resident_verifications",
      "sign_in_codes",
      "staff_invitations",
    ])
      expect(data.tables[t]!.length, t).toBeGreaterThan(0);
    expect(strFromU8(files["persons.csv"]!)).toContain("Kari Testesen");
    // No secrets: neither the session id (hash of the cookie) nor the pid hash.
    expect(JSON.stringify(data)).not.toContain(me.pidHash);
    expect(data.tables.sessions![0]).not.toHaveProperty("id");
  });

  it("deleting the account leaves no personal data behind in any table, and ends the sessions", async () => {
    const me = await richPerson();
    const refused = await me.post("/account/delete", {});
    expect(await refused.text()).toContain("Kryss av for å bekrefte");
    const r = await me.post("/account/delete", { confirm: "yes" });
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/account/delete?done=1");
    expect(await (await me.fetch("/account/delete?done=1")).text()).toContain("Kontoen din er slettet.");
    expect(r.headers.getSetCookie().join()).toMatch(/medvirk_session=;/);
    expect(await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, me.personId))).toHaveLength(0);
    const tables = await server.deps.db.rows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like '__drizzle%'`,
    );
    for (const needle of [me.email, me.phone, me.name, me.subject, me.pidHash]) {
      for (const { table_name } of tables) {
        const [row] = await server.deps.db.rows<{ n: number }>(
          sql`select count(*)::int as n from ${sql.raw(`"${table_name}"`)} t where t::text like ${`%${needle}%`}`,
        );
        expect(row!.n, `${needle} in ${table_name}`).toBe(0);
      }
    }
    const [p] = await server.deps.db.db.select().from(persons).where(eq(persons.id, me.personId));
    expect(p).toMatchObject({ email: null, phone: null, displayName: null, eidLevel: null });
    expect(p!.deletedAt).not.toBeNull();
    expect((await me.fetch("/account")).status).toBe(303);
  });
});

describe("privacy page", () => {
  it("says what is stored, why and for how long, in every locale", async () => {
    const esc = (s: string) =>
      s
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&#x27;");
    for (const lng of ["nb", "nn", "se", "en", "pl", "uk", "so", "ar"]) {
      const res = await fetch(new URL("/privacy", server.url), { headers: { "accept-language": lng } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`<html[^>]* lang="${lng}"`));
      expect(html.includes("\u0000"), `${lng}: NUL in the page (React 18 stream bug, see app/entry.server.tsx)`).toBe(
        false,
      );
      const p = JSON.parse(readFileSync(path.join(process.cwd(), "locales", lng, "identity.json"), "utf8")).privacy;
      for (const text of [
        p.title,
        p.intro,
        p.why,
        p.rights,
        ...Object.values(p.stored),
        ...Object.values(p.howLong),
      ] as string[]) {
        expect(html, `${lng}: ${text}`).toContain(esc(text));
      }
    }
  });
});

describe("verification level per process action", () => {
  it("PB voting set to require a phone refuses an e-mail-only person and accepts a phone-verified one", async () => {
    const [proc] = await server.deps.db.db.select().from(processes).where(eq(processes.tenantId, vadso())).limit(1);
    expect(proc).toBeTruthy();
    const osloAdmin = await signInAs(server, { tenant: "oslo", role: "admin" });
    const vadsoAdmin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const oa = (await actorForSessionId(
      server.deps,
      (await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, osloAdmin.personId)))[0]!.id,
    ))!;
    const va = (await actorForSessionId(
      server.deps,
      (await server.deps.db.db.select().from(sessions).where(eq(sessions.personId, vadsoAdmin.personId)))[0]!.id,
    ))!;
    expect(
      await setRequirement(server.deps, oa, vadso(), { processId: proc!.id, action: "vote", level: "phone" }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    expect(
      await setRequirement(server.deps, oa, oslo(), { processId: proc!.id, action: "vote", level: "phone" }),
    ).toMatchObject({ ok: false, error: { status: 404 } });
    expect(
      await setRequirement(server.deps, va, vadso(), { processId: proc!.id, action: "vote", level: "phone" }),
    ).toMatchObject({ ok: true });
    const req = await requirementsOf(server.deps, vadso(), proc!.id);
    expect(req).toEqual({ vote: "phone" });

    const factsOf = async (level: "email" | "phone" | "eid") => {
      const p = await createTestPerson(server.deps, { level });
      const [row] = await server.deps.db.db.select().from(persons).where(eq(persons.id, p.personId));
      return {
        emailVerifiedAt: row!.emailVerifiedAt,
        phoneVerifiedAt: row!.phoneVerifiedAt,
        eidLevel: row!.eidLevel,
        residentIn: [],
      };
    };
    expect(checkGate(await factsOf("email"), vadso(), req.vote)).toMatchObject({
      ok: false,
      reason: "level",
      have: "email",
      need: "phone",
    });
    expect(checkGate(await factsOf("phone"), vadso(), req.vote).ok).toBe(true);
    expect(checkGate(await factsOf("eid"), vadso(), req.vote).ok).toBe(true);
    expect(checkGate(null, vadso(), req.vote)).toMatchObject({ ok: false, reason: "signIn" });

    // Shown to the resident before they start.
    const resident = await signInAs(server, { level: "email" });
    const page = await (await resident.fetch(`/vadso/processes/${proc!.id}/requirements`)).text();
    expect(page).toContain("Stemme: Mobilnummer bekreftet");
    expect(page).toContain("Du har nå: E-post bekreftet.");
  });
});

describe("audit log", () => {
  it("is append-only, verifies, and detects a tampered row (command and admin page)", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const ok = await verifyAuditChain(server.deps.db.db);
    expect(ok.ok).toBe(true);
    expect(ok.rows).toBeGreaterThan(3);
    expect(await (await admin.fetch("/vadso/admin/audit")).text()).toContain('data-chain="ok"');
    await expect(server.deps.db.db.execute(sql`update audit_events set action = 'x' where seq = 2`)).rejects.toThrow();
    // Someone with the power to bypass the trigger edits a row:
    await server.deps.db.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await server.deps.db.db.execute(sql`update audit_events set data = '{"role":"admin"}'::jsonb where seq = 2`);
    await server.deps.db.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    const bad = await verifyAuditChain(server.deps.db.db);
    expect(bad).toMatchObject({ ok: false, brokenAt: 2, reason: "hash" });
    const html = await (await admin.fetch("/vadso/admin/audit")).text();
    expect(html).toContain('data-chain="broken"');
    expect(html).toContain("Kjeden er brutt ved hendelse nummer 2");
  });
});
