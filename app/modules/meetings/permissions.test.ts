import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions.ts";

const T = "tenant-a";
const PLAN = "body-plan";
const KS = "body-ks";
const actor = (memberships: Actor["memberships"], platformAdmin = false): Actor => ({
  id: "u",
  memberships,
  platformAdmin,
});

describe("political permissions", () => {
  it("refuses anonymous actors and residents", () => {
    expect(can(null, "manage:meeting:body", { tenantId: T, bodyId: PLAN })).toBe(false);
    expect(can(actor([]), "manage:case:tenant", { tenantId: T })).toBe(false);
    expect(can(actor([{ tenantId: T, role: "moderator" }]), "manage:meeting:body", { tenantId: T, bodyId: PLAN })).toBe(
      false,
    );
  });
  it("lets a body's secretary manage that body's meetings only", () => {
    const a = actor([{ tenantId: T, bodyId: PLAN, role: "secretary" }]);
    expect(can(a, "manage:meeting:body", { tenantId: T, bodyId: PLAN })).toBe(true);
    expect(can(a, "manage:meeting:body", { tenantId: T, bodyId: KS })).toBe(false);
    expect(can(a, "manage:body:tenant", { tenantId: T })).toBe(false);
    expect(can(a, "manage:case:tenant", { tenantId: T })).toBe(true);
  });
  it("lets a tenant-wide secretary manage every body's meetings, and an admin everything, in their own municipality", () => {
    const s = actor([{ tenantId: T, role: "secretary" }]);
    expect(can(s, "manage:meeting:body", { tenantId: T, bodyId: KS })).toBe(true);
    expect(can(s, "manage:meeting:body", { tenantId: "other", bodyId: KS })).toBe(false);
    const admin = actor([{ tenantId: T, role: "admin" }]);
    expect(can(admin, "manage:body:tenant", { tenantId: T })).toBe(true);
    expect(can(admin, "manage:body:tenant", { tenantId: "other" })).toBe(false);
  });
  it("lets a platform admin do anything", () => {
    expect(can(actor([], true), "manage:body:tenant", { tenantId: "any" })).toBe(true);
  });
});
