import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "#server/app.ts";

// The real process, as `npm start` runs it.
function run(env: Record<string, string>, opts: { untilListening?: boolean } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      HOST: "127.0.0.1",
      PORT: "0",
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = opts.untilListening
    ? new Promise<string>((resolve, reject) => {
        child.stdout.on("data", () => {
          const m = /Medvirk is listening on (http:\/\/[^"\s]+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
      })
    : null;
  return { child, exited, listening, out: () => ({ stdout, stderr }) };
}

describe("boot", () => {
  it("exits at boot with one clear line when DATABASE_URL is unreachable", async () => {
    const p = run({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(await p.exited).toBe(1);
    const lines = p.out().stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^medvirk: cannot start \(DATABASE_URL 127\.0\.0\.1:1\): ECONNREFUSED/);
  });

  it("exits with one line naming the variable when DATABASE_URL is malformed", async () => {
    const p = run({ DATABASE_URL: "mysql://root@localhost/db" });
    expect(await p.exited).toBe(1);
    expect(p.out().stderr.trim()).toMatch(
      /^medvirk: invalid environment variable DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL with a host$/,
    );
  });

  it("starts on the embedded database kept on disk, and shuts down gracefully on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-boot-"));
    try {
      const p = run({ MEDVIRK_DATA_DIR: dir }, { untilListening: true });
      const url = await p.listening!;
      const home = await fetch(`${url}/vadso`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Utvalg for plan, miljø og teknikk");
      p.child.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      expect(p.out().stdout).toContain('"msg":"stopped"');
      // the data survived on disk: a second start finds it (and seeds nothing new)
      const again = run({ MEDVIRK_DATA_DIR: dir }, { untilListening: true });
      const url2 = await again.listening!;
      expect((await fetch(`${url2}/readyz`)).status).toBe(200);
      again.child.kill("SIGTERM");
      expect(await again.exited).toBe(0);
      expect(path.join(dir, "pglite")).toBeTruthy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
