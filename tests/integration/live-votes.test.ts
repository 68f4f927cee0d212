import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "#app/modules/bodies/commands.server.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { signInAs, type TestSession } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";
import { client, liveMeeting, next, type LiveClient } from "./live-setup.ts";

// Votes per party and by roll-call from the secretary's console (plain
// forms), reaching viewers on the socket and the public page (issue 9).
let server: Awaited<ReturnType<typeof startTestServer>>;
let m: Awaited<ReturnType<typeof liveMeeting>>;
let sec: TestSession;
let viewer: LiveClient;
let version = 0;

beforeAll(async () => {
  server = await startTestServer({ demo: false });
  m = await liveMeeting(server.deps);
  sec = await signInAs(server, { tenant: "vadso", role: "secretary", bodyIds: [m.bodyId] });
  const admin: Actor = { id: "fixture", memberships: [{ tenantId: m.tenantId, role: "admin" }] };
  for (const [name, party, role, termEnd] of [
    ["Kari Nordmann", "Ap", "leader", null],
    ["Ola Hansen", "H", "member", null],
    ["Per Olsen", "Ap", "member", null],
    ["Sekretær Sørensen", null, "secretary", null],
    ["Gammel Representant", "Sp", "member", "2020-12-31"],
  ] as const) {
    const r = await addMember(server.deps, admin, {
      tenantId: m.tenantId,
      bodyId: m.bodyId,
      name,
      party,
      role,
      termEnd,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  viewer = await client(server.url);
  await viewer.emitWithAck("live:join", { meetingId: m.meetingId });
});
afterAll(async () => {
  viewer?.disconnect();
  await server?.stop();
});

const path = () => `/vadso/meetings/${m.meetingId}`;
async function post(fields: Record<string, string> | [string, string][]) {
  const rows: [string, string][] = Array.isArray(fields) ? fields : Object.entries(fields);
  const body = new URLSearchParams([["_csrf", sec.csrf], ["version", String(version)], ...rows]);
  const res = await fetch(`${server.url}${path()}/console`, {
    method: "POST",
    redirect: "manual",
    headers: sec.headers({ "content-type": "application/x-www-form-urlencoded" }),
    body: body.toString(),
  });
  if (res.status === 303) version++;
  return res;
}
const text = async (res: Response) =>
  (await res.text())
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"');

describe("votes per party and by roll-call", () => {
  it("the console offers the body's current members for a roll-call and their parties for a vote per party", async () => {
    expect((await post({ intent: "start" })).status).toBe(303);
    expect((await post({ intent: "moveTo", itemId: m.items[0] })).status).toBe(303);
    const page = await text(await sec.fetch(`${path()}/console`));
    for (const member of ["Kari Nordmann (Ap)", "Ola Hansen (H)", "Per Olsen (Ap)"]) expect(page).toContain(member);
    expect(page).not.toContain("Sekretær Sørensen"); // the body's secretary does not vote
    expect(page).not.toContain("Gammel Representant"); // term ended
    expect(page).toContain("<legend>Ap</legend>");
    expect(page).toContain("<legend>H</legend>");
  });

  it("a vote per party reaches viewers with the parties, is stored, and shows on the public page", async () => {
    const got = next(viewer, "live:event", (e) => e.type === "live.vote.recorded");
    const res = await post([
      ["intent", "recordVote"],
      ["mode", "party"],
      ["itemId", m.items[0]],
      ["party", "Ap"],
      ["pfor", "2"],
      ["pagainst", ""],
      ["pblank", ""],
      ["party", "H"],
      ["pfor", ""],
      ["pagainst", "1"],
      ["pblank", ""],
      ["party", "MDG"],
      ["pfor", "1"],
      ["pagainst", ""],
      ["pblank", ""],
      ["party", ""],
      ["pfor", ""],
      ["pagainst", ""],
      ["pblank", ""],
      ["passed", ""],
    ]);
    expect(res.status).toBe(303);
    const e = await got;
    expect(e.patch.votes?.[m.items[0]]).toMatchObject({
      mode: "party",
      for: 3,
      against: 1,
      blank: 0,
      passed: true,
      parties: [
        { party: "Ap", for: 2, against: 0, blank: 0 },
        { party: "H", for: 0, against: 1, blank: 0 },
        { party: "MDG", for: 1, against: 0, blank: 0 },
      ],
    });
    const [row] = await server.deps.db.rows<{ mode: string; votes_for: number; detail: { parties: unknown[] } }>(
      sql`select mode, votes_for, detail from live_votes where meeting_id = ${m.meetingId} order by version desc limit 1`,
    );
    expect(row).toMatchObject({ mode: "party", votes_for: 3 });
    expect(row!.detail.parties).toHaveLength(3);
    const pub = await text(await fetch(`${server.url}${path()}/live`));
    expect(pub).toContain("Vedtatt: 3 for, 1 mot, 0 blanke");
    expect(pub).toContain("Ap: 2 for, 0 mot, 0 blanke");
    expect(pub).toContain("MDG: 1 for, 0 mot, 0 blanke");
  });

  it("a named roll-call with the chair's casting vote: absent members are not counted; names and votes are public", async () => {
    const got = next(viewer, "live:event", (e) => e.type === "live.vote.recorded");
    const res = await post([
      ["intent", "recordVote"],
      ["mode", "rollcall"],
      ["itemId", m.items[0]],
      ["passed", "no"],
      ["rname", "Kari Nordmann"],
      ["rparty", "Ap"],
      ["rvote", "for"],
      ["rname", "Ola Hansen"],
      ["rparty", "H"],
      ["rvote", "against"],
      ["rname", "Per Olsen"],
      ["rparty", "Ap"],
      ["rvote", ""],
    ]);
    expect(res.status).toBe(303);
    const e = await got;
    expect(e.patch.votes?.[m.items[0]]).toMatchObject({
      mode: "rollcall",
      for: 1,
      against: 1,
      blank: 0,
      passed: false,
      roll: [
        { name: "Kari Nordmann", party: "Ap", vote: "for" },
        { name: "Ola Hansen", party: "H", vote: "against" },
      ],
    });
    const pub = await text(await fetch(`${server.url}${path()}/live`));
    expect(pub).toContain("Falt: 1 for, 1 mot, 0 blanke");
    expect(pub).toContain("Slik stemte representantene");
    expect(pub).toContain("Kari Nordmann (Ap): for");
    expect(pub).toContain("Ola Hansen (H): mot");
    expect(pub).not.toContain("Per Olsen (Ap):");
  });

  it("a count that is not a number is refused with a translated message and changes nothing", async () => {
    const before = version;
    const res = await post([
      ["intent", "recordVote"],
      ["mode", "party"],
      ["itemId", m.items[0]],
      ["party", "Ap"],
      ["pfor", "mange"],
      ["pagainst", "0"],
      ["pblank", "0"],
    ]);
    expect(res.status).toBe(400);
    expect(await text(res)).toContain("Skjemaet var ikke gyldig. Sjekk feltene.");
    expect(version).toBe(before);
    const [row] = await server.deps.db.rows<{ version: number }>(
      sql`select version from live_meetings where meeting_id = ${m.meetingId}`,
    );
    expect(row!.version).toBe(before);
  });
});

describe("the stream", () => {
  it("a YouTube or Vimeo link is embedded (cookie-free player, allowed by the CSP); any other link stays a link", async () => {
    expect((await post({ intent: "setStream", url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ" })).status).toBe(303);
    const res = await fetch(`${server.url}${path()}/live`);
    expect(res.headers.get("content-security-policy")).toMatch(
      /frame-src 'self' https:\/\/www\.youtube-nocookie\.com https:\/\/player\.vimeo\.com/,
    );
    const pub = await text(res);
    expect(pub).toMatch(
      /<iframe src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ" title="Direkteoverføring"/,
    );
    expect(pub).toContain('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"');

    expect((await post({ intent: "setStream", url: "https://tv.example.org/vadso" })).status).toBe(303);
    const other = await text(await fetch(`${server.url}${path()}/live`));
    expect(other).not.toContain("<iframe");
    expect(other).toContain('href="https://tv.example.org/vadso"');
  });
});
