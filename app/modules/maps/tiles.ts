// Where map tiles come from (issue 6: "Leaflet with a configurable tile
// server — the embedded default must work with no internet"). Pure: takes the
// parsed environment. Three cases:
//   - MEDVIRK_MAP_TILES_URL set: that server (absolute URL or a path here);
//   - only MEDVIRK_MAP_TILES_DIR set: the local folder, served at /map-tiles/;
//   - neither: no tiles; maps draw the outline on a plain background.
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
  "MEDVIRK_MAP_TILES_URL" | "MEDVIRK_MAP_TILES_DIR" | "MEDVIRK_MAP_TILES_ATTRIBUTION" | "MEDVIRK_MAP_MAX_ZOOM"
>;

export function tileSource(env: MapEnv): TileSource | null {
  const url = env.MEDVIRK_MAP_TILES_URL ?? (env.MEDVIRK_MAP_TILES_DIR ? `${LOCAL_TILES_PATH}/{z}/{x}/{y}.png` : null);
  if (!url) return null;
  return { url, attribution: env.MEDVIRK_MAP_TILES_ATTRIBUTION, maxZoom: env.MEDVIRK_MAP_MAX_ZOOM };
}

/**
 * The origin the Content-Security-Policy must allow images from, when tiles
 * come from another server ({s} subdomains become a wildcard).
 */
export function tileOrigin(env: MapEnv): string | null {
  const url = env.MEDVIRK_MAP_TILES_URL;
  if (!url || url.startsWith("/")) return null;
  const m = /^(https?:\/\/[^/]+)/.exec(url);
  return m ? m[1]!.replace("{s}", "*") : null;
}
