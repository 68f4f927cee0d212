import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "#app/lib/env.ts";

// Keys for sessions, CSRF tokens, sign-in codes and pid hashes, all derived
// (HKDF-SHA256) from one installation secret: MEDVIRK_SECRET, or, on the
// embedded default, a random secret generated once and kept in
// MEDVIRK_DATA_DIR/secret (mode 0600). docs/decisions/010-sessions-and-csrf.md.
export type KeyPurpose =
  "csrf" | "code" | "pid" | "stash" | "smsPhone" | "smsPhoneHash" | "apiToken" | "auditCheckpoint";

const cache = new WeakMap<Env, { secret: Buffer; keys: Map<KeyPurpose, Buffer> }>();

function loadSecret(env: Env): Buffer {
  if (env.MEDVIRK_SECRET) return Buffer.from(env.MEDVIRK_SECRET, "utf8");
  const file = path.resolve(env.MEDVIRK_DATA_DIR, "secret");
  if (existsSync(file)) {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 32) return Buffer.from(s, "utf8");
  }
  const s = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, s + "\n", { mode: 0o600 });
  return Buffer.from(s, "utf8");
}

export function keyFor(env: Env, purpose: KeyPurpose): Buffer {
  let entry = cache.get(env);
  if (!entry) {
    entry = { secret: loadSecret(env), keys: new Map() };
    cache.set(env, entry);
  }
  let k = entry.keys.get(purpose);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", entry.secret, "medvirk", `medvirk/${purpose}/v1`, 32));
    entry.keys.set(purpose, k);
  }
  return k;
}

/** Keyed hash (HMAC-SHA256, hex) for values that must be compared but not stored: codes, pid. */
export function keyedHash(env: Env, purpose: KeyPurpose, value: string): string {
  return createHmac("sha256", keyFor(env, purpose)).update(value).digest("hex");
}

/** SHA-256 (hex) of a random token: what the database keeps instead of the token. */
export const sha256 = (v: string): string => createHash("sha256").update(v).digest("hex");

/** A random token of `bytes` bytes, base64url (default 32 bytes = 256 bits). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
