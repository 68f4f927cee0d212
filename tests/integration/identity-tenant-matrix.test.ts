import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRound } from "#app/modules/budgeting/commands.server.ts";
import { createConsultation } from "#app/modules/consultations/commands.server.ts";
import { inviteStaff } from "#app/modules/identity/staff.server.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { processes } from "#db/schema/index.ts";
import { ROOT } from "#server/app.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { AREA, consultationFixture } from "./consultations-setup.ts";
import { liveMeeting, SECRET_CASE, SECRET_TITLE } from "./live-setup.ts";

/*
 * The tenant-isolation matrix (issue 3). Every route of the route tree (read
 * from the production build, so a route added later is covered without
 * touching this file) × every kind of person of municipality A (anonymous, a
 * resident, each staff role) against municipality B:
 *
 *   - nothing B keeps for its staff shows up in any answer (markers planted in
 *     B's data; the test first proves that B's own admin does see each one);
 *   - a page that B hides from the public (B's admin gets it, a visitor does
 *     not) is refused to every person of A as well;
 *   - every staff form B's admin is offered (and not a resident of B), replayed
 *     by each person of A with their own session and CSRF token, is refused, and
 *     B's rows (every table with a tenant_id) are unchanged afterwards;
 *   - no GET changes B's rows.
 * A route parameter without a value below is filled with an id nobody has (the
 * route is still walked: a 404 must not leak nor change anything); give it one
 * of B's real things below to test it fully.
 */
const UNKNOWN = "00000000-0000-4000-8000-000000000000";
const A = "oslo";
const B = "vadso";
const mark = (what: string) => `${what}-${randomBytes(4).toString("hex")}`;
const SECRETS = {
  closedItem: SECRET_TITLE,
  closedCase: SECRET_CASE,
  adminEmail: `${mark("b-admin")}@matrix.test`.toLowerCase(),
  invitedEmail: `${mark("b-invited")}@matrix.test`.toLowerCase(),
  draftRound: mark("Hemmelig budsjettrunde B"),
};

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let build: ServerBuild;
let bTenantId: string;
const actors: { name: string; session: TestSession | null }[] = [];
let bAdmin: TestSession;
let bResident: TestSession;
const values: Record<string, string> = {};

interface RouteInfo {
  id: string;
  pattern: string; // /:tenant/admin/meetings/:meetingId
  index: boolean;
  loader: boolean;
  action: boolean;
}

function routeTree(b: ServerBuild): RouteInfo[] {
  const full = (id: string): string => {
    const r = b.routes[id]!;
    const own = r.path ?? "";
    const parent = r.parentId ? full(r.parentId) : "";
    return own ? `${parent.replace(/\/$/, "")}/${own}` : parent || "/";
  };
  return Object.values(b.routes)
    .filter((r) => r.id !== "root")
    .map((r) => ({
      id: r.id,
      pattern: full(r.id),
      index: !!r.index,
      loader: !!r.module.loader,
      action: !!r.module.action,
    }));
}

/** The URL of a route in municipality B, every parameter filled with one of B's real things. */
function urlOf(r: RouteInfo): string {
  const filled = r.pattern.split("/").map((seg) => {
    if (seg === "*") return "no-such-page";
    if (!seg.startsWith(":")) return seg;
    const name = seg.slice(1);
    const specific = values[`${r.id}:${name}`] ?? values[name];
    // A parameter without one of B's things yet (a route added later) still gets walked, with an id B does not have.
    return encodeURIComponent(specific ?? UNKNOWN);
  });
  return filled.join("/") || "/";
}

