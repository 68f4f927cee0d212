import PDFDocument from "pdfkit";
import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  addComment,
  createConsultation,
  flagComment,
  requestCouncilStatements,
} from "#app/modules/consultations/commands.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { agendaItems, bodies, cases, meetings } from "#db/schema/index.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { expectAccessible, launchBrowser, routerIdle, watchPage } from "#tests/setup/browser.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { makeTileDir } from "#tests/setup/tiles.ts";

// A consultation in a real browser (issue 6): a resident reads the case,
// answers the questions, drops a map pin, comments and supports another
// comment; a resident without JavaScript comments (and gets a translated
// error that keeps the text); the youth council's secretary writes and
// uploads the council's statement; the secretary closes the consultation,
// generates the input report and attaches it; the public downloads the PDF,
// whose text holds the comments. Keyboard only where residents act; axe on
// every page.
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let tenantId: string;
let staff: Actor;
let consultationId: string;
let caseSlug: string;
let youthId: string;

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

const DAY = 86_400_000;
const EARLIER = "Husk lys i gangveien, det er mørkt om vinteren.";
const MINE = "Bygg gangveien før skolestart, barna går i veibanen i dag.";
const NOJS = "Fortauet ved Kirkegata er for smalt for barnevogner.";
const RUDE = "Naboen min er en idiot som ikke skjønner noe.";
const STATEMENT = "Ungdomsrådet støtter gangveien og ber om lys langs hele strekningen.";

function pdfWith(text: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const parts: Buffer[] = [];
    doc.on("data", (b: Buffer) => parts.push(b));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(parts))));
    doc.text(text);
    doc.end();
  });
}

