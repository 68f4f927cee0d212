import type { Area } from "./geo.ts";

// Draws an area (GeoJSON Polygon / MultiPolygon, WGS 84) as an SVG path, so
// the area page shows its outline without JavaScript or map tiles. Pure.
// Projection: equirectangular with longitude scaled by cos(mid-latitude),
// which keeps shapes true enough at a municipality's scale (also at 70°N).
export interface AreaDrawing {
  d: string;
  width: number;
  height: number;
  /** The projection, for placing points on the drawing: x = pad + (lon·k − minX)·scale, y = pad + (maxY − lat)·scale. */
  k: number;
  minX: number;
  maxY: number;
  scale: number;
  pad: number;
}

export function areaPath(area: Area, width = 400, pad = 10): AreaDrawing {
  const polys = area.type === "Polygon" ? [area.coordinates] : area.coordinates;
  const pts = polys.flat(2);
  const lats = pts.map((p) => p[1]);
  const k = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180);
  const xs = pts.map((p) => p[0] * k);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...lats);
  const maxY = Math.max(...lats);
  const spanX = maxX - minX || 1e-9;
  const spanY = maxY - minY || 1e-9;
  const scale = (width - 2 * pad) / spanX;
  const height = Math.max(2 * pad + 1, Math.ceil(spanY * scale + 2 * pad));
  const f = (n: number) => String(Math.round(n * 10) / 10);
  const d = polys
    .flatMap((rings) =>
      rings.map(
        (ring) =>
          ring
            .map(
              ([lon, lat], i) =>
                `${i ? "L" : "M"}${f(pad + (lon * k - minX) * scale)} ${f(pad + (maxY - lat) * scale)}`,
            )
            .join(" ") + " Z",
      ),
    )
    .join(" ");
  return { d, width, height, k, minX, maxY, scale, pad };
}