/** A digest of every row municipality B owns (each table with a tenant_id column, and B itself). */
async function fingerprintB(): Promise<Record<string, string>> {
  const tables = await server.deps.db.rows<{ table_name: string }>(sql`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'tenant_id' order by table_name`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [r] = await server.deps.db.rows<{ n: number; h: string | null }>(
      sql`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.raw(`"${table_name}"`)} t where tenant_id = ${bTenantId}`,
    );
    out[table_name] = `${r!.n}:${r!.h ?? ""}`;
  }
  const [m] = await server.deps.db.rows<{ h: string }>(
    sql`select md5(m::text) as h from municipalities m where id = ${bTenantId}`,
  );
  out.municipalities = m!.h;
  return out;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#x2F;/g, "/")
    .replace(/&amp;/g, "&");

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decode(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

interface Submission {
  action: string;
  key: string; // action + intent, to tell staff forms from residents' forms
  fields: [string, string][];
}

/** Every POST form of a page and every submit button of each, as the browser would send them. */
function postForms(html: string, pageUrl: string): Submission[] {
  const out: Submission[] = [];
  for (const fm of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const fa = attrs(fm[1]!);
    if ((fa.method ?? "get").toLowerCase() !== "post") continue;
    const action =
      new URL(fa.action || pageUrl, new URL(pageUrl, "http://x")).pathname +
      new URL(fa.action || pageUrl, new URL(pageUrl, "http://x")).search;
    const inner = fm[2]!;
    const fields: [string, string][] = [];
    const buttons: [string, string][] = [];
    for (const tm of inner.matchAll(
      /<(input|button)\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi,
    )) {
      if (tm[1]) {
        const a = attrs(tm[2]!);
        if (!a.name || "disabled" in a) continue;
        const type = (a.type ?? (tm[1].toLowerCase() === "button" ? "submit" : "text")).toLowerCase();
        if (type === "submit" || type === "image") buttons.push([a.name, a.value ?? ""]);
        else if (type === "checkbox" || type === "radio") {
          if ("checked" in a) fields.push([a.name, a.value ?? "on"]);
          else if (type === "radio" && !fields.some(([n]) => n === a.name)) fields.push([a.name, a.value ?? "on"]);
        } else if (type === "file") continue;
        else
          fields.push([
            a.name,
            a.value ||
              (type === "date"
                ? "2027-01-15"
                : type === "datetime-local"
                  ? "2027-01-15T18:00"
                  : type === "number"
                    ? "1"
                    : type === "email"
                      ? "x@matrix.test"
                      : "x"),
          ]);
      } else if (tm[3] !== undefined) {
        const a = attrs(tm[3]);
        if (!a.name) continue;
        const opts = [...tm[4]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map((o) => ({
          a: attrs(o[1]!),
          text: o[2]!,
        }));
        const chosen = opts.find((o) => "selected" in o.a) ?? opts.find((o) => (o.a.value ?? o.text) !== "") ?? opts[0];
        if (chosen) fields.push([a.name, chosen.a.value ?? decode(chosen.text)]);
      } else if (tm[5] !== undefined) {
        const a = attrs(tm[5]);
        if (a.name) fields.push([a.name, decode(tm[6]!) || "x"]);
      }
    }
    const variants = buttons.length ? buttons : [null];
    for (const b of variants) {
      const f = b ? [...fields, b] : fields;
      const intent = f.find(([n]) => n === "intent")?.[1] ?? b?.join("=") ?? "";
      out.push({ action, key: `${action.split("?")[0]}#${intent}`, fields: f.filter(([n]) => n !== "_csrf") });
    }
  }
  return out;
}

async function get(
  session: TestSession | null,
  url: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const res = session ? await session.fetch(url) : await fetch(new URL(url, server.url), { redirect: "manual" });
  const type = res.headers.get("content-type") ?? "";
  const body = /text|json|xml|calendar|javascript/.test(type) ? await res.text() : (await res.arrayBuffer(), "");
  return { status: res.status, location: res.headers.get("location"), body };
}

async function post(
  session: TestSession | null,
  url: string,
  fields: [string, string][],
): Promise<{ status: number; location: string | null; body: string }> {
  const form = new URLSearchParams(fields);
  if (session) form.set("_csrf", session.csrf);
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    origin: server.url.replace(/\/$/, ""),
  };
  const res = session
    ? await session.fetch(url, { method: "POST", headers, body: form.toString() })
    : await fetch(new URL(url, server.url), { method: "POST", redirect: "manual", headers, body: form.toString() });
  return { status: res.status, location: res.headers.get("location"), body: await res.text() };
}

const leaked = (body: string) =>
  Object.entries(SECRETS)
    .filter(([, s]) => body.includes(s))
    .map(([k]) => k);
const refusedForStaff = (status: number, location: string | null) =>
  status === 403 || status === 404 || (status === 303 && !!location?.startsWith("/signin"));

let routes: RouteInfo[];
const pages = new Map<string, { bAdmin: string; bResident: string; residentStatus: number; adminStatus: number }>();
/** /dev/inbox shows every message the installation sent, to whoever asks: it exists only outside production (404 there). */
const NOT_IN_PRODUCTION = new Set(["routes/dev.inbox"]);

beforeAll(async () => {
  server = await startTestServer({ demo: true, env: { MEDVIRK_PAGE_CACHE: "0", MEDVIRK_DEV_INBOX: "1" } });
  build = (await import(pathToFileURL(path.join(ROOT, "build/server/index.js")).href)) as ServerBuild;
  routes = routeTree(build);
  const deps = server.deps;
  bTenantId = deps.tenants.bySlugOrAlias(B)!.municipality.id;
  const aTenantId = deps.tenants.bySlugOrAlias(A)!.municipality.id;

  // Municipality B: a published meeting with a closed item, a consultation,
  // a draft budgeting round, an admin and a pending invitation; the demo data besides.
  bAdmin = await signInAs(server, { tenant: B, role: "admin", email: SECRETS.adminEmail });
  bResident = await signInAs(server, { tenant: B, role: "resident", level: "resident" });
  const bActor: Actor = {
    id: bAdmin.personId,
    memberships: [{ tenantId: bTenantId, role: "admin", bodyId: null }],
    platformAdmin: false,
  };
  const live = await liveMeeting(deps, B, "matrix-plan");
  const f = await consultationFixture(deps.db, bTenantId);
  const consultation = await createConsultation(deps, f.secretary, {
    tenantId: bTenantId,
    caseId: f.caseId,
    bodyId: f.bodies.deciding,
    meetingId: f.meetings.m1,
    title: { nb: "Matrisehøring" },
    opensAt: new Date(Date.now() - 86_400_000),
    closeDaysBeforeNotice: 2,
    mapArea: AREA,
  });
  if (!consultation.ok) throw new Error(JSON.stringify(consultation.error));
  const round = await createRound(deps, bActor, {
    tenantId: bTenantId,
    key: "matrix-round",
    title: { nb: SECRETS.draftRound },
    budget: 100_000n,
    rules: { ballot: { kind: "knapsack" }, tally: { rule: "mes", completion: "add1" } },
  });
  if (!round.ok) throw new Error(JSON.stringify(round.error));
  const invited = await inviteStaff(deps, bActor, bTenantId, {
    email: SECRETS.invitedEmail,
    role: "moderator",
    bodyIds: [],
    signInUrl: "http://x/signin",
    municipalityName: "Vadsø",
    roleName: "moderator",
    message: () => ({ subject: "Invitasjon", text: "Logg inn" }),
  });
  if (!invited.ok) throw new Error(JSON.stringify(invited.error));
  const [proc] = await deps.db.db
    .select({ id: processes.id })
    .from(processes)
    .where(sql`${processes.tenantId} = ${bTenantId} and ${processes.status} <> 'draft'`)
    .limit(1);
  const [casePublic] = await deps.db.rows<{ year: number; sequence: number }>(
    sql`select year, sequence from cases where id = ${live.budgetCaseId}`,
  );
  const [area] = await deps.db.rows<{ key: string }>(
    sql`select key from bodies where tenant_id = ${bTenantId} and area is not null order by key limit 1`,
  );

  Object.assign(values, {
    tenant: B,
    meetingId: live.meetingId,
    bodyId: live.bodyId,
    caseId: live.secretCaseId,
    number: `${casePublic!.year}/${casePublic!.sequence}`,
    documentId: crypto.randomUUID(), // B has no documents here: the route must still answer 404 without a leak
    id: consultation.value.id,
    reportId: crypto.randomUUID(),
    updateId: crypto.randomUUID(), // implementation updates of a PB round: B has none here
    file: "pdf",
    round: "matrix-round",
    processId: proc!.id,
    feed: "cases.rss",
    key: "matrix-plan",
    "routes/$tenant.areas.$key:key": area!.key,
    "routes/$tenant.areas.$key.calendar[.]ics:key": area!.key,
  });

  // Municipality A: anonymous, a resident (verified as living in A), and each staff role.
  const aBody = await deps.db.rows<{ id: string }>(
    sql`insert into bodies (tenant_id, key, kind, name, notice_lead_days) values (${aTenantId}, 'matrix-a', 'utvalg', '{"nb":"A-utvalg"}'::jsonb, 7) returning id`,
  );
  actors.push({ name: "anonymous", session: null });
  actors.push({
    name: "resident of A",
    session: await signInAs(server, { tenant: A, role: "resident", level: "resident" }),
  });
  actors.push({ name: "admin of A", session: await signInAs(server, { tenant: A, role: "admin" }) });
  actors.push({ name: "secretary of A", session: await signInAs(server, { tenant: A, role: "secretary" }) });
  actors.push({
    name: "secretary of A (one body)",
    session: await signInAs(server, { tenant: A, role: "secretary", bodyIds: [aBody[0]!.id] }),
  });
  actors.push({ name: "moderator of A", session: await signInAs(server, { tenant: A, role: "moderator" }) });

  for (const r of routes.filter((r) => r.loader)) {
    const url = urlOf(r);
    if (NOT_IN_PRODUCTION.has(r.id)) continue;
    const [admin, resident, anon] = await Promise.all([get(bAdmin, url), get(bResident, url), get(null, url)]);
    pages.set(r.id, {
      bAdmin: admin.status === 200 ? admin.body : "",
      bResident: resident.status === 200 ? resident.body : "",
      residentStatus: resident.status,
      adminStatus: admin.status,
    });
    expect(anon.status, `anonymous GET ${url}`).toBeLessThan(500);
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("tenant isolation: every route × every person of municipality A against municipality B", () => {
  it("covers the whole route tree, and B's own admin sees every planted marker (so the checks below mean something)", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.pattern.includes(":tenant")).length).toBeGreaterThan(30);
    const seen = new Set([...pages.values()].flatMap((p) => leaked(p.bAdmin)));
    expect([...seen].sort()).toEqual(Object.keys(SECRETS).sort());
    // And a visitor of B does not (those markers are what B keeps for its staff).
    expect(leaked([...pages.values()].map((p) => p.bResident).join("\n"))).toEqual([]);
    // The staff-only pages of B (its admin gets them, its residents do not) include the admin area.
    const staffOnly = [...pages].filter(([, p]) => p.adminStatus === 200 && p.residentStatus !== 200).map(([id]) => id);
    expect(staffOnly).toEqual(
      expect.arrayContaining([
        "routes/$tenant.admin_.staff",
        "routes/$tenant.admin_.audit",
        "routes/$tenant.admin_.meetings.$meetingId",
        "routes/$tenant.admin_.consultations.$id",
        "routes/$tenant.admin_.budgeting.$round",
      ]),
    );
  });

  it("no GET by anyone of A shows B's staff-only data; pages B hides from the public are refused; no GET changes B", async () => {
    const before = await fingerprintB();
    const problems: string[] = [];
    for (const r of routes.filter((r) => r.loader && !NOT_IN_PRODUCTION.has(r.id))) {
      const url = urlOf(r);
      const p = pages.get(r.id)!;
      // B shows it to its admin but not to a resident of B: staff only.
      const staffOnly = p.adminStatus === 200 && p.residentStatus !== 200;
      for (const a of actors) {
        const res = await get(a.session, url);
        if (res.status >= 500) problems.push(`${a.name} GET ${url} → ${res.status}`);
        const l = leaked(res.body);
        if (l.length) problems.push(`${a.name} GET ${url} shows ${l.join(", ")}`);
        if (staffOnly && !refusedForStaff(res.status, res.location))
          problems.push(`${a.name} GET ${url} (B staff only) → ${res.status} ${res.location ?? ""}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprintB()).toEqual(before);
  }, 300_000);

  it("every staff form of B, replayed by each person of A with their own session and token, is refused and changes nothing", async () => {
    // The forms B's admin is offered on any page, minus those a resident of B also gets (participation).
    const residentKeys = new Set<string>();
    const staffForms = new Map<string, Submission>();
    for (const r of routes) {
      const p = pages.get(r.id);
      if (!p) continue;
      const url = urlOf(r) + (r.index ? "" : "");
      for (const s of postForms(p.bResident, url)) residentKeys.add(s.key);
      for (const s of postForms(p.bAdmin, url))
        if (!staffForms.has(s.key + JSON.stringify(s.fields))) staffForms.set(s.key + JSON.stringify(s.fields), s);
    }
    const forms = [...staffForms.values()].filter((s) => !residentKeys.has(s.key) && s.action.startsWith(`/${B}/`));
    // Every action route of B gets at least an empty submission too (a route without a staff form).
    for (const r of routes.filter((r) => r.action && r.pattern.includes(":tenant"))) {
      const url = urlOf(r) + (r.index ? "?index" : "");
      forms.push({ action: url, key: `${url}#empty`, fields: [] });
    }
    expect(forms.filter((f) => f.fields.length).length).toBeGreaterThan(15);
    expect(new Set(forms.map((f) => f.action.split("?")[0]!.split("/")[2])).size).toBeGreaterThanOrEqual(4); // admin, meetings, budgeting, consultations …

    const before = await fingerprintB();
    const problems: string[] = [];
    for (const f of forms) {
      for (const a of actors) {
        const res = await post(a.session, f.action, f.fields);
        // Refused: forbidden, not found (B's thing does not exist for them), a bad request, or (not signed in) sent to sign in.
        const refused =
          [400, 403, 404, 405].includes(res.status) ||
          (!a.session && res.status === 303 && !!res.location?.startsWith("/signin"));
        if (!refused) problems.push(`${a.name} POST ${f.key} → ${res.status} ${res.location ?? ""}`);
        const l = leaked(res.body);
        if (l.length) problems.push(`${a.name} POST ${f.key} shows ${l.join(", ")}`);
      }
      const now = await fingerprintB();
      const changed = Object.keys(now).filter((t) => now[t] !== before[t]);
      if (changed.length) {
        problems.push(`POST ${f.key} changed ${changed.join(", ")}`);
        Object.assign(before, now);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it("the same staff forms still work for B's own admin (the refusals above are not just broken forms)", async () => {
    const staffPage = pages.get("routes/$tenant.admin_.staff")!;
    const invite = postForms(staffPage.bAdmin, urlOf(routes.find((r) => r.id === "routes/$tenant.admin_.staff")!)).find(
      (s) => s.fields.some(([n, v]) => n === "intent" && v === "invite"),
    );
    expect(invite).toBeTruthy();
    const email = `${mark("ok")}@matrix.test`;
    const res = await post(
      bAdmin,
      invite!.action,
      invite!.fields.map(([n, v]) => [n, n === "email" ? email : v]),
    );
    expect(res.status).toBeLessThan(400);
    const [row] = await server.deps.db.rows<{ n: number }>(
      sql`select count(*)::int as n from staff_invitations where tenant_id = ${bTenantId} and email = ${email}`,
    );
    expect(row!.n).toBe(1);
  });
});
