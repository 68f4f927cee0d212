import http from "node:http";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";

// Issue 21, defects 3 and 4, over HTTP against the real server: bodies over
// their route's limit are refused before they are read (Content-Length) or as
// soon as the streamed bytes pass it (chunked), with a translated 413; every
// body, URL or form the server cannot read is a translated 4xx, never a 5xx.
const TOKEN = "test-auth-token-0123456789abcdef";
const NB_BAD = "Forespørselen kunne ikke leses";
const NB_LARGE = "Det du sendte, er for stort";

let server: Awaited<ReturnType<typeof startTestServer>>;
let consultationPath = "";
let resident: TestSession;
beforeAll(async () => {
  server = await startTestServer({
    demo: true,
    env: {
      SMS_TRANSPORT: "inbox",
      TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
      TWILIO_AUTH_TOKEN: TOKEN,
      MEDVIRK_MAX_UPLOAD_MB: "4",
    },
  });
  const deps = server.deps;
  const tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const f = await consultationFixture(deps.db, tenantId, { year: 2025, sequence: 4711 });
  const { id } = must(
    await createConsultation(deps, f.secretary, {
      tenantId,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Gangvei" },
      opensAt: new Date(deps.now().getTime() - 86_400_000),
    }),
  );
  consultationPath = `/vadso/consultations/${id}`;
  resident = await signInAs(server, { tenant: "vadso", role: "resident", level: "resident" });
});
afterAll(async () => server?.stop());

/** A raw request: the headers go out first; `chunks` (if any) are written until the answer comes. */
function raw(
  path: string,
  headers: Record<string, string>,
  chunks: { size: number; count: number } | null,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(path, server.url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    req.flushHeaders();
    if (!chunks) return; // the body is never sent: the answer must not wait for it
    const chunk = Buffer.alloc(chunks.size, "a");
    let i = 0;
    const write = () => {
      while (!answered && i < chunks.count) {
        i++;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe("body limits (defect 3)", () => {
  it("an anonymous 300 MB sign-in post is refused on its Content-Length, before any of it is sent", async () => {
    const r = await raw(
      "/signin",
      { "content-type": "application/x-www-form-urlencoded", "content-length": String(300 * 1024 * 1024) },
      null,
    );
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe("close");
    expect(r.body).toContain(NB_LARGE);
    expect(r.body).toContain('lang="nb"');
  });

  it("a chunked sign-in post is cut off once the streamed bytes pass the limit (1 MB), with a translated 413", async () => {
    const r = await raw(
      "/signin",
      { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
      { size: 64 * 1024, count: 64 }, // 4 MB if nobody stops it
    );
    expect(r.status).toBe(413);
    expect(r.body).toContain(NB_LARGE);
  });

  it("the answer is in the reader's language", async () => {
    const r = await raw(
      "/signin",
      {
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(5 * 1024 * 1024),
        "accept-language": "en",
      },
      null,
    );
    expect(r.status).toBe(413);
    expect(r.body).toContain("What you sent is too large");
  });

  it("a Twilio webhook has its own small limit: a big body with a bad signature is refused before it is read", async () => {
    const big = "Body=" + "x".repeat(200 * 1024);
    const r = await fetch(`${server.url}/webhooks/twilio/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "forged" },
      body: big,
    });
    expect(r.status).toBe(413);
    // Under the limit, the same forged signature is a 403 (the signature check still runs).
    const small = await fetch(`${server.url}/webhooks/twilio/sms`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "forged" },
      body: "Body=hei&From=%2B4799999999",
    });
    expect(small.status).toBe(403);
  });

  it("staff upload pages take uploads up to MEDVIRK_MAX_UPLOAD_MB; without a session they keep the small limit", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const form = new FormData();
    form.set("_csrf", admin.csrf);
    form.set("intent", "attach");
    form.set("file", new Blob([Buffer.alloc(2 * 1024 * 1024, "a")], { type: "application/pdf" }), "sak.pdf");
    const path = `/vadso/admin/cases/${crypto.randomUUID()}`;
    const signedIn = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { cookie: admin.cookie },
      body: form,
      redirect: "manual",
    });
    expect(signedIn.status).not.toBe(413);
    expect(signedIn.status).toBeLessThan(500);
    const anonymous = await fetch(`${server.url}${path}`, { method: "POST", body: form, redirect: "manual" });
    expect(anonymous.status).toBe(413);
  });

  it("an ordinary sign-in post is not affected", async () => {
    const r = await fetch(`${server.url}/signin`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "identifier=kari%40example.org",
      redirect: "manual",
    });
    expect(r.status).toBeLessThan(400);
  });
});

describe("every parsing failure is a translated 4xx (defect 4)", () => {
  const boundary = "----medvirk0123456789";
  const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="identifier"\r\n\r\nkari@exa`;
  const postCases = (path: () => string, label: string) => [
    { name: `${label}: JSON`, path, type: "application/json", body: '{"identifier":"kari@example.org"}' },
    { name: `${label}: text/plain`, path, type: "text/plain", body: "identifier=kari@example.org" },
    { name: `${label}: XML`, path, type: "application/xml", body: "<identifier>kari@example.org</identifier>" },
    { name: `${label}: no content type`, path, type: null, body: "identifier=kari@example.org" },
    {
      name: `${label}: multipart without boundary`,
      path,
      type: "multipart/form-data",
      body: `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n`,
    },
    { name: `${label}: truncated multipart`, path, type: `multipart/form-data; boundary=${boundary}`, body: truncated },
    {
      name: `${label}: NUL in a field`,
      path,
      type: "application/x-www-form-urlencoded",
      body: "identifier=kari%00@example.org&body=hei%00",
    },
  ];
  const posts = [...postCases(() => "/signin", "sign-in"), ...postCases(() => consultationPath, "consultation")];

  it.each(posts)("POST $name", async ({ path, type, body }) => {
    // The consultation's action is a resident's: signed in, with the CSRF token in its header.
    const session: Record<string, string> = path().startsWith("/vadso/")
      ? { cookie: resident.cookie, "x-csrf-token": resident.csrf }
      : {};
    const r = await fetch(`${server.url}${path()}`, {
      method: "POST",
      headers: { ...session, ...(type ? { "content-type": type } : {}) },
      body: new TextEncoder().encode(body), // bytes: fetch adds no content type of its own
      redirect: "manual",
    });
    const text = await r.text();
    expect(r.status, `${r.headers.get("location")} ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(text).toContain(NB_BAD);
  });

  it.each([
    { name: "NUL in a search", path: "/vadso/cases?q=a%00b" },
    { name: "a path that is not UTF-8", path: "/%C3%28/cases" },
    { name: "a broken percent escape", path: "/vadso/%E0%A4%A/cases" },
  ])("GET $name", async ({ path }) => {
    const r = await fetch(`${server.url}${path}`, { redirect: "manual" });
    const text = await r.text();
    expect(r.status, text.slice(0, 300)).toBe(400);
    expect(text).toContain(NB_BAD);
    expect(text).toContain('lang="nb"');
  });

  it("a signed Twilio webhook with NUL in From", async () => {
    const url = `${server.url}/webhooks/twilio/sms`; // no PUBLIC_URL: the signature covers the URL as requested
    const params = { MessageSid: "SM" + "0".repeat(32), From: "+4791\u000023456", To: "+4759440000", Body: "hei" };
    const r = await fetch(`${server.url}/webhooks/twilio/sms`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    const text = await r.text();
    expect(r.status, text).toBe(400);
    expect(text).toContain(NB_BAD);
  });
});
