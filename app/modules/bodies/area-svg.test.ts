import { describe, expect, it } from "vitest";
import { areaPath } from "./area-svg.ts";

describe("areaPath", () => {
  it("draws a closed path inside the box, north up, with holes as their own rings", () => {
    const r = areaPath(
      {
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [30, 71],
            [29, 71],
            [29, 70],
          ],
          [
            [29.4, 70.4],
            [29.6, 70.4],
            [29.6, 70.6],
            [29.4, 70.4],
          ],
        ],
      },
      400,
      10,
    );
    expect(r.width).toBe(400);
    expect(r.d.match(/M/g)).toHaveLength(2);
    expect(r.d.match(/Z/g)).toHaveLength(2);
    const nums = [...r.d.matchAll(/-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
    expect(Math.min(...nums)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...nums)).toBeLessThanOrEqual(Math.max(390, r.height - 10));
    // At 70.5°N one degree of longitude is about a third of a degree of latitude: the box is tall.
    expect(r.height).toBeGreaterThan(r.width * 2);
    expect(r.d.startsWith("M10 ")).toBe(true); // (29°E, 70°N) is the south-west corner: left, bottom
  });
});
