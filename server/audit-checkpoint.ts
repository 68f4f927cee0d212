import type { Deps } from "#app/lib/deps.ts";
import { checkpointAudit } from "#app/modules/identity/audit.server.ts";

const DAY_MS = 24 * 3600_000;

/**
 * Signs the audit chain's head at start and then daily (issue 21, defect 10;
 * docs/decisions/063-audit-checkpoints-shared-limits-and-personal-data.md). Each checkpoint is also logged, so
 * a copy of the head lives outside the database (the log shipper's store).
 */
export function startAuditCheckpoints(deps: Pick<Deps, "db" | "env" | "log" | "now">): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const sign = () => {
    running = checkpointAudit(deps.db.db, deps.env, deps.now()).then(
      (cp) =>
        deps.log.info(
          { auditCheckpoint: { seq: cp.seq, hash: cp.hash, at: cp.at.toISOString() } },
          "audit chain head signed",
        ),
      (err: unknown) => deps.log.error({ err }, "audit checkpoint failed"),
    );
  };
  sign();
  const timer = setInterval(sign, DAY_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
