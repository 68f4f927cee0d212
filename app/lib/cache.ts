import type { EventBus } from "./bus.ts";

/**
 * A small read cache for public per-tenant data (the municipality home, the
 * landing page's process counts). Entries are dropped when any domain event
 * for their tenant is published (commands publish after commit), and expire
 * after `ttlMs` as a safety net for writes made by other processes. Loads in
 * flight are shared, so a burst of requests costs one query.
 */
export class ReadCache {
  private entries = new Map<string, { tenantId: string; expires: number; value: Promise<unknown> }>();

  constructor(private readonly opts: { ttlMs: number; maxEntries: number; now?: () => number }) {}

  private now() {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  async get<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    const k = `${tenantId}\u0000${key}`;
    const hit = this.entries.get(k);
    const now = this.now();
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    if (this.entries.size >= this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    this.entries.set(k, { tenantId, expires: now + this.opts.ttlMs, value });
    value.catch(() => this.entries.delete(k)); // never cache a failure
    return value;
  }

  /** Drops every entry of one tenant; `*` entries (cross-tenant) always go too. */
  invalidate(tenantId: string): void {
    for (const [k, e] of this.entries) if (e.tenantId === tenantId || e.tenantId === "*") this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Invalidate on every domain event of a tenant. */
  attach(bus: EventBus): () => void {
    return bus.subscribe((e) => this.invalidate(e.tenantId));
  }
}
