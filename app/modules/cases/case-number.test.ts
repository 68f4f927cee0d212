import { describe, expect, it } from "vitest";
import { caseSlug, formatCaseNumber, parseCaseNumber } from "./case-number.ts";

describe("case numbers", () => {
  it("formats and parses the Norwegian form", () => {
    expect(formatCaseNumber({ year: 2025, sequence: 1234 })).toBe("2025/1234");
    expect(caseSlug({ year: 2025, sequence: 1234 })).toBe("2025-1234");
    expect(parseCaseNumber("2025/1234")).toEqual({ year: 2025, sequence: 1234 });
    expect(parseCaseNumber("2025-1234")).toEqual({ year: 2025, sequence: 1234 });
    expect(parseCaseNumber(" 25/7 ")).toEqual({ year: 2025, sequence: 7 });
  });
  it("rejects anything else", () => {
    for (const bad of ["", "2025", "2025/", "2025/0", "abc/12", "2025/12/3", "99999/1", "1850/3"])
      expect(parseCaseNumber(bad)).toBeNull();
  });
});
