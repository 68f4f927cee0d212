import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { parseLatLon } from "./coords.ts";
import type { Area, Position } from "./geo.ts";

// Drawing an area (or placing a case) on a map, as an enhancement of the
// coordinates textarea: with JavaScript, a click on the map adds a
// "latitude, longitude" line to the textarea; without it (or by keyboard),
// the textarea is typed in directly. The "map" is the municipality's other
// areas and a graticule, drawn as SVG: no tiles, no third-party requests
// (docs/decisions/016-public-political-pages-and-feeds.md). The server
// reads only the textarea.
export interface ContextArea {
  name: string;
  area: Area;
}
interface Box {
  minLon: number;
  maxLon: number;
  minLat: number;
  maxLat: number;
}
const NORWAY: Box = { minLon: 4.5, maxLon: 31.5, minLat: 57.9, maxLat: 71.3 };
const W = 480;

function pointsOf(text: string): Position[] {
  return text
    .split(/\r?\n/)
    .map((l) => parseLatLon(l))
    .filter((p): p is [number, number] => !!p)
    .map(([lat, lon]) => [lon, lat]);
}

function boxOf(ps: Position[]): Box | null {
  if (!ps.length) return null;
  const lons = ps.map((p) => p[0]);
  const lats = ps.map((p) => p[1]);
  const b = {
    minLon: Math.min(...lons),
    maxLon: Math.max(...lons),
    minLat: Math.min(...lats),
    maxLat: Math.max(...lats),
  };
  const padLon = Math.max((b.maxLon - b.minLon) * 0.25, 0.02);
  const padLat = Math.max((b.maxLat - b.minLat) * 0.25, 0.01);
  return { minLon: b.minLon - padLon, maxLon: b.maxLon + padLon, minLat: b.minLat - padLat, maxLat: b.maxLat + padLat };
}

