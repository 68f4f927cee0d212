import type { Deps } from "#app/lib/deps.ts";
import { sendDueSmsReminders } from "#app/modules/consultations/sms.server.ts";

// The reminders of consultation questions sent by SMS (issue 18; docs/decisions/065-…): a slow
// poll, as the panels' frame sweep (server/panels.ts), that queues the reminders that are due.
// The work is idempotent (one outbox key per send and recipient, the send row locked while it is
// reminded), so several processes may run it and a run cut short is simply run again.
export function startConsultationReminders(deps: Deps, opts: { everyMs?: number } = {}): { close(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = sendDueSmsReminders(deps)
      .catch((err: unknown) => deps.log.error({ err }, "consultation SMS reminders failed"))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.everyMs ?? 60_000);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
