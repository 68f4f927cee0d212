import { describe, expect, it } from "vitest";
import { parseEnv } from "#app/lib/env.ts";
import { KARTVERKET_TILES, tileOrigin, tileSource } from "./tiles.ts";

describe("map tile source", () => {
  it("is Kartverket's open topographic map by default, with its attribution and its host allowed by the CSP", () => {
    const env = parseEnv({});
    expect(tileSource(env)).toMatchObject({ url: KARTVERKET_TILES, maxZoom: 18 });
    expect(tileSource(env)?.attribution).toContain("Kartverket");
    expect(tileOrigin(env)).toBe("https://cache.kartverket.no");
  });
  it("is none when turned off, so maps draw the areas on a plain background and fetch nothing", () => {
    const env = parseEnv({ MEDVIRK_MAP_TILES: "off", MEDVIRK_MAP_TILES_DIR: "/srv/tiles" });
    expect(tileSource(env)).toBeNull();
    expect(tileOrigin(env)).toBeNull();
  });
  it("serves a local folder at /map-tiles/ when only the folder is given", () => {
    const env = parseEnv({ MEDVIRK_MAP_TILES_DIR: "/srv/tiles", MEDVIRK_MAP_TILES_ATTRIBUTION: "© Kartverket" });
    expect(tileSource(env)).toEqual({ url: "/map-tiles/{z}/{x}/{y}.png", attribution: "© Kartverket", maxZoom: 18 });
    expect(tileOrigin(env)).toBeNull();
  });
  it("uses a configured server and lets the CSP allow its origin", () => {
    const env = parseEnv({
      MEDVIRK_MAP_TILES_URL: "https://{s}.tile.example.org/{z}/{x}/{y}.png",
      MEDVIRK_MAP_MAX_ZOOM: "16",
    });
    expect(tileSource(env)).toMatchObject({ url: "https://{s}.tile.example.org/{z}/{x}/{y}.png", maxZoom: 16 });
    expect(tileOrigin(env)).toBe("https://*.tile.example.org");
  });
  it("refuses a template without {z}, {x} and {y}", () => {
    expect(() => parseEnv({ MEDVIRK_MAP_TILES_URL: "https://tile.example.org/tiles.png" })).toThrow(
      /MEDVIRK_MAP_TILES_URL/,
    );
    expect(() => parseEnv({ MEDVIRK_MAP_TILES_URL: "ftp://x/{z}/{x}/{y}.png" })).toThrow(/MEDVIRK_MAP_TILES_URL/);
  });
});
