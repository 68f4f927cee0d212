import { describe, expect, it } from "vitest";
import { commentPage } from "./paging.ts";

const thread = (i: number, replies = 0) => [
  { id: `t${i}`, parentId: null },
  ...Array.from({ length: replies }, (_, r) => ({ id: `t${i}r${r}`, parentId: `t${i}` })),
];
const comments = Array.from({ length: 7 }, (_, i) => thread(i + 1, i % 3)).flat();

describe("commentPage", () => {
  it("shows whole threads, a page of top-level comments at a time, in the original order", () => {
    const p1 = commentPage(comments, null, 3);
    expect(p1).toMatchObject({ page: 1, pages: 3, all: false });
    expect(p1.shown.map((c) => c.id)).toEqual(["t1", "t2", "t2r0", "t3", "t3r0", "t3r1"]);
    expect(commentPage(comments, "3", 3).shown.map((c) => c.id)).toEqual(["t7"]);
  });

  it("clamps a page out of range and treats nonsense as the first page", () => {
    expect(commentPage(comments, "99", 3).page).toBe(3);
    expect(commentPage(comments, "0", 3).page).toBe(1);
    expect(commentPage(comments, "abc", 3).page).toBe(1);
  });

  it("'all' shows everything; a single page never says 'all'", () => {
    expect(commentPage(comments, "all", 3)).toMatchObject({ all: true, pages: 3 });
    expect(commentPage(comments, "all", 3).shown).toHaveLength(comments.length);
    expect(commentPage(comments, "all", 50)).toMatchObject({ all: false, pages: 1 });
  });
});
