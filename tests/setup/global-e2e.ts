import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { CHROMIUM } from "./browser.ts";
import setupDb from "./global-db.ts";

// Browser tests need Debian's Chromium (.ci/run installs it) and the
// production build (npm test builds it first).
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  if (!existsSync("build/server/index.js")) throw new Error('no production build: run "npm run build" first');
  return setupDb(project);
}
