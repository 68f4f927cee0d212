import { describe, expect, it } from "vitest";
import { embedUrl } from "./stream.ts";

describe("stream embedding", () => {
  it("embeds YouTube (without tracking cookies) and Vimeo links", () => {
    expect(embedUrl("https://www.youtube.com/watch?v=dQw4w9WgXcQ")).toBe(
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    );
    expect(embedUrl("https://youtu.be/dQw4w9WgXcQ?t=4")).toBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");
    expect(embedUrl("https://www.youtube.com/live/abcDEF12345")).toBe(
      "https://www.youtube-nocookie.com/embed/abcDEF12345",
    );
    expect(embedUrl("https://vimeo.com/123456789")).toBe("https://player.vimeo.com/video/123456789");
    expect(embedUrl("https://player.vimeo.com/video/123456789")).toBe("https://player.vimeo.com/video/123456789");
  });

  it("anything else stays a link", () => {
    for (const l of [
      null,
      "",
      "not a url",
      "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://tv.example.org/vadso",
      "https://www.youtube.com/watch?v=<script>",
      "https://vimeo.com/channels/staff",
      "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
    ])
      expect(embedUrl(l)).toBeNull();
  });
});
