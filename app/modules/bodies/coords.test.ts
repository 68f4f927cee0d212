import { describe, expect, it } from "vitest";
import { parseAreaText, parseLatLon, parseTagText, toCoordinateText } from "./coords.ts";

describe("coordinates as typed or drawn", () => {
  it("reads latitude, longitude in the forms map services copy", () => {
    expect(parseLatLon("70.0736, 29.7486")).toEqual([70.0736, 29.7486]);
    expect(parseLatLon(" 70,0736 29,7486 ")).toEqual([70.0736, 29.7486]);
    expect(parseLatLon("70.0736; 29.7486")).toEqual([70.0736, 29.7486]);
    expect(parseLatLon("70,0736; 29,7486")).toEqual([70.0736, 29.7486]);
    expect(parseLatLon("95, 10")).toBeNull();
    expect(parseLatLon("Vadsø")).toBeNull();
  });

  it("one line is a point, three or more an area with the ring closed; GeoJSON still works; empty is none", () => {
    expect(parseTagText("70.07, 29.74")).toEqual({ ok: true, value: { type: "Point", coordinates: [29.74, 70.07] } });
    const a = parseTagText("70.0, 29.0\n70.0, 30.0\n\n70.5, 29.5\n");
    expect(a).toEqual({
      ok: true,
      value: {
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [29.5, 70.5],
            [29, 70],
          ],
        ],
      },
    });
    expect(parseAreaText('{"type":"Polygon","coordinates":[[[29,70],[30,70],[29.5,70.5],[29,70]]]}')).toEqual(a);
    expect(parseTagText("   ")).toEqual({ ok: true, value: null });
  });

  it("says which line is wrong, and refuses too few points for an area", () => {
    expect(parseAreaText("70.0, 29.0\n70.0, 30.0\nnord for kirka")).toEqual({
      ok: false,
      error: "geo.badLine",
      line: 3,
    });
    expect(parseAreaText("70.0, 29.0")).toEqual({ ok: false, error: "geo.tooFewPoints" });
    expect(parseAreaText("70.0, 29.0\n70.0, 29.0\n70.1, 29.0")).toEqual({ ok: false, error: "geo.tooFewPoints" });
    expect(parseAreaText("{ nonsense")).toEqual({ ok: false, error: "geo.notGeoJson" });
  });

  it("writes points and simple areas back as lines", () => {
    expect(toCoordinateText({ type: "Point", coordinates: [29.7486, 70.0736] })).toBe("70.0736, 29.7486");
    expect(
      toCoordinateText({
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [29.5, 70.5],
            [29, 70],
          ],
        ],
      }),
    ).toBe("70, 29\n70, 30\n70.5, 29.5");
    expect(toCoordinateText(null)).toBe("");
  });
});
