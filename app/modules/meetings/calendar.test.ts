import { describe, expect, it } from "vitest";
import { addMonths, monthGrid, monthRange, osloDay, osloMidnight, parseMonth } from "./calendar.ts";

describe("Oslo calendar arithmetic", () => {
  it("finds midnight in winter (UTC+1) and summer (UTC+2) time", () => {
    expect(osloMidnight(2026, 1, 15).toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(osloMidnight(2026, 7, 15).toISOString()).toBe("2026-07-14T22:00:00.000Z");
    // the day of the spring switch (29 March 2026) starts in winter time
    expect(osloMidnight(2026, 3, 29).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(osloMidnight(2026, 13, 1).toISOString()).toBe("2026-12-31T23:00:00.000Z");
  });

  it("dates an instant on the Oslo wall clock", () => {
    expect(osloDay(new Date("2026-11-30T23:30:00Z"))).toBe("2026-12-01");
    expect(osloDay(new Date("2026-06-30T21:59:00Z"))).toBe("2026-06-30");
  });

  it("parses months strictly and steps across years", () => {
    expect(parseMonth("2026-12")).toEqual({ year: 2026, month: 12 });
    for (const bad of ["2026-13", "2026-1", "x", "", null, "2026-00"]) expect(parseMonth(bad)).toBeNull();
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    const r = monthRange({ year: 2026, month: 12 });
    expect([r.from.toISOString(), r.to.toISOString()]).toEqual([
      "2026-11-30T23:00:00.000Z",
      "2026-12-31T23:00:00.000Z",
    ]);
  });

  it("lays a month out in Monday-first weeks", () => {
    const g = monthGrid({ year: 2026, month: 12 }); // 1 December 2026 is a Tuesday
    expect(g[0]).toEqual([null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(g.every((w) => w.length === 7)).toBe(true);
    expect(g.flat().filter(Boolean)).toHaveLength(31);
  });
});

describe("datetime-local values in Oslo time", () => {
  it("round-trips winter and summer times and rejects nonsense", async () => {
    const { parseOsloLocal, toOsloLocal } = await import("./calendar.ts");
    expect(parseOsloLocal("2026-12-03T17:00")!.toISOString()).toBe("2026-12-03T16:00:00.000Z");
    expect(parseOsloLocal("2026-06-03T17:30")!.toISOString()).toBe("2026-06-03T15:30:00.000Z");
    expect(parseOsloLocal("2026-03-29T12:00")!.toISOString()).toBe("2026-03-29T10:00:00.000Z"); // after the spring switch
    expect(parseOsloLocal("2026-10-25T12:00")!.toISOString()).toBe("2026-10-25T11:00:00.000Z"); // after the autumn switch
    expect(toOsloLocal(new Date("2026-12-03T16:00:00Z"))).toBe("2026-12-03T17:00");
    for (const bad of ["", "2026-02-31T10:00", "2026-12-03 17:00", "2026-12-03T25:00", "x", null])
      expect(parseOsloLocal(bad)).toBeNull();
  });
});
