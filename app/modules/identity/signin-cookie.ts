/** Holds "<channel>:<identifier>" between asking for a code and typing it (15 minutes, HttpOnly). */
export const SIGNIN_COOKIE = "medvirk_signin";

export function parseSigninCookie(v: string | null): { channel: "email" | "phone"; identifier: string } | null {
  const m = v ? /^(email|phone):(.{3,300})$/.exec(v) : null;
  return m ? { channel: m[1] as "email" | "phone", identifier: m[2]! } : null;
}
