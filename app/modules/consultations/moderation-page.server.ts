import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { pickText } from "#app/lib/localized.ts";
import type { Result } from "#app/lib/result.ts";
import { opinionQueueData } from "#app/modules/opinions/staff.server.ts";
import type { staffContext } from "#app/modules/political/staff.server.ts";
import { consultationComments, consultations, contentFlags, FLAG_REASONS } from "#db/schema/index.ts";
import { dismissFlags, moderateComment, setModerationRules } from "./commands.server.ts";
import { moderationRulesOf } from "./queries.server.ts";
import type { ModerationForm } from "./moderation-forms.ts";

// The municipality's moderation queue (issue 6; app/routes/$tenant.admin_.moderation.tsx):
// every comment waiting for approval (pre-moderation) or reported by
// residents, with the reasons given, across all consultations; hide (with a
// reason, kept in the audit log), approve or dismiss the reports. Below, the
// rules shown on /:tenant/rules.
type StaffContext = Awaited<ReturnType<typeof staffContext>>;
type Db = Deps["db"]["db"];

/** Pending or reported comments of the municipality, oldest first (at most 200), with the open reports' reasons. */
function moderationQueue(db: Db, tenantId: string) {
  return db
    .select({
      id: consultationComments.id,
      body: consultationComments.body,
      state: consultationComments.state,
      createdAt: consultationComments.createdAt,
      consultationId: consultations.id,
      title: consultations.title,
      reasons: sql<
        string[]
      >`coalesce((select array_agg(f.reason order by f.created_at) from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null), '{}')`,
    })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(
      and(
        eq(consultationComments.tenantId, tenantId),
        or(
          eq(consultationComments.state, "pending"),
          sql`exists (select 1 from ${contentFlags} f where f.comment_id = "consultation_comments"."id" and f.resolved_at is null)`,
        ),
      ),
    )
    .orderBy(asc(consultationComments.createdAt))
    .limit(200);
}

export async function moderationView(deps: Deps, { m, locale, t }: StaffContext) {
  const db = deps.db.db;
  const [queue, rules] = await Promise.all([moderationQueue(db, m.id), moderationRulesOf(db, m.id)]);
  return {
    title: `${t("moderation.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    opinions: await opinionQueueData(deps, { tenantId: m.id, locale }),
    rulesNb: rules?.text.nb ?? "",
    rulesNn: rules?.text.nn ?? "",
    queue: queue.map((q) => {
      const counts = FLAG_REASONS.map((r) => ({ reason: r, n: q.reasons.filter((x) => x === r).length })).filter(
        (x) => x.n > 0,
      );
      return {
        id: q.id,
        body: q.body,
        state: q.state,
        when: formatDateTime(q.createdAt, locale),
        consultationId: q.consultationId,
        title: pickText(q.title, locale),
        reasons: counts,
      };
    }),
  };
}
export type ModerationView = Awaited<ReturnType<typeof moderationView>>;

/** Runs one form of the page. */
export function runModerationForm(
  deps: Deps,
  { m, actor }: StaffContext,
  input: ModerationForm,
): Promise<Result<unknown>> {
  switch (input.intent) {
    case "rules":
      return setModerationRules(deps, actor, {
        tenantId: m.id,
        text: { nb: input.rules_nb, nn: input.rules_nn },
      });
    case "hide":
    case "approve":
    case "restore":
      return moderateComment(deps, actor, {
        tenantId: m.id,
        commentId: input.commentId,
        action: input.intent,
        reason: input.reason,
      });
    case "dismiss":
      return dismissFlags(deps, actor, { tenantId: m.id, commentId: input.commentId });
  }
}
