import { describe, expect, it } from "vitest";
import { demoEnabled, devInboxEnabled, EnvError, oidcConfigured, parseEnv } from "./env.ts";

describe("environment validation", () => {
  it("accepts an empty environment with defaults (the embedded setup)", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MEDVIRK_DATA_DIR).toBe("./data");
    expect(demoEnabled(env)).toBe(true);
    expect(env.MEDVIRK_MAX_UPLOAD_MB).toBe(25);
    expect(env.MEDVIRK_FILES_DIR).toBeUndefined();
  });
  it("validates the upload limit", () => {
    expect(parseEnv({ MEDVIRK_MAX_UPLOAD_MB: "5" }).MEDVIRK_MAX_UPLOAD_MB).toBe(5);
    expect(() => parseEnv({ MEDVIRK_MAX_UPLOAD_MB: "lots" })).toThrowError(/MEDVIRK_MAX_UPLOAD_MB/);
    expect(() => parseEnv({ MEDVIRK_MAX_UPLOAD_MB: "0" })).toThrowError(/MEDVIRK_MAX_UPLOAD_MB/);
  });
  it("accepts a PostgreSQL URL and turns the demo off by default", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test", PORT: "8080" });
    expect(env.PORT).toBe(8080);
    expect(demoEnabled(env)).toBe(false);
    expect(demoEnabled(parseEnv({ DATABASE_URL: "postgresql://h/db", MEDVIRK_DEMO: "1" }))).toBe(true);
  });
  it("names the bad variable in one line", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrowError(/^invalid environment variable DATABASE_URL: /);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrowError(EnvError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrowError(/PORT/);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrowError(/LOG_LEVEL/);
    try {
      parseEnv({ DATABASE_URL: "x", PORT: "-1" });
    } catch (e) {
      expect((e as Error).message.split("\n")).toHaveLength(2);
    }
  });
  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
  it("checks the identity settings", () => {
    expect(() => parseEnv({ MEDVIRK_SECRET: "short" })).toThrowError(/MEDVIRK_SECRET/);
    expect(() => parseEnv({ SMTP_URL: "http://mail" })).toThrowError(/SMTP_URL/);
    expect(parseEnv({ SMTP_URL: "smtps://u:p@mail.example:465" }).SMTP_URL).toBe("smtps://u:p@mail.example:465");
    expect(() => parseEnv({ OIDC_ISSUER: "https://idporten.no" })).toThrowError(/OIDC_ISSUER: needs OIDC_CLIENT_ID/);
    expect(() => parseEnv({ OIDC_ACR: "Level3" })).toThrowError(/OIDC_ACR/);
    const oidc = parseEnv({ OIDC_ISSUER: "https://idporten.no", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" });
    expect(oidcConfigured(oidc)).toBe(true);
    expect(oidc.OIDC_ACR).toBe("idporten-loa-substantial");
    expect(oidcConfigured(parseEnv({}))).toBe(false);
  });
  it("serves the dev inbox outside production, or when MEDVIRK_DEV_INBOX=1", () => {
    expect(devInboxEnabled(parseEnv({}))).toBe(false); // NODE_ENV defaults to production
    expect(devInboxEnabled(parseEnv({ NODE_ENV: "development" }))).toBe(true);
    expect(devInboxEnabled(parseEnv({ MEDVIRK_DEV_INBOX: "1" }))).toBe(true);
    expect(devInboxEnabled(parseEnv({ NODE_ENV: "development", MEDVIRK_DEV_INBOX: "0" }))).toBe(false);
  });
});
