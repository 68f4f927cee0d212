import type { Actor } from "#app/modules/identity/permissions.ts";
import { can } from "#app/modules/identity/permissions.ts";
import type { Result } from "#app/lib/result.ts";
import { formatDateTime } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { moderateOpinionStatement, setOpinionSection, type OpinionDeps } from "./commands.server.ts";
import { opinionQueueForTenant, opinionSectionEnabled, opinionStatementsForStaff } from "./queries.server.ts";
import { pickText } from "#app/lib/localized.ts";
import type { Deps } from "#app/lib/deps.ts";
import { audienceLabel, listAudiences } from "#app/modules/sms/audiences.server.ts";
import { sendStatementsBySms, votesByChannel } from "./sms.server.ts";

// The statements section on the consultation's staff page: the switch (manage:case:tenant) and
// every statement, pending and hidden first, with hide / approve / restore (moderate:content:tenant). Kept here so the staff route only
// adds a line to its loader, its action and its page.
export async function opinionsStaffData(
  deps: Deps,
  actor: Actor,
  input: { tenantId: string; consultationId: string; locale: Locale },
) {
  const secretary = can(actor, "manage:case:tenant", { tenantId: input.tenantId });
  const moderator = can(actor, "moderate:content:tenant", { tenantId: input.tenantId });
  if (!secretary && !moderator) return null;
  // Sending statements by SMS: the same staff as a consultation's question by SMS (ADR 065, 066).
  const texter = secretary && can(actor, "manage:sms:tenant", { tenantId: input.tenantId });
  const [enabled, queue, channels, audiences] = await Promise.all([
    opinionSectionEnabled(deps.db.db, input.tenantId, input.consultationId),
    moderator ? opinionStatementsForStaff(deps.db.db, input.tenantId, input.consultationId) : Promise.resolve([]),
    votesByChannel(deps.db.db, input.tenantId, input.consultationId),
    texter ? listAudiences(deps, input.tenantId) : Promise.resolve([]),
  ]);
  return {
    secretary,
    moderator,
    enabled,
    votes: channels,
    sms: texter
      ? {
          audiences: audiences.map((a) => ({
            value: a.value,
            kind: a.kind,
            label: audienceLabel(a, input.locale),
            count: a.count,
          })),
        }
      : null,
    queue: queue.map((q) => ({
      id: q.id,
      text: q.text,
      state: q.state,
      reason: q.reason ?? "",
      when: formatDateTime(q.createdAt, input.locale),
    })),
  };
}

/** Handles the section's intents; null when the intent is not one of them. */
export async function opinionsStaffAction(
  deps: Deps,
  actor: Actor,
  input: { tenantId: string; consultationId: string; intent: string; form: FormData },
): Promise<Result<unknown> | null> {
  const str = (k: string, max: number) => {
    const v = input.form.get(k);
    return typeof v === "string" ? v.slice(0, max) : "";
  };
  switch (input.intent) {
    case "opinions-on":
    case "opinions-off":
      return setOpinionSection(deps, actor, {
        tenantId: input.tenantId,
        consultationId: input.consultationId,
        enabled: input.intent === "opinions-on",
      });
    case "opinion-hide":
    case "opinion-approve":
    case "opinion-restore":
      return moderateOpinionStatement(deps, actor, {
        tenantId: input.tenantId,
        statementId: str("statementId", 40),
        action: input.intent.slice("opinion-".length) as "hide" | "approve" | "restore",
        reason: str("reason", 500),
      });
    case "opinions-sms":
      return sendStatementsBySms(deps, actor, {
        tenantId: input.tenantId,
        consultationId: input.consultationId,
        audience: str("audience", 100),
        recipientsCsv: str("recipients", 200_000),
      });
    default:
      return null;
  }
}

/** The municipality's moderation queue page: statements pending or hidden, each linking to its consultation. */
export async function opinionQueueData(deps: OpinionDeps, input: { tenantId: string; locale: Locale }) {
  const rows = await opinionQueueForTenant(deps.db.db, input.tenantId);
  return rows.map((q) => ({
    id: q.id,
    text: q.text,
    state: q.state,
    reason: q.reason ?? "",
    when: formatDateTime(q.createdAt, input.locale),
    consultationId: q.consultationId,
    title: pickText(q.title, input.locale),
  }));
}
