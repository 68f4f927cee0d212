import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "#app/lib/i18n.ts";

// Every UI string exists in every locale: a missing or an extra key fails.
const dir = path.resolve(__dirname, "../../locales");

function keys(obj: unknown, prefix = ""): string[] {
  if (obj && typeof obj === "object" && !Array.isArray(obj))
    return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!).sort();
}
function leaf(obj: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj);
}

const namespaces = readdirSync(path.join(dir, "nb")).filter((f) => f.endsWith(".json"));
const load = (lng: string, ns: string) => JSON.parse(readFileSync(path.join(dir, lng, ns), "utf8")) as unknown;

describe("locale files", () => {
  it("has exactly the eight locales", () => {
    expect(readdirSync(dir).sort()).toEqual([...LOCALES].sort());
  });

  for (const ns of namespaces) {
    const reference = keys(load("nb", ns)).sort();
    for (const lng of LOCALES) {
      it(`${lng}/${ns} has the same keys as nb/${ns}`, () => {
        const own = keys(load(lng, ns)).sort();
        const missing = reference.filter((k) => !own.includes(k));
        const extra = own.filter((k) => !reference.includes(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });
      it(`${lng}/${ns} has non-empty strings with the same placeholders`, () => {
        const data = load(lng, ns);
        const nb = load("nb", ns);
        for (const k of reference) {
          const v = leaf(data, k);
          expect(typeof v, `${lng}:${k}`).toBe("string");
          expect((v as string).trim(), `${lng}:${k}`).not.toBe("");
          expect(placeholders(v as string), `${lng}:${k}`).toEqual(placeholders(leaf(nb, k) as string));
        }
      });
    }
  }

  it("the parity check notices a missing key", () => {
    const a = keys({ x: { y: "1", z: "2" } });
    const b = keys({ x: { y: "1" } });
    expect(a.filter((k) => !b.includes(k))).toEqual(["x.z"]);
  });
});
