import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCsvRecords } from "#app/lib/csv.ts";
import {
  type Vote,
  adjustedRandIndex,
  buildVoteMatrix,
  clusterableRows,
  opinionGroups,
  parseVotesCsv,
} from "./index.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const seattle = path.join(root, "tests/fixtures/polis/15-per-hour-seattle");

/**
 * Three camps on 10 statements: camp A agrees with s0–s2 and disagrees with s3–s5, camp B the
 * reverse, camp C agrees with s6–s8 and disagrees with s0–s5; everyone agrees with s9.
 */
function threeCamps(size: number): Vote[] {
  const votes: Vote[] = [];
  let time = 0;
  const camp = ["A", "B", "C"] as const;
  for (const c of camp) {
    for (let p = 0; p < size; p++) {
      for (let s = 0; s < 10; s++) {
        let vote: -1 | 0 | 1;
        if (s === 9) vote = 1;
        else if (c === "A") vote = s < 3 ? 1 : s < 6 ? -1 : 0;
        else if (c === "B") vote = s < 3 ? -1 : s < 6 ? 1 : 0;
        else vote = s < 6 ? -1 : 1;
        // A little noise so the camps are not single points.
        if ((p * 7 + s * 3) % 11 === 0 && s !== 9) vote = 0;
        votes.push({ participant: `${c}${p}`, statement: `s${s}`, vote, time: time++ });
      }
    }
  }
  return votes;
}

describe("opinionGroups on small matrices", () => {
  it("finds three obvious camps, with their dividing and shared statements", () => {
    const r = opinionGroups(buildVoteMatrix(threeCamps(12)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.k).toBe(3);
    for (const g of r.groups) {
      expect(g.members).toHaveLength(12);
      expect(new Set(g.members.map((id) => id[0])).size).toBe(1);
      expect(g.representative.length).toBeGreaterThan(0);
    }
    const groupOfC = r.groupOf.get("C0")!;
    expect(r.groups[groupOfC]!.representative.map((s) => s.statement)).toContain("s6");
    expect(r.consensus.agree.map((s) => s.statement)).toEqual(["s9"]);
  });

  it("gives the same groups for the same seed", () => {
    const m = buildVoteMatrix(threeCamps(9));
    const a = opinionGroups(m, { seed: "42" });
    const b = opinionGroups(m, { seed: "42" });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([...a.groupOf]).toEqual([...b.groupOf]);
    expect([...a.positions]).toEqual([...b.positions]);
    expect(a.groups).toEqual(b.groups);
  });

  it("uses the latest vote when a participant changes their mind", () => {
    const votes = threeCamps(12);
    // A0 first votes like camp B on every statement, then re-votes as camp A: A0 stays with A.
    const early = votes
      .filter((v) => v.participant === "B0")
      .map((v) => ({ ...v, participant: "A0", time: -1000 + v.time }));
    const r = opinionGroups(buildVoteMatrix([...early, ...votes]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.groupOf.get("A0")).toBe(r.groupOf.get("A1"));
    expect(r.groupOf.get("A0")).not.toBe(r.groupOf.get("B1"));
  });

  it("leaves out participants with fewer than minVotes votes", () => {
    const votes = threeCamps(12).filter((v) => !(v.participant === "A3" && Number(v.statement.slice(1)) >= 6));
    const m = buildVoteMatrix(votes);
    const r = opinionGroups(m);
    expect(r.ok && r.groupOf.has("A3")).toBe(false);
    expect(r.ok && r.positions.has("A3")).toBe(true);
    const loose = opinionGroups(m, { minVotes: 6 });
    expect(loose.ok && loose.groupOf.has("A3")).toBe(true);
  });

  it("says plainly when there are too few participants to form groups", () => {
    const one = buildVoteMatrix(threeCamps(1).filter((v) => v.participant === "A0"));
    expect(opinionGroups(one)).toEqual({
      ok: false,
      reason: "too-few-participants",
      clusterable: 1,
      needed: 2,
      message:
        "1 participant(s) with distinct positions voted on enough statements; at least 2 are needed to form 2 groups",
    });
    // Two participants who vote alike sit on one point: still no groups.
    const twins = threeCamps(2).filter((v) => v.participant === "A0" || v.participant === "A1");
    const same = twins.map((v) => ({ ...v, vote: 1 as const }));
    expect(opinionGroups(buildVoteMatrix(same))).toMatchObject({ ok: false, reason: "too-few-participants" });
    expect(opinionGroups(buildVoteMatrix([]))).toMatchObject({ ok: false, clusterable: 0 });
    // Ten participants allow at most 2 + ⌊10 / 12⌋ = 2 groups, as in Polis.
    const ten = buildVoteMatrix(threeCamps(4).filter((v) => !["C2", "C3"].includes(v.participant)));
    expect(opinionGroups(ten, { kRange: [3, 5] })).toMatchObject({
      ok: false,
      reason: "too-few-participants",
      message: "10 clustered participants allow at most 2 groups (2 + one per 12), fewer than 3",
    });
  });

  it("tops up to 15 of the most active participants when few reach minVotes (as Polis does)", () => {
    const votes = threeCamps(4).filter((v) => Number(v.statement.slice(1)) < 5 || v.participant.endsWith("0"));
    const m = buildVoteMatrix(votes);
    expect(clusterableRows(m, 7, 0)).toHaveLength(3);
    expect(clusterableRows(m, 7, 15)).toHaveLength(12);
  });
});

describe("opinionGroups on a real Polis conversation (15-per-hour-seattle)", () => {
  const parsed = parseVotesCsv(readFileSync(path.join(seattle, "votes.csv"), "utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  const matrix = buildVoteMatrix(parsed.votes);
  const polis = new Map(
    parseCsvRecords(readFileSync(path.join(seattle, "participants-votes.csv"), "utf8"))
      .filter((r) => r["group-id"] !== "")
      .map((r) => [r.participant!, r["group-id"]!]),
  );
  const moderatedOut = parseCsvRecords(readFileSync(path.join(seattle, "comments.csv"), "utf8"))
    .filter((r) => r.moderated === "-1")
    .map((r) => r["comment-id"]!);

  const ari = (r: ReturnType<typeof opinionGroups>) => {
    if (!r.ok) throw new Error(r.message);
    const both = [...r.groupOf.keys()].filter((id) => polis.has(id));
    return adjustedRandIndex(
      both.map((id) => r.groupOf.get(id)!),
      both.map((id) => polis.get(id)!),
    );
  };

  it("clusters the same 138 participants as Polis", () => {
    const r = opinionGroups(matrix, { excludedStatements: moderatedOut });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new Set(r.groupOf.keys())).toEqual(new Set(polis.keys()));
    expect(r.k).toBe(2);
  });

  it("agrees with Polis's groups: ARI 0.856 with the moderated-out statements left out, 0.750 from votes alone", () => {
    expect(ari(opinionGroups(matrix, { excludedStatements: moderatedOut }))).toBeGreaterThanOrEqual(0.856);
    expect(ari(opinionGroups(matrix))).toBeGreaterThanOrEqual(0.75);
  });
});
