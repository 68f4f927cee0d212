import type { Area } from "#app/modules/bodies/geo.ts";
import { areaPath, type AreaDrawing } from "#app/modules/bodies/area-svg.ts";

// A map without tiles or JavaScript (pin-svg.tsx draws it): an area's outline
// as SVG on a plain background and the pins on it, for pages without
// JavaScript; with it, Leaflet draws the map (leaflet-map.tsx). Same projection
// as app/modules/bodies/area-svg.ts (equirectangular, longitude scaled by
// cos(mid-latitude)). Pure and serialisable.
export type MapFrame = AreaDrawing;

export function mapFrame(area: Area, width = 560, pad = 12): MapFrame {
  return areaPath(area, width, pad);
}

/** [lon, lat] → SVG [x, y]. */
export function project(f: MapFrame, lon: number, lat: number): [number, number] {
  return [f.pad + (lon * f.k - f.minX) * f.scale, f.pad + (f.maxY - lat) * f.scale];
}
