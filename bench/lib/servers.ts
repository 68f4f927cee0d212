import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = process.env.MEDVIRK_DATA_DIR ?? path.resolve(ROOT, "../shared/data");

export interface Spawned {
  url: string;
  stop(): Promise<void>;
}

function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out.slice(-2000)}`)));
  });
}

function stopper(child: ChildProcess, cleanup?: () => void) {
  return () =>
    new Promise<void>((resolve) => {
      child.once("exit", () => {
        cleanup?.();
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/** The real Medvirk server (production build) in its own process. */
export async function spawnMedvirk(env: Record<string, string> = {}): Promise<Spawned> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-bench-"));
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROF_DIR}`] : []),
      "--import",
      "tsx",
      "server/index.ts",
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        MEDVIRK_PAGE_CACHE: "0",
        HOST: "127.0.0.1",
        PORT: "0",
        MEDVIRK_DATA_DIR: dir,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // LOG_LEVEL=warn hides the "listening" line; ask the kernel instead.
  child.stdout!.resume();
  const url = await new Promise<string>((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      const port = await findPort(child.pid!);
      if (port) return resolve(`http://127.0.0.1:${port}`);
      if (Date.now() - started > 120_000) return reject(new Error("server did not start"));
      setTimeout(poll, 300);
    };
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    void poll();
  });
  // wait until it answers
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })) };
}

async function findPort(pid: number): Promise<number | null> {
  const { readFile, readdir, readlink } = await import("node:fs/promises");
  try {
    const inodes = new Set<string>();
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      const l = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const m = /^socket:\[(\d+)\]$/.exec(l);
      if (m) inodes.add(m[1]!);
    }
    for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      const lines = (await readFile(file, "utf8")).split("\n").slice(1);
      for (const line of lines) {
        const cols = line.trim().split(/\s+/);
        if (cols[3] === "0A" && inodes.has(cols[9]!)) return parseInt(cols[1]!.split(":")[1]!, 16);
      }
    }
  } catch {
    /* process not ready */
  }
  return null;
}

/** The floor: a raw node:http server answering a small HTML page, in its own process. */
export async function spawnRawNode(): Promise<Spawned> {
  const code = `
    const http = require("node:http");
    const body = Buffer.from("<!doctype html><html lang=nb><title>x</title><h1>Hei</h1></html>");
    const s = http.createServer((req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length }); res.end(body); });
    s.listen(0, "127.0.0.1", () => console.log("listening " + s.address().port));
    process.on("SIGTERM", () => s.close(() => process.exit(0)));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "pipe"] });
  const port = await waitFor(child, /listening (\d+)/);
  return { url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}
