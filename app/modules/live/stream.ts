// The meeting's stream (issue 9: "the embedded stream"). Pure. The secretary
// stores any https link; the public page embeds it when it is a player we
// know how to embed (YouTube, without tracking cookies, and Vimeo; these are
// also the only frame sources the Content-Security-Policy allows, see
// server/app.ts) and otherwise shows the link.
export const EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"] as const;

const YT_ID = /^[A-Za-z0-9_-]{6,20}$/;
const VIMEO_ID = /^\d{3,12}$/;

/** The embeddable player URL for a stream link, or null when it is not one we can embed. */
export function embedUrl(link: string | null | undefined): string | null {
  if (!link) return null;
  let u: URL;
  try {
    u = new URL(link);
  } catch {
    return null;
  }
  if (u.protocol !== "https:") return null;
  const host = u.hostname.replace(/^(www\.|m\.)/, "");
  const parts = u.pathname.split("/").filter(Boolean);
  let yt: string | null | undefined = null;
  if (host === "youtube.com" || host === "youtube-nocookie.com") {
    if (parts[0] === "watch") yt = u.searchParams.get("v");
    else if (parts[0] === "live" || parts[0] === "embed") yt = parts[1];
  } else if (host === "youtu.be") yt = parts[0];
  if (yt && YT_ID.test(yt)) return `${EMBED_ORIGINS[0]}/embed/${yt}`;
  if (host === "vimeo.com" || host === "player.vimeo.com") {
    const id = parts[0] === "video" ? parts[1] : parts[0];
    if (id && VIMEO_ID.test(id)) return `${EMBED_ORIGINS[1]}/video/${id}`;
  }
  return null;
}
