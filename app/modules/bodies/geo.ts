// GeoJSON for areas (area councils' boundaries) and geographic tags on
// cases. Pure: validation (RFC 7946 shape, WGS 84 ranges, closed rings with
// at least four positions) and point-in-polygon.
export type Position = [number, number];
export interface Point {
  type: "Point";
  coordinates: Position;
}
export interface Polygon {
  type: "Polygon";
  coordinates: Position[][];
}
export interface MultiPolygon {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export type Area = Polygon | MultiPolygon;
export type GeoTag = Point | Area;

export type GeoResult<T> = { ok: true; value: T } | { ok: false; error: string };

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function position(v: unknown): Position | null {
  if (!Array.isArray(v) || v.length < 2 || v.length > 3 || !v.every(isNum)) return null;
  const [lon, lat] = v as number[];
  if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) return null;
  return [lon!, lat!];
}

function ring(v: unknown): Position[] | string {
  if (!Array.isArray(v)) return "geo.ringNotArray";
  const pts = v.map(position);
  if (pts.some((p) => p === null)) return "geo.badPosition";
  const ps = pts as Position[];
  if (ps.length < 4) return "geo.ringTooShort";
  const [a, b] = [ps[0]!, ps[ps.length - 1]!];
  if (a[0] !== b[0] || a[1] !== b[1]) return "geo.ringNotClosed";
  return ps;
}

function polygon(coords: unknown): Position[][] | string {
  if (!Array.isArray(coords) || coords.length === 0) return "geo.noRings";
  const rings: Position[][] = [];
  for (const r of coords) {
    const x = ring(r);
    if (typeof x === "string") return x;
    rings.push(x);
  }
  return rings;
}

/** Accepts a Polygon or MultiPolygon geometry, or a Feature / one-feature FeatureCollection holding one. */
export function parseArea(input: unknown): GeoResult<Area> {
  const g = unwrap(input);
  if (!g || typeof g !== "object") return { ok: false, error: "geo.notGeoJson" };
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type === "Polygon") {
    const p = polygon(coordinates);
    return typeof p === "string" ? { ok: false, error: p } : { ok: true, value: { type, coordinates: p } };
  }
  if (type === "MultiPolygon") {
    if (!Array.isArray(coordinates) || coordinates.length === 0) return { ok: false, error: "geo.noRings" };
    const out: Position[][][] = [];
    for (const c of coordinates) {
      const p = polygon(c);
      if (typeof p === "string") return { ok: false, error: p };
      out.push(p);
    }
    return { ok: true, value: { type, coordinates: out } };
  }
  return { ok: false, error: "geo.notPolygon" };
}

/** A case's geographic tag: a Point, or an area. */
export function parseGeoTag(input: unknown): GeoResult<GeoTag> {
  const g = unwrap(input);
  if (g && typeof g === "object" && (g as { type?: unknown }).type === "Point") {
    const p = position((g as { coordinates?: unknown }).coordinates);
    return p ? { ok: true, value: { type: "Point", coordinates: p } } : { ok: false, error: "geo.badPosition" };
  }
  return parseArea(input);
}

function unwrap(input: unknown): unknown {
  let g = input;
  if (typeof g === "string") {
    try {
      g = JSON.parse(g);
    } catch {
      return null;
    }
  }
  if (g && typeof g === "object") {
    const o = g as { type?: unknown; geometry?: unknown; features?: unknown };
    if (o.type === "Feature") return o.geometry;
    if (o.type === "FeatureCollection" && Array.isArray(o.features) && o.features.length === 1)
      return (o.features[0] as { geometry?: unknown })?.geometry;
  }
  return g;
}

/** Ray casting on one ring. */
function inRing([x, y]: Position, r: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!;
    const [xj, yj] = r[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies in an area (inside the outer ring, outside every hole). */
export function pointInArea(p: Position, area: Area): boolean {
  const polys = area.type === "Polygon" ? [area.coordinates] : area.coordinates;
  return polys.some(([outer, ...holes]) => !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

/** A representative point of a tag (a Point itself, or the first ring's vertex average). */
export function anchorOf(tag: GeoTag): Position {
  if (tag.type === "Point") return tag.coordinates;
  const outer = tag.type === "Polygon" ? tag.coordinates[0]! : tag.coordinates[0]![0]!;
  const pts = outer.slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}
