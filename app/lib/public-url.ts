// Links in e-mails and SMS must be absolute: a relative path means nothing in
// a text message. PUBLIC_URL is the site's public address on a real
// installation; without it (the embedded demo of `npm start`) messages point
// at this machine's server, where the dev inbox shows them.
export function siteOrigin(env: { PUBLIC_URL?: string; PORT?: number }): string {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, "");
  return `http://localhost:${env.PORT || 3000}`;
}

/** `path` (starting with "/") on the public site. */
export function absoluteUrl(env: { PUBLIC_URL?: string; PORT?: number }, path: string): string {
  return `${siteOrigin(env)}${path.startsWith("/") ? path : `/${path}`}`;
}
