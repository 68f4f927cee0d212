#!/usr/bin/env node
// `npm start`: build the app when the build is missing or older than the
// sources, then run the server (embedded PGlite with the demo municipality
// unless DATABASE_URL is set). Signals are passed on for a graceful stop.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}
const built = path.join(root, "build/server/index.js");
const sources = Math.max(...["app", "locales", "public", "vite.config.ts", "remix.config.js", "package.json"].map((p) => newest(path.join(root, p))));
if (!existsSync(built) || statSync(built).mtimeMs < sources || process.env.MEDVIRK_REBUILD === "1") {
  console.log("medvirk: building the app …");
  const r = spawnSync(path.join(root, "node_modules/.bin/remix"), ["vite:build", "--logLevel", "warn"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
