// Pure helpers for the opinion map (issue 23): participants' 2-D positions scaled into an SVG
// view box, and the group colours and shapes. No I/O.

/** Group colours, each at least 4.5:1 against the white page background (WCAG 1.4.11 needs 3:1). */
export const GROUP_COLOURS = ["#0b5cad", "#b3261e", "#1b6e20", "#6f3a99", "#8a4b00"] as const;
/** Participants not (yet) in a group. */
export const UNGROUPED_COLOUR = "#5f6368";
/** A shape per group as well, so colour is not the only difference (WCAG 1.4.1). */
export const GROUP_SHAPES = ["circle", "square", "diamond", "triangle", "ring"] as const;
export type Shape = (typeof GROUP_SHAPES)[number];

export const MAP_SIZE = 320;
const PAD = 16;

export interface Dot {
  x: number;
  y: number;
  /** Group index, or -1 for a participant without a group. */
  group: number;
}

/** Participants on the same spot and in the same group drawn once, with how many they are. */
export function stackDots(dots: readonly Dot[]): (Dot & { n: number })[] {
  const at = new Map<string, Dot & { n: number }>();
  for (const d of dots) {
    const k = `${d.x},${d.y},${d.group}`;
    const hit = at.get(k);
    if (hit) hit.n++;
    else at.set(k, { ...d, n: 1 });
  }
  return [...at.values()];
}

/** Radius of a stacked mark: grows with the square root of the count, at most 14. */
export const markRadius = (n: number) => Math.min(14, Math.round((5 + 1.5 * Math.sqrt(n - 1)) * 10) / 10);

/** Scales positions to [PAD, MAP_SIZE − PAD] on both axes (one scale for both, so distances keep their shape). */
export function scaleDots(points: readonly { pos: readonly [number, number]; group: number }[]): Dot[] {
  if (!points.length) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { pos } of points) {
    minX = Math.min(minX, pos[0]);
    maxX = Math.max(maxX, pos[0]);
    minY = Math.min(minY, pos[1]);
    maxY = Math.max(maxY, pos[1]);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const scale = (MAP_SIZE - 2 * PAD) / span;
  const offX = (MAP_SIZE - (maxX - minX) * scale) / 2;
  const offY = (MAP_SIZE - (maxY - minY) * scale) / 2;
  const r = (v: number) => Math.round(v * 10) / 10;
  return points.map(({ pos, group }) => ({
    x: r(offX + (pos[0] - minX) * scale),
    // SVG's y grows downwards; flip so the second component points up as in a chart.
    y: r(MAP_SIZE - (offY + (pos[1] - minY) * scale)),
    group,
  }));
}

/** Relative luminance and contrast ratio (WCAG 2.x), for the colour test. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * ch[0]! + 0.7152 * ch[1]! + 0.0722 * ch[2]!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