function niceStep(span: number): number {
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

export function MapDrawer({ targetId, context }: { targetId: string; context: ContextArea[] }) {
  const { t } = useTranslation("political");
  const [mounted, setMounted] = useState(false);
  const [text, setText] = useState("");
  const [box, setBox] = useState<Box | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const el = document.getElementById(targetId) as HTMLTextAreaElement | null;
    if (!el) return;
    setMounted(true);
    setText(el.value);
    const on = () => setText(el.value);
    el.addEventListener("input", on);
    return () => el.removeEventListener("input", on);
  }, [targetId]);

  const points = useMemo(() => pointsOf(text), [text]);
  const contextPts = useMemo(
    () => context.flatMap((c) => (c.area.type === "Polygon" ? [c.area.coordinates] : c.area.coordinates).flat(2)),
    [context],
  );
  const view = box ?? boxOf([...points, ...contextPts]) ?? NORWAY;
  if (!mounted) return null;

  const k = Math.cos((((view.minLat + view.maxLat) / 2) * Math.PI) / 180);
  const scale = W / ((view.maxLon - view.minLon) * k);
  const H = Math.max(160, Math.min(640, Math.round((view.maxLat - view.minLat) * scale)));
  const x = (lon: number) => (lon - view.minLon) * k * scale;
  const y = (lat: number) => (view.maxLat - lat) * scale;
  const path = (ring: Position[]) =>
    ring.map(([lon, lat], i) => `${i ? "L" : "M"}${x(lon).toFixed(1)} ${y(lat).toFixed(1)}`).join(" ");

  const write = (next: string) => {
    const el = document.getElementById(targetId) as HTMLTextAreaElement | null;
    if (!el) return;
    el.value = next;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    setText(next);
  };
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const m = svg.current?.getScreenCTM();
    if (!m) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    const lon = view.minLon + pt.x / scale / k;
    const lat = view.maxLat - pt.y / scale;
    // Typed GeoJSON is replaced by the drawing.
    const kept = text.trim().startsWith("{") ? [] : lines;
    write([...kept, `${lat.toFixed(5)}, ${lon.toFixed(5)}`].join("\n"));
  };
  const zoom = (f: number) => {
    const cLon = (view.minLon + view.maxLon) / 2;
    const cLat = (view.minLat + view.maxLat) / 2;
    const hLon = ((view.maxLon - view.minLon) / 2) * f;
    const hLat = ((view.maxLat - view.minLat) / 2) * f;
    setBox({ minLon: cLon - hLon, maxLon: cLon + hLon, minLat: cLat - hLat, maxLat: cLat + hLat });
  };
  const pan = (dx: number, dy: number) => {
    const sLon = (view.maxLon - view.minLon) * 0.25 * dx;
    const sLat = (view.maxLat - view.minLat) * 0.25 * dy;
    setBox({
      minLon: view.minLon + sLon,
      maxLon: view.maxLon + sLon,
      minLat: view.minLat + sLat,
      maxLat: view.maxLat + sLat,
    });
  };
  const stepLon = niceStep(view.maxLon - view.minLon);
  const stepLat = niceStep(view.maxLat - view.minLat);
  const grid: { d: string; label: string; lx: number; ly: number }[] = [];
  for (let lon = Math.ceil(view.minLon / stepLon) * stepLon; lon < view.maxLon; lon += stepLon)
    grid.push({ d: `M${x(lon).toFixed(1)} 0 V${H}`, label: `${+lon.toFixed(4)}°E`, lx: x(lon) + 2, ly: H - 4 });
  for (let lat = Math.ceil(view.minLat / stepLat) * stepLat; lat < view.maxLat; lat += stepLat)
    grid.push({ d: `M0 ${y(lat).toFixed(1)} H${W}`, label: `${+lat.toFixed(4)}°N`, lx: 2, ly: y(lat) - 2 });

  return (
    <div className="map-drawer">
      <p className="muted" id={`${targetId}-map-help`}>
        {t("staff.mapHelp")}
      </p>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W, border: "1px solid currentColor", cursor: "crosshair", background: "var(--bg, #fff)" }}
        role="img"
        aria-labelledby={`${targetId}-map-title`}
        aria-describedby={`${targetId}-map-help`}
        onClick={onClick}
        data-testid={`${targetId}-map`}
      >
        <title id={`${targetId}-map-title`}>{t("staff.mapLabel", { count: points.length })}</title>
        {grid.map((g, i) => (
          <g key={i} aria-hidden="true">
            <path d={g.d} stroke="currentColor" strokeOpacity={0.2} fill="none" />
            <text x={g.lx} y={g.ly} fontSize={10} fill="currentColor">
              {g.label}
            </text>
          </g>
        ))}
        {context.map((c, i) => (
          <path
            key={i}
            d={(c.area.type === "Polygon" ? [c.area.coordinates] : c.area.coordinates)
              .flatMap((rings) => rings.map((r) => `${path(r)} Z`))
              .join(" ")}
            fill="currentColor"
            fillOpacity={0.08}
            stroke="currentColor"
            strokeOpacity={0.5}
            fillRule="evenodd"
          >
            <title>{c.name}</title>
          </path>
        ))}
        {points.length >= 3 ? (
          <path d={`${path(points)} Z`} fill="#1f6feb" fillOpacity={0.25} stroke="#1f6feb" strokeWidth={2} />
        ) : points.length === 2 ? (
          <path d={path(points)} stroke="#1f6feb" strokeWidth={2} fill="none" />
        ) : null}
        {points.map(([lon, lat], i) => (
          <circle key={i} cx={x(lon)} cy={y(lat)} r={4} fill="#1f6feb" />
        ))}
      </svg>
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => zoom(0.5)}>
          {t("staff.mapZoomIn")}
        </button>
        <button type="button" className="secondary" onClick={() => zoom(2)}>
          {t("staff.mapZoomOut")}
        </button>
        <button type="button" className="secondary" onClick={() => pan(-1, 0)}>
          {t("staff.mapWest")}
        </button>
        <button type="button" className="secondary" onClick={() => pan(1, 0)}>
          {t("staff.mapEast")}
        </button>
        <button type="button" className="secondary" onClick={() => pan(0, 1)}>
          {t("staff.mapNorth")}
        </button>
        <button type="button" className="secondary" onClick={() => pan(0, -1)}>
          {t("staff.mapSouth")}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => write(lines.slice(0, -1).join("\n"))}
          disabled={!lines.length}
        >
          {t("staff.mapUndo")}
        </button>
        <button type="button" className="secondary" onClick={() => write("")} disabled={!lines.length}>
          {t("staff.mapClear")}
        </button>
      </div>
    </div>
  );
}
