import { afterEach, beforeEach, vi } from "vitest";

// Any unexpected console.error fails the test (STYLE.md §8). A test that
// expects one can call `allowConsoleError()` first.
let allowed = false;
export function allowConsoleError() {
  allowed = true;
}
beforeEach(() => {
  allowed = false;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (allowed) return;
    throw new Error(`console.error called: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});
