import { and, eq, inArray, sql } from "drizzle-orm";
import { panels, pbRounds, persons, smsCampaigns, smsOutbox } from "#db/schema/index.ts";
import { isLocale } from "#app/lib/i18n.ts";
import type { Deps } from "#app/lib/deps.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { audienceRecipients, type Audience } from "./audiences.server.ts";
import {
  parseRecipientsCsv,
  previewCampaign,
  renderMerge,
  type CampaignRecipient,
  type InvalidRecipient,
  type LanguagePreview,
} from "./campaigns.ts";
import { decryptPhone, phoneHash } from "./crypto.server.ts";
import { maskPhone } from "./phone.ts";
import { UNDERSTOOD, type InboundHandledAs } from "./inbound.server.ts";
import { enqueueSms, wakeSmsWorkers, type EnqueueSmsInput, type SmsError } from "./outbox.server.ts";
import { tenantLocale } from "./person-locale.server.ts";
import type { ReplyLocale } from "./replies.ts";
import { err, ok, type Result } from "#app/lib/result.ts";

// sendCampaign: staff send one message per language (with merge fields) to a
// list of recipients. One outbox row per recipient, keyed campaign + phone, in
// one transaction with the campaign row: all or nothing, never twice.
// Opt-outs and quiet hours are applied by the worker at send time.

export const PRICE_PER_SEGMENT_NOK = 0.75; // estimate shown in the composer; Twilio's price is on the sent message

export interface SendCampaignInput {
  tenantId: string;
  name: string;
  bodies: Partial<Record<ReplyLocale, string>>;
  /** CSV text: phone,language[,name] per line. */
  recipientsCsv: string;
  /** People the municipality already writes to (followers who chose SMS, a panel's pool, a consultation's participants), besides the CSV. */
  audience?: Audience | null;
  /** Send the valid lines although some lines are invalid (staff saw the list and confirmed). */
  confirmInvalid?: boolean;
  urgent?: boolean;
  /**
   * What a reply does (`campaignReplyOptions` lists them): "panel:<id>" = the message invites to
   * a panel that is recruiting (yes, in any of our languages, joins); "pb:<id>" = it invites to
   * vote in a PB round that is voting (a reply with project codes is a ballot). Each recipient's
   * message then opens that conversation in the recipient's language. Empty: an announcement.
   */
  replies?: string | null;
}

export interface CampaignReplyOption {
  value: string;
  kind: "panel" | "pb";
  title: Record<string, string | undefined>;
}

/** What staff may let replies to a campaign do: join a recruiting panel, vote in a round in voting. */
export async function campaignReplyOptions(deps: Pick<Deps, "db">, tenantId: string): Promise<CampaignReplyOption[]> {
  const ps = await deps.db.db
    .select({ id: panels.id, title: panels.title })
    .from(panels)
    .where(and(eq(panels.tenantId, tenantId), eq(panels.status, "recruiting")));
  const rs = await deps.db.db
    .select({ id: pbRounds.id, title: pbRounds.title })
    .from(pbRounds)
    .where(and(eq(pbRounds.tenantId, tenantId), eq(pbRounds.phase, "voting")));
  return [
    ...ps.map((p) => ({ value: `panel:${p.id}`, kind: "panel" as const, title: p.title as Record<string, string> })),
    ...rs.map((r) => ({ value: `pb:${r.id}`, kind: "pb" as const, title: r.title as Record<string, string> })),
  ];
}

/** The conversation each recipient's message opens for `replies`, or null when it names nothing of this municipality's. */
async function campaignConversation(
  deps: Pick<Deps, "db">,
  tenantId: string,
  replies: string,
): Promise<NonNullable<EnqueueSmsInput["conversation"]> | null> {
  const m = /^(panel|pb):([0-9a-f-]{36})$/i.exec(replies.trim());
  if (!m) return null;
  const option = (await campaignReplyOptions(deps, tenantId)).find((o) => o.value === `${m[1]}:${m[2]}`);
  if (!option) return null;
  // The same conversations as the panel's own SMS invitation and the PB ballot invitation
  // (app/modules/panels/sms.server.ts, app/modules/budgeting/sms.server.ts).
  return option.kind === "panel"
    ? {
        kind: "panels.signup",
        ref: { panelId: m[2], invitationId: null, step: 0, answers: {} },
        expecting: { kind: "yesno" },
        ttlHours: 24 * 14,
      }
    : { kind: "budgeting.ballot", ref: { roundId: m[2] }, expecting: { kind: "free" }, ttlHours: 24 * 30 };
}

