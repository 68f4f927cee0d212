import type { Deps } from "#app/lib/deps.ts";
import { formatDate } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { budgetingActivityOf } from "#app/modules/budgeting/activity.server.ts";
import { commentsBy } from "#app/modules/consultations/activity.server.ts";
import { panelsJoinedBy } from "#app/modules/panels/activity.server.ts";

// Min side (issue 17): what the person has done, in every municipality, and what became of it,
// read through each owning module's queries. Ballots are anonymous: a vote shows the round and
// when, never its content (the receipt code shows that, and only the voter has it).
export async function myActivity(deps: Deps, personId: string, locale: Locale) {
  const db = deps.db.db;
  const [comments, pb, panels] = await Promise.all([
    commentsBy(db, personId),
    budgetingActivityOf(db, personId),
    panelsJoinedBy(db, personId),
  ]);
  const slug = (tenantId: string) => deps.tenants.getById(tenantId)?.slug ?? "";
  const place = (tenantId: string) => deps.tenants.getById(tenantId)?.officialName ?? "";
  const now = deps.now();
  return {
    comments: comments.map((c) => ({
      id: c.id,
      href: `/${slug(c.tenantId)}/consultations/${c.consultationId}#c-${c.id}`,
      title: pickText(c.title, locale),
      place: place(c.tenantId),
      when: formatDate(c.createdAt, locale),
      state: c.state,
      outcome: c.feedbackAt ? "feedback" : c.closedAt || c.closesAt <= now ? "closed" : "open",
    })),
    proposals: pb.proposals.map((p) => ({
      href: `/${slug(p.tenantId)}/budgeting/${p.roundKey}/proposals/${p.code}`,
      title: p.title,
      round: pickText(p.roundTitle, locale),
      place: place(p.tenantId),
      status: p.status,
      phase: p.phase,
    })),
    votes: pb.votes.map((v) => ({
      href: `/${slug(v.tenantId)}/budgeting/${v.roundKey}`,
      round: pickText(v.roundTitle, locale),
      place: place(v.tenantId),
      when: formatDate(v.lastVotedAt, locale),
      phase: v.phase,
    })),
    panels: panels.map((p) => ({
      href: `/${slug(p.tenantId)}/panels/${p.key}`,
      title: pickText(p.title, locale),
      place: place(p.tenantId),
      when: formatDate(p.joinedAt, locale),
      status: p.status,
    })),
  };
}
export type MyActivity = Awaited<ReturnType<typeof myActivity>>;
