// Quiet hours: no SMS between 21:00 and 08:00 local time unless urgent.
// Pure; the time zone is the municipality's (Norway: Europe/Oslo).

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

function localParts(at: Date, timeZone: string): { hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { hour: get("hour"), minute: get("minute"), second: get("second") };
}

export function inQuietHours(at: Date, timeZone = "Europe/Oslo"): boolean {
  const { hour } = localParts(at, timeZone);
  return hour >= QUIET_FROM_HOUR || hour < QUIET_UNTIL_HOUR;
}

/** The first moment at or after `at` outside quiet hours (08:00 local the next morning, or `at` itself). */
export function nextAllowedSendTime(at: Date, timeZone = "Europe/Oslo"): Date {
  if (!inQuietHours(at, timeZone)) return at;
  // Step forward by whole minutes to 08:00 local; DST-safe because each step re-reads the local hour.
  let t = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
  const { hour, minute } = localParts(t, timeZone);
  const hoursLeft = hour >= QUIET_FROM_HOUR ? 24 - hour + QUIET_UNTIL_HOUR : QUIET_UNTIL_HOUR - hour;
  t = new Date(t.getTime() + (hoursLeft * 60 - minute) * 60_000);
  while (inQuietHours(t, timeZone)) t = new Date(t.getTime() + 60_000 * 15);
  return t;
}
