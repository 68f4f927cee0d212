import { describe, expect, it } from "vitest";
import { checkGate } from "./gate.ts";

const base = { emailVerifiedAt: null, phoneVerifiedAt: null, eidLevel: null, residentIn: [] as string[] };
describe("checkGate", () => {
  it("lets anyone through an action without a requirement", () => {
    expect(checkGate(null, "t", undefined)).toMatchObject({ ok: true, need: "none" });
  });
  it("asks anonymous people to sign in", () => {
    expect(checkGate(null, "t", "email")).toMatchObject({ ok: false, reason: "signIn" });
  });
  it("PB voting that needs a phone refuses e-mail only, accepts phone, eID and resident", () => {
    expect(checkGate({ ...base, emailVerifiedAt: new Date() }, "t", "phone")).toMatchObject({
      ok: false,
      reason: "level",
      have: "email",
    });
    expect(checkGate({ ...base, phoneVerifiedAt: new Date() }, "t", "phone").ok).toBe(true);
    expect(checkGate({ ...base, eidLevel: "substantial" }, "t", "phone").ok).toBe(true);
    expect(checkGate({ ...base, residentIn: ["t"] }, "t", "eid").ok).toBe(true);
  });
  it("resident-verified counts only in its own municipality", () => {
    expect(checkGate({ ...base, residentIn: ["other"] }, "t", "resident")).toMatchObject({ ok: false, have: "none" });
  });
});
