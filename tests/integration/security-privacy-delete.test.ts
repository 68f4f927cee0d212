import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment, createConsultation } from "#app/modules/consultations/commands.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { collectPersonData, deletePerson } from "#app/modules/identity/privacy.server.ts";
import { createPanel, joinPool, setQuotas, setRecruiting } from "#app/modules/panels/commands.server.ts";
import { phoneHash } from "#app/modules/sms/crypto.server.ts";
import { handleInboundSms } from "#app/modules/sms/inbound.server.ts";
import { enqueueSms } from "#app/modules/sms/outbox.server.ts";
import type { E164 } from "#app/modules/sms/phone.ts";
import { persons } from "#db/schema/index.ts";
import { PERSONAL } from "#db/schema/personal.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// Issue 21, privacy: deleting a person leaves none of their personal values in
// any column db/schema/personal.ts declares personal (the list comes from the
// declaration, not from the code under test). Fixtures put the person's data
// in panel pools, comments and SMS rows first.
const EMAIL = "kari.sletteby@example.org";
const PHONE = "+4791234567";
const NAME = "Kari Sletteby";
const PUBLIC_NAME = "Kari S. på Vadsø";
const SMS_IN = "Melding fra Kari om havna";
const SMS_OUT = "Hei Kari, takk for meldingen";

let server: Awaited<ReturnType<typeof startTestServer>>;
let personId = "";
let values: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ demo: false, env: { SMS_TRANSPORT: "inbox", SMS_WORKER: "0" } });
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const [p] = await deps.db.db
    .insert(persons)
    .values({ email: EMAIL, emailVerifiedAt: new Date(), phone: PHONE, phoneVerifiedAt: new Date(), displayName: NAME })
    .returning({ id: persons.id });
  personId = p!.id;
  const staff: Actor = { id: personId, memberships: [{ tenantId, role: "admin", bodyId: null }], platformAdmin: false };
  // A panel pool with the person in it.
  const panel = must(await createPanel(deps, staff, { tenantId, key: "privacy", title: { nb: "Panelet" }, size: 2 }));
  must(
    await setQuotas(deps, staff, {
      tenantId,
      panelId: panel.id,
      rows: [{ category: "Alder", feature: "Under 40", min: 0, max: 2, populationShare: null, tolerance: null }],
    }),
  );
  must(await setRecruiting(deps, staff, { tenantId, panelId: panel.id, open: true }));
  must(
    await joinPool(deps, personId, {
      tenantId,
      panelId: panel.id,
      name: NAME,
      email: EMAIL,
      phone: PHONE,
      profile: { Alder: "Under 40" },
      consent: true,
    }),
  );
  // A comment under a public name.
  const f = await consultationFixture(deps.db, tenantId, { year: 2025, sequence: 777 });
  const c = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Havna" },
      opensAt: new Date(Date.now() - 86_400_000),
    }),
  );
  must(
    await addComment(
      deps,
      { personId, level: "email" },
      {
        tenantId,
        consultationId: c.id,
        body: "Flere benker ved havna.",
        publicName: PUBLIC_NAME,
      },
    ),
  );
  // SMS to and from the number.
  await handleInboundSms(deps, { messageSid: "SM" + "7".repeat(32), from: PHONE, to: "+4759440000", body: SMS_IN });
  await deps.db.db.transaction((tx) =>
    enqueueSms(tx, deps, { tenantId, key: `privacy-test-${personId}`, to: PHONE, body: SMS_OUT }),
  );
  values = [EMAIL, PHONE, NAME, PUBLIC_NAME, SMS_IN, SMS_OUT, phoneHash(deps.env, PHONE as E164)];
});
afterAll(async () => server?.stop());

/** Per declared (table, column): how many rows hold one of the person's values. */
async function holding(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, cols] of Object.entries(PERSONAL))
    for (const [col, erasure] of Object.entries(cols)) {
      if (erasure === "keep-hashed") continue;
      const [r] = await server.deps.db.rows<{ n: number }>(
        sql`select count(*)::int as n from ${sql.raw(`"${table}"`)} where ${sql.join(
          values.map((v) => sql`position(${v} in coalesce(${sql.raw(`"${col}"`)}::text, '')) > 0`),
          sql` or `,
        )}`,
      );
      out[`${table}.${col}`] = r!.n;
    }
  return out;
}

describe("exporting a person's data", () => {
  it("includes every table that declares a personal column and holds the person's values", async () => {
    const before = await holding();
    const tablesHolding = [
      ...new Set(
        Object.keys(before)
          .filter((k) => before[k]! > 0)
          .map((k) => k.split(".")[0]!),
      ),
    ];
    expect(tablesHolding.length).toBeGreaterThanOrEqual(5);
    const data = await collectPersonData(server.deps, personId);
    const missing = tablesHolding.filter((t) => !(data[t]?.length ?? 0));
    expect(missing).toEqual([]);
  });
});

describe("deleting a person", () => {
  it("erases their values from every column declared personal", async () => {
    const before = await holding();
    // The fixtures reach the tables the issue names (so the test proves something).
    for (const k of [
      "persons.email",
      "persons.phone",
      "persons.display_name",
      "panel_pool_members.name",
      "panel_pool_members.email",
      "panel_pool_members.phone",
      "consultation_comments.public_name",
      "sms_inbound.body",
      "sms_inbound.from_hash",
      "sms_outbox.body",
      "sms_outbox.to_hash",
    ])
      expect(before[k], k).toBeGreaterThan(0);
    await deletePerson(server.deps, personId);
    const after = await holding();
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("keeps the contributions, counted, without their author's name", async () => {
    const [c] = await server.deps.db.rows<{ n: number; named: number }>(
      sql`select count(*)::int as n, count(public_name)::int as named from consultation_comments where person_id = ${personId}`,
    );
    expect(c).toEqual({ n: 1, named: 0 });
    const [m] = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from panel_pool_members where person_id = ${personId} and withdrawn_at is not null`,
    );
    expect(m!.n).toBe(1);
  });
});
