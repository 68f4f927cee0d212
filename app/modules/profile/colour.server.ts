import { generateColorScale, getContrastFromHex } from "@digdir/designsystemet/color";

// A municipality's brand colour (ADR 047). The colour is used as the
// background of buttons and the header's band with white text on it, and as
// the colour of links and outlines on white; both need WCAG 2.1 AA contrast
// (4.5:1 for normal text, 1.4.3; 3:1 for controls, 1.4.11, which 4.5 covers).
// Designsystemet's own colour tool makes the rest of the accent scale
// (surfaces, borders, hover and active) from it.

export const MIN_CONTRAST = 4.5;
const HEX = /^#[0-9a-f]{6}$/;

/** `#RGB`, `#RRGGBB` or without `#`, any case → `#rrggbb`; null when it is not a colour. */
export function normaliseHex(input: string): string | null {
  let v = input.trim().toLowerCase();
  if (!v.startsWith("#")) v = `#${v}`;
  if (/^#[0-9a-f]{3}$/.test(v)) v = `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}`;
  return HEX.test(v) ? v : null;
}

/** The contrast ratio of the colour against white (the same for white text on it and it as text on white). */
export function contrastOnWhite(hex: string): number {
  return getContrastFromHex(hex as `#${string}`, "#ffffff");
}

export type ColourCheck =
  | { ok: true; hex: string; ratio: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "contrast"; hex: string; ratio: number };

export function checkBrandColour(input: string): ColourCheck {
  const hex = normaliseHex(input);
  if (!hex) return { ok: false, reason: "invalid" };
  const ratio = contrastOnWhite(hex);
  return ratio >= MIN_CONTRAST ? { ok: true, hex, ratio } : { ok: false, reason: "contrast", hex, ratio };
}

const cache = new Map<string, string>();

/**
 * The CSS that makes `hex` the accent of every page: Designsystemet's
 * `--ds-color-accent-*` tokens for the light scheme, from its colour tool,
 * with the base set to the brand colour itself and white on it.
 */
export function accentCss(hex: string): string {
  const hit = cache.get(hex);
  if (hit) return hit;
  const scale = generateColorScale(hex as `#${string}`, "light");
  const vars = scale.map((c) => `--ds-color-accent-${c.name}:${c.hex};`);
  vars.push(`--ds-color-accent-base-default:${hex};`, `--ds-color-accent-base-contrast-default:#ffffff;`);
  // Links and the subtle text use the brand colour where it is dark enough (it is: checked when saved).
  vars.push(`--ds-color-accent-text-subtle:${hex};`, `--ds-color-accent-border-strong:${hex};`);
  const css = `:root{${vars.join("")}}`;
  cache.set(hex, css);
  return css;
}