export type CampaignError = SmsError & { invalid?: InvalidRecipient[]; previews?: LanguagePreview[] };

export async function sendCampaign(
  deps: Deps,
  actor: Actor | null,
  input: SendCampaignInput,
): Promise<Result<{ id: string; queued: number; skipped: InvalidRecipient[] }, CampaignError>> {
  if (!can(actor, "manage:sms:tenant", { tenantId: input.tenantId }))
    return err({ code: "campaign.forbidden", status: 403 });
  const name = input.name.trim();
  if (!name) return err({ code: "campaign.nameRequired", status: 400, field: "name" });
  if (!input.bodies.nb?.trim()) return err({ code: "campaign.bodyRequired", status: 400, field: "body.nb" });
  const { recipients, invalid } = parseRecipientsCsv(input.recipientsCsv);
  if (input.audience) {
    const more = await audienceRecipients(deps, input.tenantId, input.audience);
    if (!more) return err({ code: "campaign.audience", status: 400, field: "audience" });
    const have = new Set(recipients.map((r) => r.phone));
    for (const r of more) {
      if (have.has(r.phone)) continue;
      have.add(r.phone);
      recipients.push(r);
    }
  }
  const previews = previewCampaign(input.bodies, recipients, PRICE_PER_SEGMENT_NOK);
  const long = previews.find((p) => p.tooLong);
  if (long)
    return err({
      code: "sms.tooLong",
      status: 400,
      field: `body.${long.lang}`,
      params: { lang: long.lang, characters: long.analysis.characters, segments: long.analysis.segments },
      previews,
    });
  if (!recipients.length) return err({ code: "campaign.noRecipients", status: 400, field: "recipients", invalid });
  if (invalid.length && !input.confirmInvalid)
    return err({ code: "campaign.invalidRecipients", status: 400, field: "recipients", invalid, previews });

  const conversation = input.replies?.trim() ? await campaignConversation(deps, input.tenantId, input.replies) : null;
  if (input.replies?.trim() && !conversation) return err({ code: "campaign.replies", status: 400, field: "replies" });

  const now = deps.now();
  const fallback = await tenantLocale(deps.db.db, input.tenantId);
  // A person's own language wins over the list's, when the campaign has a text in it.
  const known = new Map(
    recipients.length
      ? (
          await deps.db.db
            .select({ phone: persons.phone, locale: persons.locale })
            .from(persons)
            .where(
              inArray(
                persons.phone,
                recipients.map((r) => r.phone),
              ),
            )
        ).map((p) => [p.phone, p.locale])
      : [],
  );
  const has = (l: string | null | undefined): l is ReplyLocale => isLocale(l) && !!input.bodies[l]?.trim();
  const result = await deps.db.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(smsCampaigns)
      .values({
        tenantId: input.tenantId,
        name,
        bodies: input.bodies,
        recipients: recipients.length,
        urgent: !!input.urgent,
        createdByPersonId: actor!.id,
        createdAt: now,
      })
      .returning({ id: smsCampaigns.id });
    let queued = 0;
    for (const r of recipients) {
      const own = known.get(r.phone);
      const lang: ReplyLocale = has(own) ? own : has(r.lang) ? r.lang : has(fallback) ? fallback : "nb";
      const body = renderMerge(input.bodies[lang]!, { name: r.name });
      const q = await enqueueSms(tx, deps, {
        tenantId: input.tenantId,
        key: `campaign:${c!.id}:${phoneHash(deps.env, r.phone)}`,
        to: r.phone,
        body,
        lang,
        purpose: "campaign",
        campaignId: c!.id,
        urgent: input.urgent,
        ...(conversation ? { conversation } : {}),
      });
      if (!q.ok) throw new Error(`campaign row refused after validation: ${q.error.code}`);
      if (q.value.created) queued++;
    }
    return { id: c!.id, queued };
  });
  wakeSmsWorkers();
  return ok({ ...result, skipped: invalid });
}

