import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";

// Builds one migrated template database per run; each test file then gets a
// fresh copy (PGlite: loadDataDir from a dump; PostgreSQL: CREATE DATABASE …
// TEMPLATE), the "copy base.db" idea of the Epic Stack applied to Postgres.
export type TestDbInfo =
  { driver: "pglite"; dump: string } | { driver: "postgres"; adminUrl: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

export function testDriver(): "pglite" | "postgres" {
  const d = process.env.MEDVIRK_TEST_DRIVER ?? (process.env.DATABASE_URL ? "postgres" : "pglite");
  if (d !== "pglite" && d !== "postgres") throw new Error(`MEDVIRK_TEST_DRIVER must be pglite or postgres, not ${d}`);
  return d;
}

export default async function setup(project: TestProject) {
  const driver = testDriver();
  if (driver === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create();
    const h = await openDb({ pglite: pg });
    await migrate(h);
    const dir = path.resolve("tmp");
    mkdirSync(dir, { recursive: true });
    const dump = path.join(dir, `pglite-template-${process.pid}.tar.gz`);
    const blob = await pg.dumpDataDir("gzip");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(dump, Buffer.from(await blob.arrayBuffer()));
    await pg.close();
    project.provide("testDb", { driver, dump });
    return () => rmSync(dump, { force: true });
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("MEDVIRK_TEST_DRIVER=postgres needs DATABASE_URL");
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const template = `medvirk_tpl_${process.pid}`;
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  const h = await openDb({ url: withDatabase(adminUrl, template) });
  await migrate(h);
  await h.close();
  project.provide("testDb", { driver, adminUrl, template });
  return async () => {
    const dbs = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`medvirk_t%_${process.pid}%`} or datname = ${template}`;
    for (const { datname } of dbs) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
