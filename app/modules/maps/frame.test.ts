import { describe, expect, it } from "vitest";
import { areaPath } from "#app/modules/bodies/area-svg.ts";
import { mapFrame, project } from "./frame.ts";

const AREA = {
  type: "Polygon" as const,
  coordinates: [
    [
      [29.6, 70.0],
      [29.9, 70.0],
      [29.9, 70.2],
      [29.6, 70.2],
      [29.6, 70.0],
    ],
  ] as [number, number][][],
};

describe("the offline map's projection", () => {
  it("draws the same outline as the area pages and puts the corners on the padding", () => {
    const f = mapFrame(AREA, 400, 10);
    expect(f.d).toBe(areaPath(AREA, 400, 10).d);
    const [x, y] = project(f, 29.6, 70.2);
    expect(x).toBeCloseTo(10, 6);
    expect(y).toBeCloseTo(10, 6);
    expect(project(f, 29.9, 70.0)[0]).toBeCloseTo(390, 6);
  });
});
