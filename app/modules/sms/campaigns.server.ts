import { and, eq, sql } from "drizzle-orm";
import { smsCampaigns, smsInbound, smsOutbox } from "#db/schema/index.ts";
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
import { phoneHash } from "./crypto.server.ts";
import { enqueueSms, wakeSmsWorkers, type SmsError } from "./outbox.server.ts";
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

  const now = deps.now();
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
      const lang = input.bodies[r.lang]?.trim() ? r.lang : "nb";
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
  const [rep] = await deps.db.db
    .select({ n: sql<number>`count(distinct ${smsInbound.fromHash})::int` })
    .from(smsInbound)
    .where(
      sql`${smsInbound.fromHash} in (select to_hash from sms_outbox where campaign_id = ${campaignId} and status = 'sent') and ${smsInbound.receivedAt} >= (select created_at from sms_campaigns where id = ${campaignId})`,
    );
  return { ...row!, replied: rep?.n ?? 0 };
}

export type { CampaignRecipient };
