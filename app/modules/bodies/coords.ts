import { parseArea, parseGeoTag, type Area, type GeoTag, type Position } from "./geo.ts";

// Coordinates as a secretary types (or the map drawer writes) them: one
// "latitude, longitude" per line, as map services copy them
// ("70.0736, 29.7486"; "70,0736 29,7486" and "70.0736; 29.7486" too). One
// line is a point, three or more an area (the ring is closed for you).
// GeoJSON (starting with "{") is accepted as before. Pure.
export type CoordsResult<T> = { ok: true; value: T | null } | { ok: false; error: string; line?: number };

// A number is -?\d{1,3}(?:[.,]\d+)? (a decimal comma only where the pair separator is not a comma).
const SEMI = /^(-?\d{1,3}(?:[.,]\d+)?)\s*;\s*(-?\d{1,3}(?:[.,]\d+)?)$/;
const SPACE = /^(-?\d{1,3}(?:[.,]\d+)?)\s+(-?\d{1,3}(?:[.,]\d+)?)$/;
const COMMA = /^(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/;
const num = (s: string) => Number(s.replace(",", "."));

/** [lat, lon] of one line, or null. */
export function parseLatLon(line: string): [number, number] | null {
  const t = line.trim();
  const m = SEMI.exec(t) ?? COMMA.exec(t) ?? SPACE.exec(t);
  if (!m) return null;
  const lat = num(m[1]!);
  const lon = num(m[2]!);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
  return [lat, lon];
}

function linesToPositions(text: string): { ok: true; value: Position[] } | { ok: false; error: string; line: number } {
  const out: Position[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim() || raw.trim().startsWith("#")) continue;
    const p = parseLatLon(raw);
    if (!p) return { ok: false, error: "geo.badLine", line: i + 1 };
    out.push([p[1], p[0]]); // GeoJSON order: [lon, lat]
  }
  return { ok: true, value: out };
}

function ring(ps: Position[]): Position[] {
  const [a, b] = [ps[0]!, ps[ps.length - 1]!];
  return a[0] === b[0] && a[1] === b[1] ? ps : [...ps, a];
}

/** An area from GeoJSON or from three or more coordinate lines; empty text is null (no area). */
export function parseAreaText(text: string): CoordsResult<Area> {
  const t = text.trim();
  if (!t) return { ok: true, value: null };
  if (t.startsWith("{")) {
    const a = parseArea(t);
    return a.ok ? { ok: true, value: a.value } : { ok: false, error: a.error };
  }
  const ps = linesToPositions(t);
  if (!ps.ok) return ps;
  if (new Set(ps.value.map((p) => p.join(","))).size < 3) return { ok: false, error: "geo.tooFewPoints" };
  const a = parseArea({ type: "Polygon", coordinates: [ring(ps.value)] });
  return a.ok ? { ok: true, value: a.value } : { ok: false, error: a.error };
}

/** A case's tag: one line is a point, three or more an area; GeoJSON too; empty text is null. */
export function parseTagText(text: string): CoordsResult<GeoTag> {
  const t = text.trim();
  if (!t) return { ok: true, value: null };
  if (t.startsWith("{")) {
    const g = parseGeoTag(t);
    return g.ok ? { ok: true, value: g.value } : { ok: false, error: g.error };
  }
  const ps = linesToPositions(t);
  if (!ps.ok) return ps;
  if (ps.value.length === 1) return { ok: true, value: { type: "Point", coordinates: ps.value[0]! } };
  return parseAreaText(t);
}

const fmt = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** The text form of a tag or area: lines for a point or a one-ring polygon, GeoJSON otherwise. */
export function toCoordinateText(g: GeoTag | null | undefined): string {
  if (!g) return "";
  if (g.type === "Point") return `${fmt(g.coordinates[1])}, ${fmt(g.coordinates[0])}`;
  if (g.type === "Polygon" && g.coordinates.length === 1)
    return g.coordinates[0]!.slice(0, -1)
      .map(([lon, lat]) => `${fmt(lat)}, ${fmt(lon)}`)
      .join("\n");
  return JSON.stringify(g);
}
