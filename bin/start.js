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
const sources = Math.max(
  ...["app", "locales", "public", "vite.config.ts", "remix.config.js", "package.json"].map((p) =>
    newest(path.join(root, p)),
  ),
);
if (!existsSync(built) || statSync(built).mtimeMs < sources || process.env.MEDVIRK_REBUILD === "1") {
  console.log("medvirk: building the app …");
  const r = spawnSync(path.join(root, "node_modules/.bin/remix"), ["vite:build", "--logLevel", "warn"], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// The embedded demo (no DATABASE_URL, no SMTP) has nowhere to send sign-in
// codes, so it shows them at /dev/inbox unless MEDVIRK_DEV_INBOX says otherwise.
const embeddedDemo = !process.env.DATABASE_URL && !process.env.SMTP_URL;
const devInbox = process.env.MEDVIRK_DEV_INBOX ?? (embeddedDemo ? "1" : undefined);
if (devInbox === "1")
  console.log("medvirk: sign-in codes and SMS to residents are shown at /dev/inbox (MEDVIRK_DEV_INBOX=0 hides it)");
if (embeddedDemo)
  console.log(
    "medvirk: demo staff for /vadso/admin: sign in as admin@vadso.demo.invalid or sekretaer@vadso.demo.invalid",
  );
const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  stdio: "inherit",
  env: {
    NODE_ENV: "production",
    ...(embeddedDemo ? { MEDVIRK_DEMO_STAFF: "1" } : {}),
    ...process.env,
    ...(devInbox ? { MEDVIRK_DEV_INBOX: devInbox } : {}),
  },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