export interface CampaignProgress {
  total: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  replied: number;
  /** Recipients whose reply we could act on (an answer, a ballot, STOP, START, HELP). */
  understood: number;
  /** Recipients who have opted out (before the campaign or by STOP since). */
  stopped: number;
}

/** Counts for a running campaign (the composer page shows them, and the live channel pushes them). */
export async function campaignProgress(deps: Deps, tenantId: string, campaignId: string): Promise<CampaignProgress> {
  const [row] = await deps.db.db
    .select({
      total: sql<number>`count(*)::int`,
      queued: sql<number>`count(*) filter (where ${smsOutbox.status} in ('queued', 'sending'))::int`,
      sent: sql<number>`count(*) filter (where ${smsOutbox.status} = 'sent')::int`,
      delivered: sql<number>`count(*) filter (where ${smsOutbox.deliveryStatus} in ('delivered', 'read'))::int`,
      failed: sql<number>`count(*) filter (where ${smsOutbox.status} = 'dead' or ${smsOutbox.deliveryStatus} in ('failed', 'undelivered'))::int`,
      suppressed: sql<number>`count(*) filter (where ${smsOutbox.status} = 'suppressed')::int`,
    })
    .from(smsOutbox)
    .where(and(eq(smsOutbox.tenantId, tenantId), eq(smsOutbox.campaignId, campaignId)));
  // Replies from recipients since the campaign went out (whatever its rows' status now: a STOP
  // after delivery must not make the reply vanish from the count).
  const [rep] = await deps.db.rows<{ replied: number; understood: number; stopped: number }>(sql`
    with c as (select created_at from sms_campaigns where id = ${campaignId} and tenant_id = ${tenantId}),
         r as (select distinct to_hash from sms_outbox where campaign_id = ${campaignId} and tenant_id = ${tenantId}),
         i as (select from_hash, handled_as from sms_inbound
                where from_hash in (select to_hash from r) and received_at >= (select created_at from c))
    select (select count(distinct from_hash) from i)::int as replied,
           (select count(distinct from_hash) from i where handled_as in (${sql.join(
             UNDERSTOOD.map((h) => sql`${h}`),
             sql`, `,
           )}))::int as understood,
           (select count(*) from r where to_hash in (select phone_hash from sms_opt_outs))::int as stopped`);
  return { ...row!, replied: rep?.replied ?? 0, understood: rep?.understood ?? 0, stopped: rep?.stopped ?? 0 };
}

/** A reply from one of a campaign's recipients: when, from whom (masked), what they wrote, how we read it and what we answered. */
export interface CampaignReply {
  at: string;
  from: string;
  body: string;
  handledAs: InboundHandledAs;
  answer: string | null;
}

/** The newest replies from a campaign's recipients since it went out (the campaign page's list, issue 18). */
export async function campaignReplies(
  deps: Deps,
  tenantId: string,
  campaignId: string,
  limit = 100,
): Promise<CampaignReply[]> {
  const rows = await deps.db.rows<{
    received_at: Date | string;
    from_enc: string;
    body: string;
    handled_as: string | null;
    answer: string | null;
  }>(sql`
    with c as (select created_at from sms_campaigns where id = ${campaignId} and tenant_id = ${tenantId}),
         r as (select distinct to_hash from sms_outbox where campaign_id = ${campaignId} and tenant_id = ${tenantId})
    select i.received_at, i.from_enc, i.body, i.handled_as, o.body as answer
      from sms_inbound i left join sms_outbox o on o.id = i.reply_outbox_id
     where i.from_hash in (select to_hash from r)
       and i.received_at >= (select created_at from c)
       and (i.tenant_id = ${tenantId} or i.tenant_id is null)
     order by i.received_at desc
     limit ${limit}`);
  return rows.map((r) => ({
    at: new Date(r.received_at).toISOString(),
    from: maskPhone(decryptPhone(deps.env, r.from_enc)),
    body: r.body,
    handledAs: (r.handled_as ?? "unknown") as InboundHandledAs,
    answer: r.answer,
  }));
}

export type { CampaignRecipient };
