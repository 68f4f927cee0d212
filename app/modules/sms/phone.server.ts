// The keyed hash behind `PhoneHasher` (see phone.ts). HMAC-SHA-256 with a key
// used for nothing else, so a leaked table of hashes cannot be reversed by
// hashing all ~10^8 Norwegian mobile numbers, as a plain hash could.
//
// The key id travels in the hash ("k1.…"). To rotate, deploy a hasher for the
// new key, look numbers up under both, and re-hash rows from their encrypted
// number; see docs/decisions/012-sms-encoding-and-phones.md.

import { createHmac } from "node:crypto";
import type { E164, PhoneHash, PhoneHasher } from "./phone.ts";

export const MIN_PHONE_HASH_KEY_BYTES = 32;

export function createPhoneHasher({ key, keyId }: { key: Uint8Array; keyId: string }): PhoneHasher {
  if (key.byteLength < MIN_PHONE_HASH_KEY_BYTES) {
    throw new RangeError(`phone hash key must be at least ${MIN_PHONE_HASH_KEY_BYTES} bytes`);
  }
  if (!/^[a-z0-9]{1,16}$/i.test(keyId)) {
    throw new RangeError("phone hash key id must be 1–16 letters or digits");
  }
  // Copy so a caller that later zeroes or reuses its buffer cannot change us.
  const secret = Buffer.from(key);
  return (phone: E164) =>
    `${keyId}.${createHmac("sha256", secret).update(phone, "utf8").digest("base64url")}` as PhoneHash;
}
