import { eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { smsInbound } from "#db/schema/index.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 21, defect 9: an SMS whose sender is not a phone number is kept with
// its outcome ("invalid-sender"), not as a row that says nothing.
const TOKEN = "test-auth-token-0123456789abcdef";
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({
    demo: false,
    env: { SMS_TRANSPORT: "inbox", TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000", TWILIO_AUTH_TOKEN: TOKEN },
  });
});
afterAll(async () => server?.stop());

it("a signed webhook from an invalid sender is stored with handled_as = invalid-sender", async () => {
  const url = `${server.url}/webhooks/twilio/sms`;
  const sid = "SM" + "1".repeat(32);
  const params = { MessageSid: sid, From: "NOT-A-NUMBER", To: "+4759440000", Body: "hei" };
  const r = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilio.getExpectedTwilioSignature(TOKEN, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(r.status).toBe(200);
  const rows = await server.deps.db.db
    .select({ handledAs: smsInbound.handledAs })
    .from(smsInbound)
    .where(eq(smsInbound.messageSid, sid));
  expect(rows).toEqual([{ handledAs: "invalid-sender" }]);
});
