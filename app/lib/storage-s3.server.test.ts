import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";
import { filesFromEnv } from "./storage-env.server.ts";
import { DiskStorage } from "./storage.server.ts";
import { S3Storage, signV4 } from "./storage-s3.server.ts";

// AWS's published examples for Signature Version 4 on S3 (a single-chunk
// payload): bucket "examplebucket", us-east-1, 2013-05-24T00:00:00Z, the
// documentation's example credentials.
const creds = {
  region: "us-east-1",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  now: new Date("2013-05-24T00:00:00Z"),
};
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const signatureOf = (h: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(h.authorization!)![1];

describe("AWS Signature Version 4", () => {
  it("signs AWS's GET Object example (with a Range header)", () => {
    const h = signV4({
      ...creds,
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
      headers: { range: "bytes=0-9" },
      payloadHash: EMPTY,
    });
    expect(h.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
    expect(h["x-amz-date"]).toBe("20130524T000000Z");
  });

  it("signs AWS's GET Bucket lifecycle and list examples (query strings sorted and encoded)", () => {
    const life = signV4({
      ...creds,
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/?lifecycle"),
      payloadHash: EMPTY,
    });
    expect(signatureOf(life)).toBe("fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    const list = signV4({
      ...creds,
      method: "GET",
      url: new URL("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J"),
      payloadHash: EMPTY,
    });
    expect(signatureOf(list)).toBe("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  });
});

describe("choosing the storage from the environment", () => {
  it("is disk by default, S3 when MEDVIRK_S3_URL is set, and refuses an incomplete S3 configuration", () => {
    expect(filesFromEnv(parseEnv({}), "/tmp")).toBeInstanceOf(DiskStorage);
    const s3 = filesFromEnv(
      parseEnv({
        MEDVIRK_S3_URL: "http://127.0.0.1:9000",
        MEDVIRK_S3_BUCKET: "medvirk-files",
        MEDVIRK_S3_ACCESS_KEY_ID: "k",
        MEDVIRK_S3_SECRET_ACCESS_KEY: "s",
      }),
      "/tmp",
    );
    expect(s3).toBeInstanceOf(S3Storage);
    expect((s3 as S3Storage).config).toMatchObject({ bucket: "medvirk-files", region: "us-east-1", pathStyle: true });
    expect(() => parseEnv({ MEDVIRK_S3_URL: "http://127.0.0.1:9000" })).toThrow(
      /MEDVIRK_S3_URL: needs MEDVIRK_S3_BUCKET/,
    );
    expect(() =>
      parseEnv({
        MEDVIRK_S3_URL: "http://x",
        MEDVIRK_S3_BUCKET: "Bad_Bucket",
        MEDVIRK_S3_ACCESS_KEY_ID: "k",
        MEDVIRK_S3_SECRET_ACCESS_KEY: "s",
      }),
    ).toThrow(/MEDVIRK_S3_BUCKET/);
  });
});
