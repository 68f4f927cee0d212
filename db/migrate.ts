import { fileURLToPath } from "node:url";
import type { DbHandle } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

// Applies the committed drizzle-kit migrations; the same files on both drivers.
export async function migrate(h: DbHandle): Promise<void> {
  if (h.driver === "postgres") {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    // postgres.js prints NOTICEs ("schema already exists") to the console otherwise
    await migrate(h.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(h.db as never, { migrationsFolder });
  }
}
