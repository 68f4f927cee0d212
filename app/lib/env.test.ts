import { describe, expect, it } from "vitest";
import { demoEnabled, EnvError, parseEnv } from "./env.ts";

describe("environment validation", () => {
  it("accepts an empty environment with defaults (the embedded setup)", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MEDVIRK_DATA_DIR).toBe("./data");
    expect(demoEnabled(env)).toBe(true);
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
});
