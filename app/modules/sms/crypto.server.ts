import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Env } from "#app/lib/env.ts";
import { keyFor } from "#app/modules/identity/keys.server.ts";
import { createPhoneHasher } from "./phone.server.ts";
import type { E164, PhoneHash, PhoneHasher } from "./phone.ts";

// Phone numbers at rest (docs/decisions/012-sms-encoding-and-phones.md):
// AES-256-GCM where we must send ("v1.<iv>.<tag>.<ciphertext>", base64url),
// keyed HMAC for matching. Both keys are derived from the installation secret.
const hashers = new WeakMap<Env, PhoneHasher>();

export function phoneHash(env: Env, phone: E164): PhoneHash {
  let h = hashers.get(env);
  if (!h) {
    h = createPhoneHasher({ key: keyFor(env, "smsPhoneHash"), keyId: "k1" });
    hashers.set(env, h);
  }
  return h(phone);
}

export function encryptPhone(env: Env, phone: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keyFor(env, "smsPhone"), iv);
  const ct = Buffer.concat([c.update(phone, "utf8"), c.final()]);
  return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function decryptPhone(env: Env, stored: string): E164 {
  const [v, iv, tag, ct] = stored.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("unknown phone encryption format");
  const d = createDecipheriv("aes-256-gcm", keyFor(env, "smsPhone"), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8") as E164;
}
