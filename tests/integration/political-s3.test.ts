import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Storage, signV4 } from "#app/lib/storage-s3.server.ts";
import { createCase, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { makePdf } from "./political-fixtures.ts";
import { politicalWorld } from "./political-setup.ts";

// Case documents in an S3-compatible bucket (MEDVIRK_S3_URL): the real
// S3Storage client against a local stand-in for the object store's HTTP API
// (path-style PUT/GET/HEAD/DELETE), which checks every request's Signature
// Version 4 and payload hash the way the store does. The signing itself is
// checked against AWS's published examples in app/lib/storage-s3.server.test.ts.
const SECRET = "test-secret-key";
const objects = new Map<string, Buffer>();
const seen: string[] = [];
let failPuts = false;
let store: http.Server;
let endpoint = "";

function fakeS3(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const auth = String(req.headers.authorization ?? "");
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    const hash = createHash("sha256").update(body).digest("hex");
    if (!m || m[1] !== "medvirk" || req.headers["x-amz-content-sha256"] !== hash)
      return void res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
    const signed = Object.fromEntries(
      m[4]!
        .split(";")
        .filter((h) => !["host", "x-amz-date", "x-amz-content-sha256"].includes(h))
        .map((h) => [h, String(req.headers[h])]),
    );
    const xd = String(req.headers["x-amz-date"]);
    const now = new Date(
      `${xd.slice(0, 4)}-${xd.slice(4, 6)}-${xd.slice(6, 8)}T${xd.slice(9, 11)}:${xd.slice(11, 13)}:${xd.slice(13, 15)}Z`,
    );
    const expected = signV4({
      method: req.method!,
      url,
      headers: signed,
      payloadHash: hash,
      now,
      region: m[3]!,
      accessKeyId: "medvirk",
      secretAccessKey: SECRET,
    }).authorization;
    if (expected !== auth) return void res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
    seen.push(`${req.method} ${url.pathname}`);
    const key = url.pathname;
    if (!key.startsWith("/medvirk-files/"))
      return void res.writeHead(404).end("<Error><Code>NoSuchBucket</Code></Error>");
    if (req.method === "PUT") {
      if (failPuts) return void res.writeHead(503).end("<Error><Code>SlowDown</Code></Error>");
      objects.set(key, body);
      return void res.writeHead(200).end();
    }
    const obj = objects.get(key);
    if (req.method === "DELETE") return void (objects.delete(key), res.writeHead(204).end());
    if (!obj)
      return void res.writeHead(404).end(req.method === "HEAD" ? undefined : "<Error><Code>NoSuchKey</Code></Error>");
    res.writeHead(200, { "content-length": obj.length });
    res.end(req.method === "HEAD" ? undefined : obj);
  });
}

let w: Awaited<ReturnType<typeof politicalWorld>>;
let s3: S3Storage;
beforeAll(async () => {
  store = http.createServer(fakeS3);
  await new Promise<void>((r) => store.listen(0, "127.0.0.1", () => r()));
  endpoint = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  w = await politicalWorld();
  s3 = new S3Storage({
    endpoint,
    bucket: "medvirk-files",
    region: "eu-north-1",
    accessKeyId: "medvirk",
    secretAccessKey: SECRET,
    pathStyle: true,
  });
  w.deps.files = s3;
});
afterAll(async () => {
  await w?.dispose();
  await new Promise<void>((r) => store.close(() => r()));
});

describe("S3-compatible file storage", () => {
  it("stores, reads, tells and deletes objects with signed requests; a wrong secret is refused", async () => {
    const key = "t1/00000000-0000-4000-8000-000000000001";
    expect(await s3.exists(key)).toBe(false);
    expect(await s3.get(key)).toBeNull();
    await s3.put(key, new Uint8Array([1, 2, 3]));
    expect(await s3.exists(key)).toBe(true);
    expect([...(await s3.get(key))!]).toEqual([1, 2, 3]);
    await s3.delete(key);
    expect(await s3.exists(key)).toBe(false);
    await s3.delete(key); // deleting what is gone is fine
    await expect(s3.get("../etc/passwd")).rejects.toThrow("invalid storage key");
    const wrong = new S3Storage({ ...s3.config, secretAccessKey: "not-the-secret" });
    await expect(wrong.put(key, new Uint8Array([1]))).rejects.toThrow("S3 put failed with HTTP 403");
  });

  it("a case document goes to the bucket and is found by its PDF text; a failing store leaves no row", async () => {
    const c = await createCase(w.deps, w.admin, {
      tenantId: w.vadso,
      year: 2026,
      title: { nb: "Havneplan for Vadsø" },
    });
    if (!c.ok) throw new Error(JSON.stringify(c.error));
    const pdf = makePdf(["Moloen forlenges mot øst"]);
    const d = await uploadDocument(w.deps, w.admin, {
      tenantId: w.vadso,
      caseId: c.value.id,
      kind: "saksfremlegg",
      title: "Saksfremlegg havneplan",
      fileName: "havn.pdf",
      bytes: pdf,
    });
    if (!d.ok) throw new Error(JSON.stringify(d.error));
    const [row] = await w.h.rows<{ storage_key: string; extraction: string }>(
      sql`select storage_key, extraction from case_documents where id = ${d.value.id}`,
    );
    expect(row!.extraction).toBe("ok");
    expect(objects.has(`/medvirk-files/${row!.storage_key}`)).toBe(true);
    expect(Buffer.from((await w.deps.files.get(row!.storage_key))!).equals(Buffer.from(pdf))).toBe(true);
    expect(w.storedFiles()).toEqual([]); // nothing on local disk

    failPuts = true;
    const before = objects.size;
    await expect(
      uploadDocument(w.deps, w.admin, {
        tenantId: w.vadso,
        caseId: c.value.id,
        kind: "vedlegg",
        title: "Vedlegg",
        fileName: "v.pdf",
        bytes: pdf,
      }),
    ).rejects.toThrow("S3 put failed with HTTP 503");
    failPuts = false;
    expect(objects.size).toBe(before);
    expect(await w.h.rows(sql`select id from case_documents where case_id = ${c.value.id}`)).toHaveLength(1);
    expect(seen.some((s) => s.startsWith("PUT /medvirk-files/"))).toBe(true);
  });
});
