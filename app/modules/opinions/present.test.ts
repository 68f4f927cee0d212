import { describe, expect, it } from "vitest";
import { contrast, GROUP_COLOURS, MAP_SIZE, markRadius, scaleDots, stackDots, UNGROUPED_COLOUR } from "./present.ts";

describe("opinion map", () => {
  it("every group colour has at least 4.5:1 contrast against white", () => {
    for (const c of [...GROUP_COLOURS, UNGROUPED_COLOUR]) expect(contrast(c, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });
  it("scales positions into the view box, y pointing up", () => {
    const d = scaleDots([
      { pos: [-1, -1], group: 0 },
      { pos: [1, 1], group: 1 },
    ]);
    for (const p of d) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(MAP_SIZE);
    }
    expect(d[0]!.y).toBeGreaterThan(d[1]!.y);
    expect(scaleDots([{ pos: [0, 0], group: -1 }])[0]).toEqual({ x: MAP_SIZE / 2, y: MAP_SIZE / 2, group: -1 });
  });
  it("draws participants on the same spot once, larger", () => {
    const s = stackDots([
      { x: 1, y: 1, group: 0 },
      { x: 1, y: 1, group: 0 },
      { x: 1, y: 1, group: 1 },
    ]);
    expect(s).toEqual([
      { x: 1, y: 1, group: 0, n: 2 },
      { x: 1, y: 1, group: 1, n: 1 },
    ]);
    expect(markRadius(1)).toBe(5);
    expect(markRadius(2)).toBeGreaterThan(5);
    expect(markRadius(10_000)).toBe(14);
  });
});
