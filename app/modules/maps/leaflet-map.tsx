import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Area } from "#app/modules/bodies/geo.ts";
import type { TileSource } from "./tiles.ts";

// A Leaflet map (issue 6: consultation pins; issue 8: a proposal's place).
//
// Progressive enhancement: the server renders `fallback` (an SVG drawing that
// works without JavaScript); once the page runs JavaScript, Leaflet replaces
// it. Leaflet is imported only in the browser (it needs `window`), so pages
// without a map never load it. Tiles come from `tiles` (app/modules/maps/tiles.ts);
// without a tile source the outline is drawn on a plain background, which
// needs no network.
//
// Placing: a click on the map, or Enter/Space with the map focused (the
// crosshair marks the centre; arrow keys pan, + and − zoom), writes the
// position into the form's latitude and longitude fields; typing in those
// fields moves the marker. The fields stay the way to place without a pointer
// and without JavaScript.

export interface MapPin {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly title: string;
}

export interface LeafletMapProps {
  readonly area: Area | null;
  readonly pins: readonly MapPin[];
  readonly tiles: TileSource | null;
  /** Accessible name of the map region. */
  readonly label: string;
  /** Instructions shown under the map (how to place); null when placing is off. */
  readonly hint: string | null;
  /** Ids of the latitude and longitude inputs to fill; null: a map to look at. */
  readonly place: { readonly lat: string; readonly lon: string } | null;
  readonly zoomIn: string;
  readonly zoomOut: string;
  /** Rendered on the server and until Leaflet has loaded. */
  readonly fallback: ReactNode;
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;
const parseNum = (v: string) => {
  const n = Number(v.trim().replace(",", "."));
  return v.trim() !== "" && Number.isFinite(n) ? n : null;
};

export function LeafletMap(props: LeafletMapProps) {
  const [js, setJs] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const redraw = useRef<((area: Area | null, pins: readonly MapPin[]) => void) | null>(null);
  const pinsKey = props.pins.map((p) => `${p.id}:${p.lat}:${p.lon}`).join("|");
  useEffect(() => setJs(true), []);

  useEffect(() => {
    if (!js || !host.current) return;
    const el = host.current;
    let cancelled = false;
    let cleanup = () => {};
    void import("leaflet").then((mod) => {
      if (cancelled) return;
      const L = (mod as unknown as { default?: typeof import("leaflet") }).default ?? mod;
      const { area, pins, tiles, place, zoomIn, zoomOut } = latest.current;
      const map = L.map(el, {
        zoomControl: false,
        attributionControl: !!tiles?.attribution,
        keyboard: true,
        maxZoom: tiles?.maxZoom ?? 18,
      });
      L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(map);
      map.attributionControl?.setPrefix(false); // only the tile source's own attribution
      if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.maxZoom }).addTo(map);
      // The outline and the pins live in their own layer group, redrawn when the
      // page's data changes (a pin just posted) without touching the map, so the
      // outline is never lost. The view is fitted once, after the map has a size:
      // fitting a map whose container is not laid out yet is what threw
      // "Cannot read properties of undefined (reading 'min')" and left the
      // outline undrawn.
      const content = L.featureGroup().addTo(map);
      const draw = (a: Area | null, ps: readonly MapPin[]) => {
        content.clearLayers();
        if (a)
          L.geoJSON(a as GeoJSON.GeoJsonObject, {
            interactive: false,
            style: { color: "#2f5d2f", weight: 2, fillColor: "#9cc48f", fillOpacity: tiles ? 0.15 : 0.5 },
          }).addTo(content);
        for (const p of ps)
          L.circleMarker([p.lat, p.lon], {
            radius: 6,
            color: "#fff",
            weight: 1.5,
            fillColor: "#b3261e",
            fillOpacity: 1,
          })
            .bindTooltip(p.title)
            .addTo(content);
      };
      redraw.current = draw;
      draw(area, pins);
      const bounds = content.getLayers().length ? content.getBounds() : null;
      const size = map.getSize();
      if (bounds?.isValid() && size.x > 0 && size.y > 0) map.fitBounds(bounds, { padding: [12, 12] });
      else if (bounds?.isValid()) map.setView(bounds.getCenter(), 12);
      else map.setView([65, 13], 4); // Norway
      if (place) {
        let marker: import("leaflet").CircleMarker | null = null;
        const input = (id: string) => document.getElementById(id) as HTMLInputElement | null;
        const show = (lat: number, lon: number) => {
          if (marker) marker.setLatLng([lat, lon]);
          else
            marker = L.circleMarker([lat, lon], {
              radius: 9,
              color: "#1a3e8c",
              weight: 3,
              fill: false,
              className: "new-pin",
            }).addTo(map);
        };
        const set = (ll: import("leaflet").LatLng) => {
          const lat = round5(ll.lat);
          const lon = round5(ll.lng);
          const a = input(place.lat);
          const b = input(place.lon);
          if (a) a.value = String(lat).replace(".", ",");
          if (b) b.value = String(lon).replace(".", ",");
          show(lat, lon);
        };
        map.on("click", (e: import("leaflet").LeafletMouseEvent) => set(e.latlng));
        const onKey = (e: KeyboardEvent) => {
          if (e.target !== el || (e.key !== "Enter" && e.key !== " ")) return;
          e.preventDefault();
          set(map.getCenter());
        };
        el.addEventListener("keydown", onKey);
        const onInput = () => {
          const lat = parseNum(input(place.lat)?.value ?? "");
          const lon = parseNum(input(place.lon)?.value ?? "");
          if (lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) show(lat, lon);
        };
        input(place.lat)?.addEventListener("input", onInput);
        input(place.lon)?.addEventListener("input", onInput);
        onInput();
        cleanup = () => {
          el.removeEventListener("keydown", onKey);
          input(place.lat)?.removeEventListener("input", onInput);
          input(place.lon)?.removeEventListener("input", onInput);
          map.remove();
        };
      } else cleanup = () => map.remove();
      const remove = cleanup;
      cleanup = () => {
        redraw.current = null;
        remove();
      };
      el.dataset.ready = "1";
    });
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [js]);

  // New data from the server (a pin just posted): redraw the layers, keep the view.
  useEffect(() => {
    redraw.current?.(latest.current.area, latest.current.pins);
  }, [pinsKey]);

  return (
    <figure className="pin-map">
      {js ? (
        <div className={`leaflet-host${props.place ? " placing" : ""}`}>
          <div
            ref={host}
            className="leaflet-map"
            role="region"
            aria-label={props.label}
            aria-describedby={props.hint ? "map-hint" : undefined}
            data-testid="leaflet-map"
          />
        </div>
      ) : (
        props.fallback
      )}
      {props.hint ? (
        <figcaption className="muted" id="map-hint">
          {props.hint}
        </figcaption>
      ) : null}
    </figure>
  );
}