beforeAll(async () => {
  // Messages to participants land in the dev inbox; map tiles come from a local tile folder (MEDVIRK_MAP_TILES_DIR).
  server = await startTestServer({
    env: {
      MEDVIRK_DEV_INBOX: "1",
      MEDVIRK_MAP_TILES_DIR: makeTileDir([29.6, 70.0, 29.9, 70.2]),
      MEDVIRK_MAP_TILES_ATTRIBUTION: "Testkart",
    },
  });
  browser = await launchBrowser();
  const deps = server.deps;
  const db = deps.db.db;
  tenantId = deps.tenants.bySlugOrAlias("vadso")!.municipality.id;
  const s = await signInAs(server, { tenant: "vadso", role: "secretary" });
  staff = { id: s.personId, memberships: [{ tenantId, role: "secretary", bodyId: null }], platformAdmin: false };
  const [plan] = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(sql`${bodies.tenantId} = ${tenantId} and ${bodies.key} = 'plan'`);
  const [youth] = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(sql`${bodies.tenantId} = ${tenantId} and ${bodies.key} = 'ungdomsraad'`);
  youthId = youth!.id;
  const now = deps.now();
  const year = now.getUTCFullYear();
  const [c] = await db
    .insert(cases)
    .values({
      tenantId,
      year,
      sequence: 4711,
      title: { nb: "Ny gangvei langs Strandgata" },
      summary: { nb: "Kommunen vil bygge en gangvei langs Strandgata." },
    })
    .returning({ id: cases.id });
  caseSlug = `${year}-4711`;
  const [m] = await db
    .insert(meetings)
    .values({
      tenantId,
      bodyId: plan!.id,
      key: `e2e-${crypto.randomUUID()}`,
      startsAt: new Date(Math.ceil((now.getTime() + 60 * DAY) / DAY) * DAY + 16 * 3_600_000),
    })
    .returning({ id: meetings.id });
  await db.insert(agendaItems).values({ tenantId, meetingId: m!.id, caseId: c!.id, position: 1 });
  consultationId = must(
    await createConsultation(deps, staff, {
      tenantId,
      caseId: c!.id,
      bodyId: plan!.id,
      meetingId: m!.id,
      title: { nb: "Hva mener du om gangveien?" },
      summary: { nb: "Gangveien skal gjøre skoleveien tryggere." },
      opensAt: new Date(now.getTime() - DAY),
      mapArea: {
        type: "Polygon",
        coordinates: [
          [
            [29.6, 70.0],
            [29.9, 70.0],
            [29.9, 70.2],
            [29.6, 70.2],
            [29.6, 70.0],
          ],
        ],
      },
      pinCategories: ["Skolevei", "Farlig sted"],
      questions: [
        { kind: "single", prompt: { nb: "Bør gangveien bygges?" }, options: [{ nb: "Ja" }, { nb: "Nei" }] },
        {
          kind: "multi",
          prompt: { nb: "Hva bruker du veien til?" },
          options: [{ nb: "Skole" }, { nb: "Jobb" }, { nb: "Tur" }],
        },
        { kind: "scale", prompt: { nb: "Hvor trygg er veien i dag?" }, scaleMin: 1, scaleMax: 5 },
        { kind: "text", prompt: { nb: "Noe annet kommunen bør vite?" } },
      ],
    }),
  ).id;
  const other = await signInAs(server, { tenant: "vadso", role: "resident" });
  must(
    await addComment(deps, { personId: other.personId, level: "email" }, { tenantId, consultationId, body: EARLIER }),
  );
  must(await requestCouncilStatements(deps, staff, { tenantId, caseId: c!.id, meetingId: m!.id }));
  const troll = await signInAs(server, { tenant: "vadso", role: "resident" });
  const bad = must(
    await addComment(deps, { personId: troll.personId, level: "email" }, { tenantId, consultationId, body: RUDE }),
  );
  must(
    await flagComment(
      deps,
      { personId: other.personId, level: "email" },
      { tenantId, consultationId, commentId: bad.id, reason: "offensive" },
    ),
  );
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function ready(page: Page, js: boolean) {
  if (js) await routerIdle(page);
}
async function press(page: Page, name: string, within?: ReturnType<Page["locator"]>) {
  await (within ?? page).getByRole("button", { name, exact: true }).focus();
  await page.keyboard.press("Enter");
}
async function type(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(text);
}

describe("a consultation in the browser", () => {
  it("a resident reads the case, answers, drops a pin, comments and supports another comment (keyboard only, axe clean)", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    const tileResponses: { url: string; status: number }[] = [];
    page.on(
      "response",
      (r) => void (r.url().includes("/map-tiles/") && tileResponses.push({ url: r.url(), status: r.status() })),
    );

    await page.goto(`${server.url}/vadso/cases/${caseSlug}`);
    await ready(page, true);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Hva mener du om gangveien?" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/vadso/consultations/${consultationId}$`));
    await page.getByRole("heading", { level: 1, name: "Hva mener du om gangveien?" }).waitFor();
    await page.getByText("Gangveien skal gjøre skoleveien tryggere.").waitFor();
    await ready(page, true);
    await expectAccessible(page);

    // Questions of every kind.
    await page.getByRole("radio", { name: "Ja" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("checkbox", { name: "Skole" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("checkbox", { name: "Tur" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("radio", { name: "4", exact: true }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("textbox", { name: "Noe annet kommunen bør vite?" }).focus();
    await page.keyboard.type("Brøyt gangveien tidlig.");
    await press(page, "Lagre svarene");
    await page.getByText("Lagret. Takk for innspillet!").waitFor();
    await ready(page, true);
    expect(await page.getByRole("checkbox", { name: "Tur" }).isChecked()).toBe(true);
    expect(await page.getByRole("radio", { name: "4", exact: true }).isChecked()).toBe(true);

    // A map pin (coordinates and a category), then one outside the municipality: a translated error.
    await type(page, "Breddegrad (for eksempel 70,07)", "59,91");
    await type(page, "Lengdegrad (for eksempel 29,75)", "10,75");
    await press(page, "Legg til punktet");
    await page.getByText("Punktet ligger utenfor kommunen.").first().waitFor();
    await ready(page, true);
    expect(await page.getByLabel("Breddegrad (for eksempel 70,07)").inputValue()).toBe("59,91");
    await page.getByLabel("Breddegrad (for eksempel 70,07)").fill("");
    await type(page, "Breddegrad (for eksempel 70,07)", "70,07");
    await page.getByLabel("Lengdegrad (for eksempel 29,75)").fill("");
    await type(page, "Lengdegrad (for eksempel 29,75)", "29,75");
    await page.getByLabel("Kategori").selectOption("Farlig sted");
    await type(page, "Hva gjelder det? (valgfritt)", "Krysset ved skolen");
    await press(page, "Legg til punktet");
    await page.getByText("Punkter på kartet (1)").waitFor();
    await page.getByText("Farlig sted: 70.0700, 29.7500 – Krysset ved skolen").waitFor();
    await ready(page, true);
    // With JavaScript, Leaflet shows the pin on tiles from the configured (local) tile source;
    // a click on the map fills the coordinates; so does Enter on the focused map (its centre).
    const map = page.getByRole("region", { name: "Kart over området med 1 punkter" });
    await map.locator(".leaflet-tile-loaded").first().waitFor();
    expect(tileResponses.length).toBeGreaterThan(0);
    expect(tileResponses.every((r) => r.status === 200)).toBe(true);
    // The pin just posted is drawn as a pin (besides the placing marker, still on the typed spot),
    // and the area's outline (not interactive) is still there after the first pin (issue 19).
    expect(await map.locator("path.leaflet-interactive:not(.new-pin)").count()).toBe(1);
    expect(await map.locator("path:not(.leaflet-interactive)").count()).toBe(1);
    await map.getByText("Testkart").waitFor();
    const coords = async (): Promise<[number, number]> => [
      Number((await page.getByLabel("Breddegrad (for eksempel 70,07)").inputValue()).replace(",", ".")),
      Number((await page.getByLabel("Lengdegrad (for eksempel 29,75)").inputValue()).replace(",", ".")),
    ];
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 - 15, box.y + box.height / 2 + 25); // inside the area, off the centre
    const [lat, lon] = await coords();
    expect(lat).toBeGreaterThan(70.0);
    expect(lat).toBeLessThan(70.2);
    expect(lon).toBeGreaterThan(29.6);
    expect(lon).toBeLessThan(29.9);
    expect(await page.locator("path.new-pin").count()).toBe(1);
    await map.focus();
    await page.keyboard.press("ArrowRight");
    // Leaflet animates the pan: Enter again until the centre has moved (at most a few seconds).
    let [lat2, lon2] = [0, 0];
    for (const until = Date.now() + 5000; Date.now() < until; await page.waitForTimeout(100)) {
      await page.keyboard.press("Enter");
      [lat2, lon2] = await coords();
      if (lon2 > 29.75) break;
    }
    expect(lat2).toBeGreaterThan(70.0);
    expect(lat2).toBeLessThan(70.2);
    expect(lon2).toBeGreaterThan(29.75); // panned east of the centre
    await expectAccessible(page);

    // A comment, and support for the earlier one.
    await type(page, "Kommentaren din", MINE);
    await press(page, "Send");
    await page.getByText(MINE).waitFor();
    await ready(page, true);
    // About me (optional, for the report's participation table) and how to hear back.
    await page.getByLabel("Aldersgruppe").selectOption("16-19");
    await page.getByLabel("Hvordan vil du høre om resultatet?").selectOption("email");
    await press(page, "Lagre");
    await page.getByText("Lagret. Takk for innspillet!").waitFor();
    await ready(page, true);
    // The same confirmation may already stand from the answers above, so wait for the row itself.
    await expect
      .poll(
        async () =>
          (
            await server.deps.db.rows<{ age_band: string | null; notify: string }>(
              sql`select age_band, notify from consultation_participants where person_id = ${resident.personId}`,
            )
          )[0],
        { timeout: 15_000 },
      )
      .toEqual({ age_band: "16-19", notify: "email" });
    const earlier = page.locator("article.comment", { hasText: EARLIER });
    await press(page, "Støtt", earlier);
    await earlier.getByText("1 støtter").waitFor();
    await earlier.getByRole("button", { name: "Trekk støtte" }).waitFor();
    // My own comment has no support button.
    expect(
      await page.locator("article.comment", { hasText: MINE }).getByRole("button", { name: "Støtt" }).count(),
    ).toBe(0);
    await expectAccessible(page);
    // The pin outside the municipality was answered 400 on purpose; nothing else failed.
    expect(watch.errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await context.close();
  });

  it("without JavaScript a resident comments with a plain form; a too long comment is refused and kept", async () => {
    const resident = await signInAs(server, { tenant: "vadso", role: "resident" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await resident.signInBrowser(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/vadso/consultations/${consultationId}`);
    await expectAccessible(page, { javaScriptEnabled: false });
    // Without JavaScript the map is the server's drawing (no tiles, no Leaflet).
    expect(
      await page
        .getByRole("img", { name: /Kart over området med \d+ punkter/ })
        .locator("circle")
        .count(),
    ).toBeGreaterThan(0);
    expect(await page.locator(".leaflet-container").count()).toBe(0);
    const long = `${NOJS} ${"x".repeat(4000)}`;
    await page.getByLabel("Kommentaren din", { exact: true }).fill(long);
    await press(page, "Send");
    await page.getByText("Teksten er for lang (høyst 4000 tegn).").waitFor();
    expect(await page.getByLabel("Kommentaren din", { exact: true }).inputValue()).toBe(long);
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Kommentaren din", { exact: true }).fill("");
    await type(page, "Kommentaren din", NOJS);
    await press(page, "Send");
    await page.waitForURL(/\?done=saved/);
    await page.getByText(NOJS).waitFor();
    await context.close();
  });

  it("the youth council's secretary writes and uploads the statement; the case page shows it answered on time", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [youthId] });
    const context = await browser.newContext({ locale: "nb-NO" });
    await sec.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin/statements`);
    await ready(page, true);
    await page.getByRole("heading", { level: 1, name: "Uttalelser fra rådet" }).waitFor();
    // Only the youth council's request is this secretary's.
    expect(await page.getByRole("textbox", { name: "Uttalelse" }).count()).toBe(1);
    await expectAccessible(page);
    await type(page, "Uttalelse", STATEMENT);
    await page.getByLabel(/Last opp uttalelsen som fil/).setInputFiles({
      name: "uttalelse-ungdomsradet.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(await pdfWith("Uttalelse fra Ungdomsrådet")),
    });
    await press(page, "Lagre uttalelsen");
    await page.getByText("Uttalelsen er lagret.").waitFor();
    await page.getByText("Svarte i tide").waitFor();
    await page.getByRole("link", { name: "Uttalelse: Ungdomsrådet" }).waitFor();
    await ready(page, true);
    await expectAccessible(page);
    expect(watch.errors).toEqual([]);

    // The municipality-level report lists the youth council (the case is not decided yet: nothing counted).
    const staffCtx = await browser.newContext({ locale: "nb-NO" });
    const admin = await signInAs(server, { tenant: "vadso", role: "secretary" });
    await admin.signInBrowser(staffCtx);
    const rp = await staffCtx.newPage();
    await rp.goto(`${server.url}/vadso/admin/councils-heard`);
    await rp.getByRole("heading", { level: 1, name: "Ble rådene hørt før vedtaket?" }).waitFor();
    await rp.getByRole("rowheader", { name: "Ungdomsrådet" }).waitFor();
    await expectAccessible(rp);
    await staffCtx.close();

    const pub = await browser.newContext({ locale: "nb-NO" });
    const p2 = await pub.newPage();
    await p2.goto(`${server.url}/vadso/cases/${caseSlug}`);
    const council = p2.locator("li", { hasText: "Ungdomsrådet" }).filter({ hasText: "Svarte i tide" });
    await council.getByText(STATEMENT).waitFor();
    await p2.locator("li", { hasText: "Eldrerådet" }).getByText("Har ikke svart").waitFor();
    await expectAccessible(p2);
    await pub.close();
    await context.close();
  });

  it("a moderator hides a reported comment with a reason and writes the rules; residents read them", async () => {
    const mod = await signInAs(server, { tenant: "vadso", role: "moderator" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await mod.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin/moderation`);
    await ready(page, true);
    const item = page.locator("article.comment", { hasText: RUDE });
    await item.getByText("Sjikane eller hets (1)").waitFor();
    await expectAccessible(page);
    await press(page, "Skjul", item);
    await item.getByText("Skriv en begrunnelse.").waitFor();
    await ready(page, true);
    await item.getByLabel("Begrunnelse").focus();
    await page.keyboard.type("Personangrep");
    await press(page, "Skjul", item);
    await page.getByText("Ferdig.").waitFor();
    await ready(page, true);
    expect(await page.locator("article.comment", { hasText: RUDE }).count()).toBe(0);
    await type(page, "Regler (bokmål)", "Skriv om saken. Vi skjuler personangrep.");
    await press(page, "Lagre reglene");
    await page.getByText("Ferdig.").waitFor();
    await expectAccessible(page);
    expect(watch.errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await context.close();

    const pub = await browser.newContext({ locale: "nb-NO" });
    const p = await pub.newPage();
    await p.goto(`${server.url}/vadso/consultations/${consultationId}`);
    expect(await p.getByText(RUDE).count()).toBe(0);
    await p.getByRole("link", { name: "Les reglene for kommentarer" }).click();
    await p.getByText("Skriv om saken. Vi skjuler personangrep.").waitFor();
    await expectAccessible(p);
    await pub.close();
  });

  it("the secretary closes, generates and attaches the report; the public downloads the PDF with the comments in it", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const context = await browser.newContext({ locale: "nb-NO" });
    await sec.signInBrowser(context);
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}/vadso/admin/consultations/${consultationId}`);
    await ready(page, true);
    await expectAccessible(page);
    await press(page, "Avslutt innspillsperioden");
    await page.getByRole("button", { name: "Lag innspillsrapport" }).waitFor();
    await ready(page, true);
    await press(page, "Lag innspillsrapport");
    await page.getByRole("button", { name: "Legg ved saken (Versjon 1)" }).waitFor();
    await ready(page, true);
    await press(page, "Legg ved saken (Versjon 1)");
    await page.getByText("Lagt ved saken").waitFor();
    await expectAccessible(page);
    // What became of the input: saved, shown, and sent to the four participants who asked for it.
    await type(page, "Dette ble resultatet av innspillene (klarspråk)", "Gangveien bygges, med lys hele veien.");
    await press(page, "Lagre og send til deltakerne");
    await page.getByText("Tilbakemeldingen er lagret og sendt til 4 deltakere.").waitFor();
    expect(devInbox(server.deps).filter((m) => m.text.includes("Gangveien bygges, med lys hele veien."))).toHaveLength(
      4,
    );
    await ready(page, true);
    expect(watch.errors).toEqual([]);
    await context.close();

    const pub = await browser.newContext({ locale: "nb-NO" });
    const p = await pub.newPage();
    await p.goto(`${server.url}/vadso/consultations/${consultationId}`);
    await p.getByText("Innspillsperioden er avsluttet.").waitFor();
    await p.getByText("Gangveien bygges, med lys hele veien.").waitFor();
    await expectAccessible(p);
    const href = await p.getByRole("link", { name: "Last ned PDF" }).getAttribute("href");
    const res = await p.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^application\/pdf/);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await res.body())), { mergePages: true });
    const flat = text.replace(/\s+/g, " ");
    for (const t of [EARLIER, MINE, NOJS, STATEMENT]) expect(flat).toContain(t);
    // The case page lists the report among the case's documents.
    await p.goto(`${server.url}/vadso/cases/${caseSlug}`);
    await p.getByRole("link", { name: /Innspillsrapport v1/ }).waitFor();
    await pub.close();
  });

  it("without JavaScript the secretary opens a consultation on the case through the form (a bad question is refused and kept)", async () => {
    const sec = await signInAs(server, { tenant: "vadso", role: "secretary" });
    const context = await browser.newContext({ locale: "nb-NO", javaScriptEnabled: false });
    await sec.signInBrowser(context);
    const page = await context.newPage();
    const [c] = await server.deps.db.rows<{ id: string }>(
      sql`select id from cases where tenant_id = ${tenantId} and sequence = 4711`,
    );
    await page.goto(`${server.url}/vadso/admin/cases/${c!.id}`);
    await page.getByRole("link", { name: "Ny høring på saken" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Ny høring" }).waitFor();
    await expectAccessible(page, { javaScriptEnabled: false });
    await type(page, "Tittel (bokmål)", "Hvor skal benkene stå?");
    await type(page, "Spørsmål 1", "Trengs flere benker?");
    await type(page, "Svaralternativer for spørsmål 1 (ett per linje)", "Ja");
    await press(page, "Opprett høringen");
    await page.getByText("Et valgspørsmål trenger minst to alternativer.").waitFor();
    expect(await page.getByLabel("Tittel (bokmål)").inputValue()).toBe("Hvor skal benkene stå?");
    await expectAccessible(page, { javaScriptEnabled: false });
    await page.getByLabel("Svaralternativer for spørsmål 1 (ett per linje)").focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Nei");
    await press(page, "Opprett høringen");
    await page.getByText("Høringen er opprettet.").waitFor();
    const id = page.url().match(/consultations\/([0-9a-f-]{36})/)![1]!;
    await page.goto(`${server.url}/vadso/consultations/${id}`);
    await page.getByRole("heading", { level: 1, name: "Hvor skal benkene stå?" }).waitFor();
    await page.getByRole("radio", { name: "Nei" }).waitFor();
    await context.close();
  });
});
