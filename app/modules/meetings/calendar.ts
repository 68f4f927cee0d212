// Calendar arithmetic in the municipality's time zone (Europe/Oslo). Pure.
// A meeting's day is its date on the wall clock in Oslo, whatever the
// server's own zone; months and weeks (Monday first, ISO 8601) likewise.
export const ZONE = "Europe/Oslo";

const parts = new Intl.DateTimeFormat("en-CA", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function wall(d: Date): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const o: Record<string, number> = {};
  for (const p of parts.formatToParts(d)) if (p.type !== "literal") o[p.type] = Number(p.value);
  return { y: o.year!, m: o.month!, d: o.day!, h: o.hour!, min: o.minute!, s: o.second! };
}

/** "YYYY-MM-DD" of an instant, on the Oslo wall clock. */
export function osloDay(d: Date): string {
  const w = wall(d);
  return `${w.y}-${String(w.m).padStart(2, "0")}-${String(w.d).padStart(2, "0")}`;
}

/** The instant of 00:00 on the Oslo wall clock of a calendar date (month may overflow, as in Date.UTC). */
export function osloMidnight(y: number, m: number, d: number): Date {
  const guess = Date.UTC(y, m - 1, d);
  // Oslo is UTC+1 or UTC+2: find the offset at the guess and correct once (twice around a switch).
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const w = wall(new Date(t));
    const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
    t = guess - (asUtc - t);
  }
  return new Date(t);
}

export interface Month {
  year: number;
  month: number; // 1-12
}

/** Parses "YYYY-MM"; null when malformed or out of range. */
export function parseMonth(s: string | null | undefined): Month | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s ?? "");
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2999 || month < 1 || month > 12) return null;
  return { year, month };
}

export const formatMonth = (m: Month) => `${m.year}-${String(m.month).padStart(2, "0")}`;

export function monthOf(d: Date): Month {
  const w = wall(d);
  return { year: w.y, month: w.m };
}

export function addMonths(m: Month, n: number): Month {
  const i = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** The instants bounding a month: [from, to). */
export function monthRange(m: Month): { from: Date; to: Date } {
  return { from: osloMidnight(m.year, m.month, 1), to: osloMidnight(m.year, m.month + 1, 1) };
}

/**
 * The weeks of a month as rows of seven "YYYY-MM-DD" days (Monday first);
 * days outside the month are null.
 */
export function monthGrid(m: Month): (string | null)[][] {
  const days = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
  const firstDow = (new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay() + 6) % 7; // 0 = Monday
  const cells: (string | null)[] = Array.from({ length: firstDow }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${formatMonth(m)}-${String(d).padStart(2, "0")}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The start of the Oslo day containing `d`, minus `days` days. */
export function osloDayStart(d: Date, days = 0): Date {
  const w = wall(d);
  return osloMidnight(w.y, w.m, w.d - days);
}

/**
 * An <input type="datetime-local"> value ("2026-12-03T17:00"), read as Oslo
 * wall-clock time; null when malformed. (On the night clocks change, an hour
 * that does not exist moves forward by one hour.)
 */
export function parseOsloLocal(s: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec((s ?? "").trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const day = osloMidnight(y, mo, d);
  if (osloDay(day) !== `${m[1]}-${m[2]}-${m[3]}`) return null; // 31 February and the like
  const guess = new Date(day.getTime() + (h * 60 + mi) * 60_000);
  const w = wall(guess);
  // Correct for a clock change between midnight and this time.
  return new Date(
    guess.getTime() - ((w.h - h) * 60 + (w.min - mi)) * 60_000 + (w.d !== d ? 24 * 3_600_000 * Math.sign(d - w.d) : 0),
  );
}

/** The Oslo wall-clock value for an <input type="datetime-local">. */
export function toOsloLocal(d: Date): string {
  const w = wall(d);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${p(w.m)}-${p(w.d)}T${p(w.h)}:${p(w.min)}`;
}
