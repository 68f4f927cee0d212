import { describe, expect, it } from "vitest";
import { anchorOf, parseArea, parseGeoTag, pointInArea, type Area } from "./geo.ts";

const square: Area = {
  type: "Polygon",
  coordinates: [
    [
      [29.0, 70.0],
      [29.5, 70.0],
      [29.5, 70.2],
      [29.0, 70.2],
      [29.0, 70.0],
    ],
    [
      [29.2, 70.08],
      [29.3, 70.08],
      [29.3, 70.12],
      [29.2, 70.12],
      [29.2, 70.08],
    ],
  ],
};

describe("GeoJSON areas", () => {
  it("accepts a Polygon, a MultiPolygon, a Feature and a JSON string", () => {
    expect(parseArea(square)).toEqual({ ok: true, value: square });
    expect(parseArea({ type: "Feature", properties: {}, geometry: square }).ok).toBe(true);
    expect(
      parseArea(JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", geometry: square }] })).ok,
    ).toBe(true);
    expect(parseArea({ type: "MultiPolygon", coordinates: [square.coordinates] }).ok).toBe(true);
  });
  it("rejects what is not a valid polygon, with a reason", () => {
    expect(parseArea("{not json")).toEqual({ ok: false, error: "geo.notGeoJson" });
    expect(parseArea({ type: "Point", coordinates: [29, 70] })).toEqual({ ok: false, error: "geo.notPolygon" });
    expect(
      parseArea({
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [29, 70],
          ],
        ],
      }),
    ).toEqual({ ok: false, error: "geo.ringTooShort" });
    expect(
      parseArea({
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [30, 71],
            [29, 71],
          ],
        ],
      }),
    ).toEqual({ ok: false, error: "geo.ringNotClosed" });
    expect(
      parseArea({
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [300, 70],
            [30, 71],
            [29, 70],
          ],
        ],
      }),
    ).toEqual({ ok: false, error: "geo.badPosition" });
    expect(parseArea({ type: "Polygon", coordinates: [] })).toEqual({ ok: false, error: "geo.noRings" });
    expect(parseArea(null).ok).toBe(false);
  });
  it("tells whether a point is inside, honouring holes", () => {
    expect(pointInArea([29.1, 70.1], square)).toBe(true);
    expect(pointInArea([29.25, 70.1], square)).toBe(false); // in the hole
    expect(pointInArea([28.9, 70.1], square)).toBe(false);
  });
  it("parses case tags: points and areas", () => {
    expect(parseGeoTag({ type: "Point", coordinates: [29.74, 70.07] })).toEqual({
      ok: true,
      value: { type: "Point", coordinates: [29.74, 70.07] },
    });
    expect(parseGeoTag({ type: "Point", coordinates: [29.74] }).ok).toBe(false);
    expect(anchorOf({ type: "Polygon", coordinates: [square.coordinates[0]!] })).toEqual([29.25, 70.1]);
  });
});
