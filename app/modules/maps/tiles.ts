// Where map tiles come from (issue 6: "Leaflet with a configurable tile
// server"; issue 19: "Kartverket's open topographic tiles by default, the
// plain background only when tiles are turned off or unreachable"). Pure:
// takes the parsed environment. Four cases, first match wins:
//   - MEDVIRK_MAP_TILES=off: no tiles; maps draw the outline on a plain background;
//   - MEDVIRK_MAP_TILES_URL set: that server (absolute URL or a path here);
//   - MEDVIRK_MAP_TILES_DIR set: the local folder, served at /map-tiles/;
//   - otherwise Kartverket's open topographic cache (CC BY 4.0), with its attribution.
import type { Env } from "#app/lib/env.ts";

export const LOCAL_TILES_PATH = "/map-tiles";

export interface TileSource {
  /** Leaflet URL template with {z}, {x}, {y}. */
  readonly url: string;
  readonly attribution: string;
  readonly maxZoom: number;
}

type MapEnv = Pick<
  Env,
  | "MEDVIRK_MAP_TILES"
  | "MEDVIRK_MAP_TILES_URL"
  | "MEDVIRK_MAP_TILES_DIR"
  | "MEDVIRK_MAP_TILES_ATTRIBUTION"
  | "MEDVIRK_MAP_MAX_ZOOM"
>;

/** Kartverket's open WMTS cache, topographic map in web mercator (note: {y} before {x}). */
export const KARTVERKET_TILES = "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png";
export const KARTVERKET_ATTRIBUTION = '&copy; <a href="https://www.kartverket.no/">Kartverket</a>';

export function tileSource(env: MapEnv): TileSource | null {
  if (env.MEDVIRK_MAP_TILES === "off") return null;
  const own = env.MEDVIRK_MAP_TILES_URL ?? (env.MEDVIRK_MAP_TILES_DIR ? `${LOCAL_TILES_PATH}/{z}/{x}/{y}.png` : null);
  if (own) return { url: own, attribution: env.MEDVIRK_MAP_TILES_ATTRIBUTION, maxZoom: env.MEDVIRK_MAP_MAX_ZOOM };
  return {
    url: KARTVERKET_TILES,
    attribution: env.MEDVIRK_MAP_TILES_ATTRIBUTION || KARTVERKET_ATTRIBUTION,
    maxZoom: env.MEDVIRK_MAP_MAX_ZOOM,
  };
}

/**
 * The origin the Content-Security-Policy must allow images from, when tiles
 * come from another server ({s} subdomains become a wildcard).
 */
export function tileOrigin(env: MapEnv): string | null {
  const url = tileSource(env)?.url;
  if (!url || url.startsWith("/")) return null;
  const m = /^(https?:\/\/[^/]+)/.exec(url);
  return m ? m[1]!.replace("{s}", "*") : null;
}
