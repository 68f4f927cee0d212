import { describe, expect, it } from "vitest";
import { ReadCache } from "./cache.ts";
import type { DomainEvent, EventBus } from "./bus.ts";

function bus(): EventBus {
  const ls = new Set<(e: DomainEvent) => void>();
  return { publish: (e) => ls.forEach((l) => l(e)), subscribe: (l) => (ls.add(l), () => ls.delete(l)) };
}

describe("read cache", () => {
  it("loads once, shares loads in flight, and expires after the TTL", async () => {
    let t = 0;
    const c = new ReadCache({ ttlMs: 1000, maxEntries: 10, now: () => t });
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([c.get("a", "home", load), c.get("a", "home", load)])).toEqual([1, 1]);
    t = 999;
    expect(await c.get("a", "home", load)).toBe(1);
    t = 1000;
    expect(await c.get("a", "home", load)).toBe(2);
  });
  it("drops a tenant's entries (and cross-tenant ones) on that tenant's events only", async () => {
    const b = bus();
    const c = new ReadCache({ ttlMs: 60_000, maxEntries: 10 });
    c.attach(b);
    let n = 0;
    await c.get("a", "home", async () => ++n);
    await c.get("b", "home", async () => ++n);
    await c.get("*", "counts", async () => ++n);
    b.publish({ type: "meetings.meeting.created", tenantId: "a" });
    expect(await c.get("a", "home", async () => ++n)).toBe(4);
    expect(await c.get("b", "home", async () => ++n)).toBe(2);
    expect(await c.get("*", "counts", async () => ++n)).toBe(5);
  });
  it("never caches a failed load and stays within its size", async () => {
    const c = new ReadCache({ ttlMs: 60_000, maxEntries: 2 });
    await expect(c.get("a", "x", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    await new Promise((r) => setTimeout(r, 0));
    expect(await c.get("a", "x", async () => "ok")).toBe("ok");
    await c.get("b", "x", async () => 1);
    await c.get("c", "x", async () => 1);
    let reloaded = false;
    await c.get("a", "x", async () => ((reloaded = true), "again"));
    expect(reloaded).toBe(true);
  });
});
