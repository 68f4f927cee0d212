import { describe, expect, it } from "vitest";
import { crossOriginAllowed } from "./csrf.ts";

describe("crossOriginAllowed", () => {
  it("lets safe methods through", () => {
    expect(crossOriginAllowed({ method: "GET", secFetchSite: "cross-site" })).toBe(true);
  });
  it("refuses a POST from another site (fetch metadata)", () => {
    expect(
      crossOriginAllowed({
        method: "POST",
        secFetchSite: "cross-site",
        origin: "https://evil.example",
        host: "medvirk.no",
      }),
    ).toBe(false);
    expect(crossOriginAllowed({ method: "POST", secFetchSite: "same-site", host: "medvirk.no" })).toBe(false);
  });
  it("accepts same-origin and user-typed requests", () => {
    expect(crossOriginAllowed({ method: "POST", secFetchSite: "same-origin" })).toBe(true);
    expect(crossOriginAllowed({ method: "POST", secFetchSite: "none" })).toBe(true);
  });
  it("falls back to Origin vs Host, or PUBLIC_URL behind a proxy", () => {
    expect(crossOriginAllowed({ method: "POST", origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" })).toBe(true);
    expect(crossOriginAllowed({ method: "POST", origin: "https://evil.example", host: "127.0.0.1:3000" })).toBe(false);
    expect(
      crossOriginAllowed({
        method: "POST",
        origin: "https://medvirk.no",
        host: "10.0.0.5:3000",
        publicOrigin: "https://medvirk.no",
      }),
    ).toBe(true);
    expect(crossOriginAllowed({ method: "POST", origin: "null", host: "medvirk.no" })).toBe(false);
    expect(crossOriginAllowed({ method: "POST", origin: "not a url", host: "medvirk.no" })).toBe(false);
  });
  it("lets non-browser requests (no Origin, no Sec-Fetch-Site) through: webhooks", () => {
    expect(crossOriginAllowed({ method: "POST", host: "medvirk.no" })).toBe(true);
  });
});
