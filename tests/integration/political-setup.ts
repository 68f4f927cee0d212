import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DomainEvent } from "#app/lib/bus.ts";
import { DiskStorage } from "#app/lib/storage.server.ts";
import type { PoliticalDeps } from "#app/modules/meetings/deps.ts";
import type { Actor } from "#app/modules/meetings/permissions.ts";
import { seedMunicipalities } from "#server/seed.ts";
import { freshDb } from "#tests/setup/db.ts";
import { sql } from "drizzle-orm";

// Shared set-up for the political integration tests: a fresh database with the
// municipalities, real disk storage in a temporary folder, a recording bus.
export async function politicalWorld() {
  const h = await freshDb();
  await seedMunicipalities(h);
  const ids = await h.rows<{ id: string; number: string }>(
    sql`select id, number from municipalities where number in ('5607', '0301')`,
  );
  const vadso = ids.find((r) => r.number === "5607")!.id;
  const oslo = ids.find((r) => r.number === "0301")!.id;
  const root = mkdtempSync(path.join(os.tmpdir(), "medvirk-political-"));
  const events: DomainEvent[] = [];
  const warnings: unknown[] = [];
  let clock = new Date("2026-11-20T10:00:00Z");
  const deps: PoliticalDeps = {
    db: h,
    now: () => clock,
    files: new DiskStorage(root),
    log: { info() {}, debug() {}, error() {}, warn: (o) => void warnings.push(o) },
    bus: { publish: (e) => void events.push(e), subscribe: () => () => {} },
    env: { MEDVIRK_MAX_UPLOAD_MB: 1 },
  };
  const admin: Actor = { id: "admin", memberships: [{ tenantId: vadso, role: "admin" }] };
  const secretary: Actor = { id: "sec", memberships: [{ tenantId: vadso, role: "secretary" }] };
  const osloAdmin: Actor = { id: "oslo", memberships: [{ tenantId: oslo, role: "admin" }] };
  return {
    h,
    deps,
    vadso,
    oslo,
    admin,
    secretary,
    osloAdmin,
    events,
    warnings,
    setClock: (d: Date) => void (clock = d),
    /** Every file under the storage root (to prove nothing is left half-way). */
    storedFiles: () => walk(root),
    dispose: async () => {
      await h.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
