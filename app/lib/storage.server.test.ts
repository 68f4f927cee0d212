import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DiskStorage } from "./storage.server.ts";

const root = mkdtempSync(path.join(os.tmpdir(), "medvirk-files-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("disk file storage", () => {
  const s = new DiskStorage(root);
  it("stores, reads, and deletes by key", async () => {
    await s.put("tenant-1/abc-123", new Uint8Array([1, 2, 3]));
    expect(await s.get("tenant-1/abc-123")).toEqual(new Uint8Array([1, 2, 3]));
    expect(await s.exists("tenant-1/abc-123")).toBe(true);
    await s.delete("tenant-1/abc-123");
    expect(await s.get("tenant-1/abc-123")).toBeNull();
    expect(readdirSync(path.join(root, "tenant-1"))).toEqual([]); // no temporary files left
  });
  it("refuses keys that could leave its folder", async () => {
    for (const k of ["../x/y", "a/../../b", "/etc/passwd", "a", "A/B", "a/b c"])
      await expect(s.put(k, new Uint8Array([1]))).rejects.toThrow(/invalid storage key/);
  });
});
