import { createHash, createHmac } from "node:crypto";
import { STORAGE_KEY, type FileStorage } from "./storage.ts";

// Files in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage,
// the Norwegian clouds' S3 endpoints), chosen by MEDVIRK_S3_URL
// (app/lib/storage-env.server.ts). Four calls (PUT, GET, HEAD, DELETE on one
// object) signed with AWS Signature Version 4 using node:crypto, so no SDK
// is needed (docs/decisions/019-s3-compatible-file-storage.md). A PUT is a
// single request: the store makes the object visible whole or not at all.

export interface S3Config {
  /** The service endpoint, e.g. https://s3.eu-north-1.amazonaws.com or http://minio:9000. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (endpoint/bucket/key), which MinIO and most non-AWS stores want; else virtual-hosted (bucket.endpoint/key). */
  pathStyle: boolean;
}

const hex = (b: Buffer) => b.toString("hex");
const sha256Hex = (data: string | Uint8Array) => hex(createHash("sha256").update(data).digest());
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (each path segment; "/" kept). */
const encodeSegment = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SignInput {
  method: string;
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-content-sha256 (lower-case names). */
  headers?: Record<string, string>;
  payloadHash: string;
  now: Date;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  service?: string;
}

/** AWS Signature Version 4: the headers to send, Authorization included. Pure, so it is checked against AWS's published example. */
export function signV4(i: SignInput): Record<string, string> {
  const service = i.service ?? "s3";
  const amzDate = i.now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...i.headers,
    host: i.url.host,
    "x-amz-content-sha256": i.payloadHash,
    "x-amz-date": amzDate,
  };
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((n) => `${n}:${String(lower[n]).trim().replace(/\s+/g, " ")}\n`).join("");
  const signedHeaders = names.join(";");
  const query = [...i.url.searchParams.entries()]
    .map(([k, v]) => [encodeSegment(k), encodeSegment(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const path =
    i.url.pathname
      .split("/")
      .map((s) => encodeSegment(decodeURIComponent(s)))
      .join("/") || "/";
  const canonicalRequest = [i.method, path, query, canonicalHeaders, signedHeaders, i.payloadHash].join("\n");
  const scope = `${day}/${i.region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${i.secretAccessKey}`, day), i.region), service), "aws4_request");
  const signature = hex(createHmac("sha256", key).update(stringToSign).digest());
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${i.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

export class S3Error extends Error {
  constructor(
    readonly op: string,
    readonly status: number,
  ) {
    super(`S3 ${op} failed with HTTP ${status}`);
  }
}

export class S3Storage implements FileStorage {
  constructor(
    readonly config: S3Config,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private urlOf(key: string): URL {
    if (!STORAGE_KEY.test(key)) throw new Error("invalid storage key");
    const base = new URL(this.config.endpoint);
    const prefix = base.pathname.replace(/\/+$/, "");
    if (this.config.pathStyle) return new URL(`${base.origin}${prefix}/${encodeSegment(this.config.bucket)}/${key}`);
    return new URL(`${base.protocol}//${this.config.bucket}.${base.host}${prefix}/${key}`);
  }

  private async call(method: "PUT" | "GET" | "HEAD" | "DELETE", key: string, body?: Uint8Array): Promise<Response> {
    const url = this.urlOf(key);
    const headers = signV4({
      method,
      url,
      headers: body ? { "content-type": "application/octet-stream" } : {},
      payloadHash: sha256Hex(body ?? new Uint8Array()),
      now: this.now(),
      region: this.config.region,
      accessKeyId: this.config.accessKeyId,
      secretAccessKey: this.config.secretAccessKey,
    });
    delete headers.host; // fetch sets it (the same value)
    return fetch(url, { method, headers, body: body as Uint8Array<ArrayBuffer> | undefined, redirect: "error" });
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const r = await this.call("PUT", key, bytes);
    await r.arrayBuffer().catch(() => undefined);
    if (!r.ok) throw new S3Error("put", r.status);
  }

  async get(key: string): Promise<Uint8Array | null> {
    const r = await this.call("GET", key);
    if (r.status === 404) {
      await r.arrayBuffer().catch(() => undefined);
      return null;
    }
    if (!r.ok) throw new S3Error("get", r.status);
    return new Uint8Array(await r.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const r = await this.call("DELETE", key);
    await r.arrayBuffer().catch(() => undefined);
    if (!r.ok && r.status !== 404) throw new S3Error("delete", r.status);
  }

  async exists(key: string): Promise<boolean> {
    const r = await this.call("HEAD", key);
    if (r.status === 404) return false;
    if (!r.ok) throw new S3Error("head", r.status);
    return true;
  }
}
