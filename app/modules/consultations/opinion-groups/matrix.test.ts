import { describe, expect, it } from "vitest";
import { type Vote, buildVoteMatrix } from "./matrix.ts";

const v = (participant: string, statement: string, vote: -1 | 0 | 1, time: number): Vote => ({
  participant,
  statement,
  vote,
  time,
});

describe("buildVoteMatrix", () => {
  it("keeps the latest vote when a participant votes twice on a statement, whatever the input order", () => {
    const m = buildVoteMatrix([v("p", "s", -1, 30), v("p", "s", 1, 10), v("p", "s", 0, 20), v("q", "s", 1, 5)]);
    expect(m.participants).toEqual(["q", "p"]);
    expect(m.statements).toEqual(["s"]);
    expect([...m.cells]).toEqual([1, -1]);
    expect([...m.voted]).toEqual([1, 1]);
  });

  it("breaks a tie in time by input order (the later row wins)", () => {
    expect([...buildVoteMatrix([v("p", "s", 1, 7), v("p", "s", -1, 7)]).cells]).toEqual([-1]);
    expect([...buildVoteMatrix([v("p", "s", -1, 7), v("p", "s", 1, 7)]).cells]).toEqual([1]);
  });

  it("marks unvoted cells NaN, counts passes as votes, and orders rows and columns by first vote", () => {
    const m = buildVoteMatrix([v("b", "y", 0, 2), v("a", "x", 1, 1), v("a", "y", -1, 3)]);
    expect(m.participants).toEqual(["a", "b"]);
    expect(m.statements).toEqual(["x", "y"]);
    expect([...m.cells]).toEqual([1, -1, NaN, 0]);
    expect([...m.voted]).toEqual([2, 1]);
  });
});
