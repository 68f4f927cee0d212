import type { MapFrame } from "./frame.ts";

// A map drawn without tiles or JavaScript (a consultation's area, a
// municipality's areas): the outline and the pins as plain SVG. It is what
// the server renders and what a browser without JavaScript shows; with
// JavaScript the Leaflet map (leaflet-map.tsx) takes its place. The form's
// coordinate fields are the way to place a pin without a pointer.
export function PinSvg({
  frame,
  pins,
  label,
}: {
  frame: MapFrame;
  pins: { id: string; x: number; y: number; title: string }[];
  label: string;
}) {
  return (
    <svg
      viewBox={`0 0 ${frame.width} ${frame.height}`}
      width="100%"
      style={{ maxWidth: frame.width }}
      role="img"
      aria-label={label}
    >
      <rect x={0} y={0} width={frame.width} height={frame.height} fill="#eef3f7" />
      <path d={frame.d} fill="#dfead6" stroke="#2f5d2f" strokeWidth={1.5} fillRule="evenodd" />
      {pins.map((p) => (
        <circle key={p.id} cx={p.x} cy={p.y} r={5} fill="#b3261e" stroke="#fff" strokeWidth={1.5}>
          <title>{p.title}</title>
        </circle>
      ))}
    </svg>
  );
}
