import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { persons } from "#db/schema/index.ts";
import { requestCode } from "#app/modules/identity/codes.server.ts";
import { confirmPhone, raiseWays } from "#app/modules/identity/phone.server.ts";
import { createTestPerson } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { waitForDevSms } from "./sms-setup.ts";

// Raising the level on the way (issue 17): a person signed in by e-mail adds a mobile number
// confirmed by an SMS code; the number then counts as theirs (level "phone").
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ demo: false, env: { MEDVIRK_DEV_INBOX: "1" } });
});
afterAll(async () => server?.stop());

const codeSentTo = async (phone: string) => /\b(\d{6})\b/.exec((await waitForDevSms(server.deps, phone)).body)![1]!;

describe("confirming a mobile number for a signed-in person", () => {
  it("adds the number to the person once the SMS code is given, and refuses a wrong code without adding it", async () => {
    const { personId } = await createTestPerson(server.deps, { level: "email" });
    const phone = "+4791112233";
    expect(
      (await requestCode(server.deps, { channel: "phone", identifier: "911 12 233", ip: "10.9.0.1", locale: "nb" })).ok,
    ).toBe(true);
    const code = await codeSentTo(phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await confirmPhone(server.deps, personId, { phone: "91112233", code: wrong, ip: "10.9.0.1" })).toMatchObject(
      {
        ok: false,
        error: { code: "code.wrong", field: "code" },
      },
    );
    const [before] = await server.deps.db.db.select().from(persons).where(eq(persons.id, personId));
    expect(before!.phoneVerifiedAt).toBeNull();

    expect(await confirmPhone(server.deps, personId, { phone: "91112233", code, ip: "10.9.0.1" })).toEqual({
      ok: true,
      value: { phone },
    });
    const [after] = await server.deps.db.db.select().from(persons).where(eq(persons.id, personId));
    expect(after).toMatchObject({ phone, email: before!.email });
    expect(after!.phoneVerifiedAt).not.toBeNull();
  });

  it("refuses a number that belongs to another person, before any code is spent", async () => {
    const [o] = await server.deps.db.db
      .insert(persons)
      .values({ phone: "+4798765432", phoneVerifiedAt: new Date() })
      .returning({ phone: persons.phone });
    const { personId } = await createTestPerson(server.deps, { level: "email" });
    const r = await confirmPhone(server.deps, personId, { phone: o!.phone!, code: "123456", ip: "10.9.0.2" });
    expect(r).toMatchObject({ ok: false, error: { code: "phone.taken", field: "phone", status: 409 } });
    expect(await confirmPhone(server.deps, personId, { phone: "12", code: "123456", ip: "10.9.0.2" })).toMatchObject({
      ok: false,
      error: { code: "phone.invalid", field: "phone", status: 400 },
    });
    const [me] = await server.deps.db.db.select().from(persons).where(eq(persons.id, personId));
    expect(me!.phone).toBeNull();
  });

  it("offers the ways that reach the level the action needs", () => {
    expect(raiseWays("phone", false)).toEqual(["phone"]);
    expect(raiseWays("phone", true)).toEqual(["phone", "oidc"]);
    expect(raiseWays("eid", true)).toEqual(["oidc"]);
    expect(raiseWays("eid", false)).toEqual([]);
    expect(raiseWays("resident", true)).toEqual(["staff"]);
  });
});
