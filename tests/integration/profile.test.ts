import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { municipalityProfiles } from "#db/schema/index.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// The municipality's identity (issue 19): the coat of arms is sanitised or
// refused, the brand colour is checked for contrast, and only the
// municipality's own administrators may change any of it.
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: TestSession;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAs(server, { tenant: "vadso", role: "admin" });
});
afterAll(async () => server?.stop());

const vadso = () => server.deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
const profile = async () =>
  (await server.deps.db.db.select().from(municipalityProfiles).where(eq(municipalityProfiles.tenantId, vadso())))[0];

function upload(session: TestSession, name: string, type: string, body: string | Buffer, tenant = "vadso") {
  const form = new FormData();
  form.set("_csrf", session.csrf);
  form.set("intent", "arms");
  form.set("arms", new Blob([typeof body === "string" ? body : new Uint8Array(body)], { type }), name);
  return session.fetch(`/${tenant}/admin/identity`, { method: "POST", body: form, redirect: "manual" });
}

const EVIL_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 12" onload="alert(1)">
  <script>fetch('/account/delete')</script>
  <path d="M0 0h10v8l-5 4-5-4z" fill="#b5121b"/>
  <a xlink:href="javascript:alert(2)"><circle cx="5" cy="5" r="2" fill="#fff"/></a>
  <foreignObject width="10" height="10"><iframe src="https://example.org"></iframe></foreignObject>
</svg>`;

describe("coat of arms", () => {
  it("an SVG with a script is stored sanitised and served as an image that runs nothing", async () => {
    const res = await upload(admin, "vapen.svg", "image/svg+xml", EVIL_SVG);
    expect(res.status).toBe(302);
    const p = await profile();
    expect(p?.armsType).toBe("image/svg+xml");
    const stored = Buffer.from(p!.armsData!, "base64").toString("utf8");
    expect(stored).toContain("<path");
    expect(stored).not.toMatch(/script|onload|javascript:|foreignObject|iframe/i);

    const served = await fetch(`${server.url}/vadso/arms?v=${p!.armsVersion}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/svg+xml");
    expect(served.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await served.text()).not.toMatch(/script/i);

    // Every page of the municipality shows it in the header.
    const home = await (await fetch(`${server.url}/vadso`)).text();
    expect(home).toContain(`/vadso/arms?v=${p!.armsVersion}`);
  });

  it("a file that is not an image is refused with a translated message, and the arms stay as they were", async () => {
    const before = await profile();
    const res = await upload(admin, "vapen.svg", "image/svg+xml", "%PDF-1.7 this is not an image");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Filen er ikke et SVG- eller PNG-bilde. Ingenting ble lagret.");
    const after = await profile();
    expect(after?.armsData).toBe(before?.armsData);
    expect(after?.armsVersion).toBe(before?.armsVersion);
  });

  it("an image over the size limit is refused (413), nothing saved", async () => {
    const before = await profile();
    const big = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(400 * 1024),
    ]);
    const res = await upload(admin, "vapen.png", "image/png", big);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Bildet er større enn 300 kB");
    expect((await profile())?.armsVersion).toBe(before?.armsVersion);
  });

  it("a PNG is accepted as it is", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    expect((await upload(admin, "vapen.png", "image/png", png)).status).toBe(302);
    expect((await profile())?.armsType).toBe("image/png");
  });
});

describe("brand colour and permissions", () => {
  it("a colour with too little contrast is refused with the ratio in Norwegian; a dark one is used as the accent", async () => {
    const bad = await admin.post("/vadso/admin/identity", { intent: "identity", brandColor: "#ffd700" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Fargen har bare kontrast 1,4:1 mot hvitt; den må ha minst 4,5:1");
    expect((await profile())?.brandColor ?? null).toBeNull();

    const good = await admin.post("/vadso/admin/identity", { intent: "identity", brandColor: "#B5121B" });
    expect(good.status).toBe(302);
    expect((await profile())?.brandColor).toBe("#b5121b");
    const home = await (await fetch(`${server.url}/vadso`)).text();
    expect(home).toContain("--ds-color-accent-base-default:#b5121b");
  });

  it("a secretary, or an administrator of another municipality, cannot change the profile or the legal pages", async () => {
    const secretary = await signInAs(server, { tenant: "vadso", role: "secretary" });
    expect((await secretary.post("/vadso/admin/identity", { brandColor: "#000000" })).status).toBe(403);
    expect((await secretary.post("/vadso/tilgjengelighet", { status: "full" })).status).toBe(403);
    const osloAdmin = await signInAs(server, { tenant: "oslo", role: "admin" });
    expect((await osloAdmin.post("/vadso/personvern", { dpo: "x" })).status).toBe(403);
    expect((await upload(osloAdmin, "v.svg", "image/svg+xml", EVIL_SVG)).status).toBe(403);
    expect((await profile())?.brandColor).toBe("#b5121b");
  });

  it("the accessibility statement is saved per language and shown to residents", async () => {
    const res = await admin.post("/vadso/tilgjengelighet", {
      status: "partial",
      deviations: "Kartet kan ikke brukes med skjermleser.",
      contact: "postmottak@vadso.kommune.no",
      date: "2026-12-01",
    });
    expect(res.status).toBe(302);
    const html = await (await fetch(`${server.url}/vadso/tilgjengelighet`)).text();
    expect(html).toContain("Nettstedet oppfyller kravene delvis.");
    expect(html).toContain("Kartet kan ikke brukes med skjermleser.");
    expect(html).toContain("mailto:postmottak@vadso.kommune.no");
    const bad = await admin.post("/vadso/tilgjengelighet", { status: "perfect", date: "" });
    expect(bad.status).toBe(400);
  });
});
