import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { i18nFor } from "#app/lib/i18next.server.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import {
  registerSmsFallback,
  registerSmsHandler,
  type SmsFallback,
  type SmsHandler,
  type SmsReplyContext,
} from "#app/modules/sms/conversations.server.ts";
import { enqueueSms, type Executor } from "#app/modules/sms/outbox.server.ts";
import { personByPhone, tenantLocale, writePersonLocale } from "#app/modules/sms/person-locale.server.ts";
import { normalizePhone } from "#app/modules/sms/phone.ts";
import type { ParsedReply } from "#app/modules/sms/replies.ts";
import type { Db } from "#db/client.ts";
import { panelInvitations, panelPoolMembers, panels, persons } from "#db/schema/index.ts";
import { joinPool, quotaRows, type PanelDeps } from "./commands.server.ts";
import { categoriesOf } from "./quotas.ts";

// SMS sign-up (issue 7), on the SMS module's conversations
// (app/modules/sms/README.md, "Using SMS from another module"): an invited person gets "reply JA to
// join"; JA is their consent, then one question per category ("reply with
// the number"), each a new message with its own conversation; after the
// last answer they are in the pool (source "sms"). NEI ends it politely.

/** invitationId is null when the invitation was an SMS campaign (app/modules/sms/campaigns.server.ts). */
type Ref = { panelId: string; invitationId: string | null; step: number; answers: Record<string, string> };

function tr(locale: string) {
  const l = ((LOCALES as readonly string[]).includes(locale) ? locale : "nb") as Locale;
  return { t: i18nFor(l).getFixedT(l, "panels"), locale: l };
}

const titleOf = (p: { title: Record<string, string | undefined>; key: string }, l: Locale) =>
  p.title[l] ?? p.title.nb ?? Object.values(p.title).find(Boolean) ?? p.key;

async function askCategory(
  tx: Executor,
  deps: Pick<Deps, "env" | "now">,
  input: {
    tenantId: string;
    phone: string;
    lang: Locale;
    ref: Ref;
    category: string;
    features: string[];
    key: string;
    preface?: string;
  },
) {
  const { t } = tr(input.lang);
  const options = input.features.map((f, i) => `${i + 1} ${f}`).join(", ");
  return enqueueSms(tx, deps, {
    tenantId: input.tenantId,
    key: input.key,
    to: input.phone,
    body: [input.preface, t("sms.question", { category: input.category, options })].filter(Boolean).join(" "),
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
  const fallback = input.lang ?? (await tenantLocale(deps.db.db, input.tenantId));
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
      // In the language of the person with this number, when we know it; else the one staff chose.
      const phone = normalizePhone(inv.contact!);
      const lang = (phone.ok ? (await personByPhone(tx, phone.value))?.locale : null) ?? fallback;
      const { t } = tr(lang);
      const r = await enqueueSms(tx, deps, {
        tenantId: input.tenantId,
        key: `panels:invite:${inv.id}`,
        to: inv.contact!,
        body: t("sms.invite", { municipality, panel: titleOf(panel, lang) }),
        lang,
        purpose: "panels.invite",
        // The code printed in a letter means yes too.
        conversation: {
          kind: "panels.signup",
          ref,
          expecting: { kind: "yesno", alsoYes: [inv.code] },
          ttlHours: 24 * 14,
        },
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

/**
 * The person with this phone; an SMS from the number proves it, so an unknown number gets a
 * person (known only by the phone) and an unverified one becomes verified. Their language is
 * the conversation's.
 */
async function personForPhone(tx: Executor, deps: Pick<Deps, "env" | "now">, phone: string, lang: Locale) {
  const now = deps.now();
  await tx.insert(persons).values({ phone, phoneVerifiedAt: now, locale: lang, createdAt: now }).onConflictDoNothing();
  const p = await personByPhone(tx, phone);
  if (!p) return null;
  await tx
    .update(persons)
    .set({ phoneVerifiedAt: now })
    .where(and(eq(persons.id, p.id), isNull(persons.phoneVerifiedAt)));
  if (!p.locale) await writePersonLocale(tx, deps, p.id, lang);
  return p.id;
}

/** One step of the sign-up: consent (yes), then one answer per category, then the pool. */
async function signupStep(
  ctx: Omit<SmsReplyContext, "conversation" | "parsed" | "args"> & { parsed: ParsedReply },
  conv: { tenantId: string; ref: Ref },
): Promise<{ reply?: string; close?: boolean }> {
  const { t, locale } = tr(ctx.lang);
  const ref = conv.ref;
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
      key: `panels:signup:${ref.invitationId ?? "campaign"}:${ref.step + 1}:${ctx.messageSid}`,
      preface: ctx.takePreface(),
    });
    return {};
  }
  const [inv] = ref.invitationId
    ? await deps.db.db.select().from(panelInvitations).where(eq(panelInvitations.id, ref.invitationId))
    : [];
  const personId = await personForPhone(ctx.tx, ctx.deps, ctx.phone, locale);
  const [already] = personId
    ? await deps.db.db
        .select({ id: panelPoolMembers.id })
        .from(panelPoolMembers)
        .where(and(eq(panelPoolMembers.panelId, panel.id), eq(panelPoolMembers.personId, personId)))
    : [];
  if (already) return { reply: t("sms.already") };
  const r = await joinPool(deps, personId, {
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
}

const handler: SmsHandler = {
  async onReply(ctx) {
    const conv = ctx.conversation;
    const ref = conv?.ref as Ref | undefined;
    if (!conv?.tenantId || !ref?.panelId) return {};
    return signupStep(ctx, { tenantId: conv.tenantId, ref });
  },
};

// Invitation codes: 8 characters from the letter's alphabet (no 0 O 1 I).
const CODE = /^[A-HJ-NP-Z2-9]{8}$/;

/**
 * A code from a letter sent as an SMS with no conversation open: the same as answering yes to
 * that invitation. A code-like message that matches no open invitation is told so.
 */
const codeFallback: SmsFallback = {
  async onMessage(ctx) {
    const code = ctx.text.toUpperCase().replace(/[\s-]/g, "");
    if (!CODE.test(code)) return null;
    const db = ctx.tx as unknown as Db;
    const found = await db
      .select({ id: panelInvitations.id, tenantId: panelInvitations.tenantId, panelId: panelInvitations.panelId })
      .from(panelInvitations)
      .where(and(eq(panelInvitations.code, code), isNull(panelInvitations.acceptedAt)));
    if (found.length !== 1) {
      // Letters and digits mixed: a code mistyped or used; plain words are not ours to answer.
      if (!/\d/.test(code) || !/[A-Z]/.test(code)) return null;
      // A sender we know nothing about hears it in Bokmål and English.
      const say = (l: Locale) => tr(l).t("sms.unknownCode", { code });
      return { reply: ctx.langKnown ? say(ctx.lang) : `${say("nb")} / ${say("en")}` };
    }
    const lang = ctx.langKnown ? ctx.lang : await tenantLocale(db, found[0]!.tenantId);
    const inv = found[0]!;
    return signupStep(
      { ...ctx, lang, parsed: { kind: "yes" } },
      { tenantId: inv.tenantId, ref: { panelId: inv.panelId, invitationId: inv.id, step: 0, answers: {} } },
    );
  },
};

/** Registers the reply handler for "panels.signup" conversations. Idempotent. */
export function registerPanelsSms(): void {
  registerSmsHandler("panels.signup", handler);
  registerSmsFallback("panels.code", codeFallback);
}
