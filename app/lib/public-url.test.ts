import { describe, expect, it } from "vitest";
import { absoluteUrl } from "./public-url.ts";

describe("links in messages", () => {
  it("are absolute on the public address", () => {
    expect(absoluteUrl({ PUBLIC_URL: "https://medvirk.example/" }, "/vadso/cases/2026-1")).toBe(
      "https://medvirk.example/vadso/cases/2026-1",
    );
  });
  it("point at this machine's server in the embedded demo", () => {
    expect(absoluteUrl({ PORT: 3000 }, "/vadso")).toBe("http://localhost:3000/vadso");
    expect(absoluteUrl({}, "vadso")).toBe("http://localhost:3000/vadso");
  });
});
