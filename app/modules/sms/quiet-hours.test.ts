import { describe, expect, it } from "vitest";
import { inQuietHours, nextAllowedSendTime } from "./quiet-hours.ts";

describe("quiet hours (21:00–08:00 Europe/Oslo)", () => {
  it("knows when it is quiet, in winter and in summer time", () => {
    expect(inQuietHours(new Date("2026-11-22T19:59:00Z"))).toBe(false); // 20:59 CET
    expect(inQuietHours(new Date("2026-11-22T20:00:00Z"))).toBe(true); // 21:00 CET
    expect(inQuietHours(new Date("2026-11-23T06:59:00Z"))).toBe(true); // 07:59 CET
    expect(inQuietHours(new Date("2026-11-23T07:00:00Z"))).toBe(false); // 08:00 CET
    expect(inQuietHours(new Date("2026-06-01T18:30:00Z"))).toBe(false); // 20:30 CEST
    expect(inQuietHours(new Date("2026-06-01T19:00:00Z"))).toBe(true); // 21:00 CEST
  });
  it("moves a quiet-hours send to 08:00 local", () => {
    expect(nextAllowedSendTime(new Date("2026-11-22T22:13:20Z")).toISOString()).toBe("2026-11-23T07:00:00.000Z");
    expect(nextAllowedSendTime(new Date("2026-11-23T02:00:00Z")).toISOString()).toBe("2026-11-23T07:00:00.000Z");
    expect(nextAllowedSendTime(new Date("2026-06-01T21:00:00Z")).toISOString()).toBe("2026-06-02T06:00:00.000Z");
    const day = new Date("2026-11-23T10:00:00Z");
    expect(nextAllowedSendTime(day)).toBe(day);
  });
});
