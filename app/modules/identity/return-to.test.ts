import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to.ts";

describe("safeReturnTo", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeReturnTo("/vadso/consultations/1?page=2#c3")).toBe("/vadso/consultations/1?page=2#c3");
    expect(safeReturnTo("/")).toBe("/");
  });

  it.each([
    "/\t/evil.example", // a browser drops the tab: //evil.example (found by the attack run, issue 21)
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "evil.example",
    "\u0000/",
    "",
  ])("refuses %j", (raw) => {
    expect(safeReturnTo(raw)).toBe("/");
  });

  it("refuses what is not a string, and falls back to the given path", () => {
    expect(safeReturnTo(null, "/vadso")).toBe("/vadso");
    expect(safeReturnTo(42)).toBe("/");
    expect(safeReturnTo("/x".repeat(1500))).toBe("/");
  });
});
