#!/usr/bin/env node
// The `medvirk` command: re-run tallies, draws and exports from public formats
// and print JSON. It runs the TypeScript sources through tsx.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", path.join(root, "cli", "index.ts"), ...process.argv.slice(2)],
  {
    stdio: "inherit",
    cwd: process.cwd(),
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
  },
);
process.exit(r.status ?? 1);
