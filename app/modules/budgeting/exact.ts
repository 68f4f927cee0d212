// Exact numbers for participatory budgeting. Pure.
//
// Money in a .pb file is a decimal string ("2532645.83"). We keep it as an
// integer count of 10^-scale units (a "scaled bigint"), so sums and
// comparisons of costs are exact. Where the Method of Equal Shares divides
// money among voters we use `Rational` (bigint numerator / denominator).

/** A decimal number `units / 10^scale`, exactly as written. */
export type Decimal = { readonly units: bigint; readonly scale: number };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$|^([+-]?)\.(\d+)$/;

/** Parses "12", "12.50", ".5"; returns null for anything else (no exponents, no commas). */
export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const sign = (m[1] ?? m[4]) === "-" ? -1n : 1n;
  const intPart = m[2] ?? "0";
  const frac = (m[3] ?? m[5] ?? "").replace(/0+$/, "");
  return { units: sign * BigInt(intPart + frac), scale: frac.length };
}

/** The same value expressed with `scale` decimals (scale must be ≥ d.scale). */
export function rescale(d: Decimal, scale: number): bigint {
  if (scale < d.scale) throw new RangeError(`cannot rescale ${formatDecimal(d)} to ${scale} decimals`);
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Formats `units / 10^scale` without trailing zeros ("2532645.83", "100000"). */
export function formatUnits(units: bigint, scale: number): string {
  const neg = units < 0n;
  let digits = (neg ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    const int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
    digits = frac ? `${int}.${frac}` : int;
  }
  return neg ? `-${digits}` : digits;
}

export function formatDecimal(d: Decimal): string {
  return formatUnits(d.units, d.scale);
}

/** A JSON-friendly number for output: exact when it is an integer within 2^53, else the nearest double. */
export function unitsToNumber(units: bigint, scale: number): number {
  return Number(formatUnits(units, scale));
}

// ---------------------------------------------------------------------------
// Rationals

/** An exact fraction n/d with d > 0, always in lowest terms. */
export type Rational = { readonly n: bigint; readonly d: bigint };

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function rat(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError("division by zero");
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO: Rational = { n: 0n, d: 1n };
export const add = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational =>
  a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export const cmp = (a: Rational, b: Rational): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const min = (a: Rational, b: Rational): Rational => (cmp(a, b) <= 0 ? a : b);
export const toNumber = (a: Rational): number => {
  const q = Number(a.n) / Number(a.d);
  if (Number.isFinite(q)) return q;
  // Very large numerator and denominator: shift both down first.
  const shift = BigInt(Math.max(a.n.toString(2).length, a.d.toString(2).length) - 60);
  return Number(a.n >> shift) / Number(a.d >> shift);
};
