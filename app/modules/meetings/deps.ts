import type { Deps } from "#app/lib/deps.ts";

/** What the political commands need from the process (a subset, so tests can build it). */
export type PoliticalDeps = Pick<Deps, "db" | "now" | "files" | "log" | "bus"> & {
  env: Pick<Deps["env"], "MEDVIRK_MAX_UPLOAD_MB">;
};

/** Publishes after commit (STYLE.md §6); a failing listener never fails the command. */
export function publish(
  deps: Pick<Deps, "bus" | "log">,
  type: string,
  tenantId: string,
  payload: Record<string, unknown> = {},
): void {
  try {
    deps.bus.publish({ type, tenantId, ...payload });
  } catch (e) {
    deps.log.warn({ err: e, type }, "event listener failed");
  }
}
