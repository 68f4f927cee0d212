import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { registerSmsHandler, type SmsHandler } from "#app/modules/sms/conversations.server.ts";
import { enqueueSms, type Executor } from "#app/modules/sms/outbox.server.ts";
import type { Db } from "#db/client.ts";
import { panelInvitations, panelPoolMembers, panels } from "#db/schema/index.ts";
import { joinPool, quotaRows, type PanelDeps } from "./commands.server.ts";
import { categoriesOf } from "./quotas.ts";

// SMS sign-up (issue 7), on the SMS module's conversations
// (app/modules/sms/README.md, "Using SMS from another module"): an invited person gets "reply JA to
// join"; JA is their consent, then one question per category ("reply with
// the number"), each a new message with its own conversation; after the
// last answer they are in the pool (source "sms"). NEI ends it politely.

type Ref = { panelId: string; invitationId: string; step: number; answers: Record<string, string> };

function tr(locale: string) {
  const l = ((LOCALES as readonly string[]).includes(locale) ? locale : "nb") as Locale;
  return { t: i18nFor(l).getFixedT(l, "panels"), locale: l };
}

const titleOf = (p: { title: Record<string, string | undefined>; key: string }, l: Locale) =>
  p.title[l] ?? p.title.nb ?? Object.values(p.title).find(Boolean) ?? p.key;

async function askCategory(
  tx: Executor,
  deps: Pick<Deps, "env" | "now">,
  input: { tenantId: string; phone: string; lang: Locale; ref: Ref; category: string; features: string[]; key: string },
) {
  const { t } = tr(input.lang);
  const options = input.features.map((f, i) => `${i + 1} ${f}`).join(", ");
  return enqueueSms(tx, deps, {
    tenantId: input.tenantId,
    key: input.key,
    to: input.phone,
    body: t("sms.question", { category: input.category, options }),
    lang: input.lang,
    purpose: "panels.signup",
    conversation: {
      kind: "panels.signup",
      ref: input.ref,
      expecting: { kind: "choices", options: input.features.map((_f, i) => String(i + 1)) },
      ttlHours: 72,
    },
  });
}

/** Sends "reply JA to join" to every invitation with a phone that has not been sent yet (idempotent per invitation). */
export async function sendSmsInvitations(
  deps: Pick<Deps, "db" | "now" | "env" | "tenants">,
  actor: Actor,
  input: { tenantId: string; panelId: string; lang?: Locale },
): Promise<Result<{ queued: number; failed: number }>> {
  if (!can(actor, "manage:panel:tenant", { tenantId: input.tenantId })) return fail("errors.forbidden", 403);
  const [panel] = await deps.db.db
    .select()
    .from(panels)
    .where(and(eq(panels.id, input.panelId), eq(panels.tenantId, input.tenantId)));
  if (!panel) return fail("errors.notFound", 404);
  if (panel.status !== "recruiting") return fail("errors.notRecruiting", 409);
  const lang = input.lang ?? "nb";
  const { t } = tr(lang);
  const municipality = deps.tenants.all().find((m) => m.id === input.tenantId)?.officialName ?? "";
  const invitations = await deps.db.db
    .select()
    .from(panelInvitations)
    .where(
      and(
        eq(panelInvitations.panelId, panel.id),
        eq(panelInvitations.channel, "sms"),
        isNull(panelInvitations.acceptedAt),
        isNotNull(panelInvitations.contact),
      ),
    );
  let queued = 0;
  let failed = 0;
  await deps.db.db.transaction(async (tx) => {
    for (const inv of invitations) {
      const ref: Ref = { panelId: panel.id, invitationId: inv.id, step: 0, answers: {} };
      const r = await enqueueSms(tx, deps, {
        tenantId: input.tenantId,
        key: `panels:invite:${inv.id}`,
        to: inv.contact!,
        body: t("sms.invite", { municipality, panel: titleOf(panel, lang) }),
        lang,
        purpose: "panels.invite",
        conversation: { kind: "panels.signup", ref, expecting: { kind: "yesno" }, ttlHours: 24 * 14 },
      });
      if (r.ok && r.value.created) queued++;
      else if (!r.ok) failed++;
    }
    await appendAudit(tx, deps.now(), {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "panels.invitations.sms",
      subjectType: "panel",
      subjectId: panel.id,
      data: { queued, failed },
    });
  });
  return ok({ queued, failed });
}

/** The same deps with every query on the dispatcher's transaction (PGlite has one connection). */
const onTx = <D extends { db: Deps["db"] }>(deps: D, tx: unknown): D => ({ ...deps, db: { ...deps.db, db: tx as Db } });

const handler: SmsHandler = {
  async onReply(ctx) {
    const conv = ctx.conversation;
    const { t, locale } = tr(conv?.lang ?? "nb");
    const ref = conv?.ref as Ref | undefined;
    if (!conv?.tenantId || !ref?.panelId) return {};
    const deps = onTx(ctx.deps as unknown as PanelDeps & Pick<Deps, "env">, ctx.tx);
    const [panel] = await deps.db.db
      .select()
      .from(panels)
      .where(and(eq(panels.id, ref.panelId), eq(panels.tenantId, conv.tenantId)));
    if (!panel || panel.status !== "recruiting") return { reply: t("sms.closed") };
    const cats = categoriesOf(await quotaRows(deps.db.db, panel.id));
    if (ref.step === 0) {
      if (ctx.parsed.kind === "no") return { reply: t("sms.declined") };
      if (ctx.parsed.kind !== "yes") return { reply: t("sms.yesno"), close: false };
      const [dup] = await deps.db.db
        .select({ id: panelPoolMembers.id })
        .from(panelPoolMembers)
        .where(
          and(
            eq(panelPoolMembers.panelId, panel.id),
            eq(panelPoolMembers.phone, ctx.phone),
            isNull(panelPoolMembers.withdrawnAt),
          ),
        );
      if (dup) return { reply: t("sms.already") };
    } else {
      if (ctx.parsed.kind !== "choices")
        return { reply: t("sms.choose", { n: cats[ref.step - 1]?.features.length ?? 1 }), close: false };
      const c = cats[ref.step - 1];
      const f = c?.features[Number(ctx.parsed.values[0]) - 1];
      if (!c || !f) return { reply: t("sms.choose", { n: c?.features.length ?? 1 }), close: false };
      ref.answers[c.category] = f;
    }
    const next = cats[ref.step];
    if (next) {
      // The next question goes out as its own message, with its own conversation.
      await askCategory(ctx.tx, ctx.deps, {
        tenantId: conv.tenantId,
        phone: ctx.phone,
        lang: locale,
        ref: { ...ref, step: ref.step + 1 },
        category: next.category,
        features: next.features,
        key: `panels:signup:${ref.invitationId}:${ref.step + 1}:${ctx.messageSid}`,
      });
      return {};
    }
    const [inv] = await deps.db.db.select().from(panelInvitations).where(eq(panelInvitations.id, ref.invitationId));
    const r = await joinPool(deps, null, {
      tenantId: conv.tenantId,
      panelId: panel.id,
      name: inv?.name || ctx.phone,
      phone: ctx.phone,
      profile: ref.answers,
      consent: true,
      source: "sms",
      invitationCode: inv?.code ?? null,
    });
    return { reply: r.ok ? t("sms.thanks", { panel: titleOf(panel, locale) }) : t("sms.closed") };
  },
};

/** Registers the reply handler for "panels.signup" conversations. Idempotent. */
export function registerPanelsSms(): void {
  registerSmsHandler("panels.signup", handler);
}
