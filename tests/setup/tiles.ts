import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// A local map tile source for tests, as MEDVIRK_MAP_TILES_DIR serves it: a
// folder of {z}/{x}/{y}.png (one tiny PNG each) covering a bounding box.

/** A valid 1×1 PNG; the browser scales a tile image to 256×256 anyway. */
const TILE = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** Writes tiles for zoom 0..maxZoom covering [west, south, east, north] (one tile of margin); returns the folder. */
export function makeTileDir(bbox: [number, number, number, number], maxZoom = 12): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medvirk-tiles-"));
  const [west, south, east, north] = bbox;
  for (let z = 0; z <= maxZoom; z++) {
    const max = 2 ** z - 1;
    for (let x = Math.max(0, tileX(west, z) - 1); x <= Math.min(max, tileX(east, z) + 1); x++) {
      mkdirSync(path.join(dir, String(z), String(x)), { recursive: true });
      for (let y = Math.max(0, tileY(north, z) - 1); y <= Math.min(max, tileY(south, z) + 1); y++)
        writeFileSync(path.join(dir, String(z), String(x), `${y}.png`), TILE);
    }
  }
  return dir;
}
