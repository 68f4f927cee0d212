import { describe, expect, test } from "vitest";
import { createPhoneHasher } from "./phone.server.ts";
import { normalizePhone, type E164 } from "./phone.ts";

// Key 0x00…0x1f. Expected values computed independently with
// `printf %s '+4740612345' | openssl dgst -sha256 -mac HMAC -macopt hexkey:… -binary | base64url`.
const key = Uint8Array.from({ length: 32 }, (_, i) => i);

describe("createPhoneHasher", () => {
  const hash = createPhoneHasher({ key, keyId: "k1" });

  test("matches HMAC-SHA-256 computed by openssl", () => {
    expect(hash("+4740612345" as E164)).toBe("k1.PDfOa4FbXmvnA3z83XFYXkjb2vkuZ9tRDJhQF41HMzc");
    expect(hash("+46701234567" as E164)).toBe("k1.cBC0GhlBFe21-fyVcCuV4E6jR0oROWIMWukm_1L9uQg");
  });

  test("two spellings of one number hash alike once normalised", () => {
    const a = normalizePhone("406 12 345");
    const b = normalizePhone("0047 40 61 23 45");
    if (!a.ok || !b.ok) throw new Error("fixture numbers must be valid");
    expect(hash(a.value)).toBe(hash(b.value));
  });

  test("another key gives unrelated hashes", () => {
    const other = createPhoneHasher({ key: Uint8Array.from({ length: 32 }, (_, i) => 255 - i), keyId: "k2" });
    const mine = hash("+4740612345" as E164).split(".")[1];
    const theirs = other("+4740612345" as E164).split(".")[1];
    expect(theirs).not.toBe(mine);
  });

  test("is not disturbed when the caller reuses its key buffer", () => {
    const buffer = Uint8Array.from(key);
    const h = createPhoneHasher({ key: buffer, keyId: "k1" });
    buffer.fill(0);
    expect(h("+4740612345" as E164)).toBe("k1.PDfOa4FbXmvnA3z83XFYXkjb2vkuZ9tRDJhQF41HMzc");
  });

  test("refuses short keys and odd key ids", () => {
    expect(() => createPhoneHasher({ key: new Uint8Array(31), keyId: "k1" })).toThrow(RangeError);
    expect(() => createPhoneHasher({ key, keyId: "" })).toThrow(RangeError);
    expect(() => createPhoneHasher({ key, keyId: "k.1" })).toThrow(RangeError);
  });
});
