import type { Deps } from "#app/lib/deps.ts";
import { formatDecimal } from "#app/lib/format.ts";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import type { DomainError } from "#app/lib/result.ts";
import type { SessionActor } from "#app/modules/identity/session.server.ts";
import type { Municipality } from "#app/modules/tenants/directory.server.ts";
import { audienceLabel, audienceRecipients, listAudiences, parseAudience } from "./audiences.server.ts";
import { parseRecipientsCsv, previewCampaign } from "./campaigns.ts";
import {
  campaignProgress,
  campaignReplies,
  campaignReplyOptions,
  PRICE_PER_SEGMENT_NOK,
  sendCampaign,
} from "./campaigns.server.ts";
import type { ComposerForm } from "./composer-form.ts";
import type { ReplyLocale } from "./replies.ts";

// Staff compose an SMS campaign (app/routes/$tenant.admin_.sms.tsx): a text
// per language with merge fields, recipients as CSV, a preview of characters,
// encoding (GSM-7 or UCS-2) and segments per language with the estimated
// cost, then send through the outbox.

export async function composerView(deps: Deps, m: Municipality, locale: Locale, request: Request) {
  const t = tFor(locale);
  const audiences = (await listAudiences(deps, m.id)).map((o) => ({
    value: o.value,
    kind: o.kind,
    title: audienceLabel(o, locale),
    count: o.count,
  }));
  // What a reply may do: join a recruiting panel, vote in a round in voting (issue 18).
  const replyOptions = (await campaignReplyOptions(deps, m.id)).map((o) => ({
    value: o.value,
    kind: o.kind,
    title: o.title[locale] ?? o.title.nb ?? Object.values(o.title).find(Boolean) ?? "",
  }));
  const c = new URL(request.url).searchParams.get("c");
  const progress = c && /^[0-9a-f-]{36}$/i.test(c) ? await campaignProgress(deps, m.id, c) : null;
  const replies = progress && progress.total ? await campaignReplies(deps, m.id, c!) : [];
  // A journey started from another staff page arrives with what a reply does chosen (?replies=pb:<id>).
  const preset = new URL(request.url).searchParams.get("replies");
  return {
    title: `${t("composer.title", { ns: "sms" })} – ${m.officialName}`,
    audiences,
    replyOptions,
    campaignId: progress && progress.total ? c : null,
    progress: progress && progress.total ? progress : null,
    replies,
    presetReplies: replyOptions.some((o) => o.value === preset) ? preset : null,
  };
}
export type ComposerView = Awaited<ReturnType<typeof composerView>>;

export type Preview = ReturnType<typeof previewCampaign>[number];
interface ComposerReply {
  values: Record<string, string>;
  previews: {
    lang: string;
    characters: number;
    encoding: string;
    segments: number;
    recipients: number;
    cost: string;
    unicodeChars: string[];
  }[];
  invalid: { line: number; value: string; code: string }[];
  error: { code: string; params?: Record<string, string | number> } | null;
  queued: number | null;
}
const shape = (p: Preview, locale: Locale) => ({
  lang: p.lang,
  characters: p.analysis.characters,
  encoding: p.analysis.encoding,
  segments: p.analysis.segments,
  recipients: p.recipients,
  cost: formatDecimal(p.cost, locale, 2, 2),
  unicodeChars: p.analysis.unicodeChars,
});

export type ActionData = ComposerReply & { campaignId?: string };

/** A form the schema refused: its first field's message, with what was typed. */
export function composerRefusal(error: DomainError, values: Record<string, string>): ActionData {
  const first = error.details?.[0];
  return {
    values,
    previews: [],
    invalid: [],
    error: { code: first?.code ?? error.code, params: first?.params },
    queued: null,
  };
}

/** Previews the campaign, or (intent "send") sends it through the outbox. */
export async function runComposer(
  deps: Deps,
  m: Municipality,
  actor: SessionActor,
  locale: Locale,
  input: ComposerForm,
): Promise<{ status: number; data: ActionData }> {
  const values: Record<string, string> = {
    name: input.name,
    recipients: input.recipients,
    urgent: input.urgent,
    confirmInvalid: input.confirmInvalid,
    audience: input.audience,
    replies: input.replies,
  };
  const bodies: Partial<Record<ReplyLocale, string>> = {};
  for (const l of LOCALES) {
    values[`body.${l}`] = input[`body.${l}`];
    if (values[`body.${l}`]!.trim()) bodies[l] = values[`body.${l}`];
  }
  const { recipients, invalid } = parseRecipientsCsv(values.recipients!);
  const audience = values.audience ? parseAudience(values.audience) : null;
  if (values.audience && !audience)
    return {
      status: 400,
      data: { values, previews: [], invalid, error: { code: "campaign.audience" }, queued: null } satisfies ActionData,
    };
  // The preview counts the audience too (one message per number, as the send does).
  const extra = audience ? ((await audienceRecipients(deps, m.id, audience)) ?? []) : [];
  const phones = new Set(recipients.map((r) => r.phone));
  for (const r of extra) {
    if (phones.has(r.phone)) continue;
    phones.add(r.phone);
    recipients.push(r);
  }
  const previews = previewCampaign(bodies, recipients, PRICE_PER_SEGMENT_NOK).map((p) => shape(p, locale));
  const base: ActionData = { values, previews, invalid, error: null, queued: null };
  if (input.intent !== "send") return { status: 200, data: base };
  const r = await sendCampaign(deps, actor, {
    tenantId: m.id,
    name: values.name!,
    bodies,
    recipientsCsv: values.recipients!,
    audience,
    replies: values.replies || null,
    urgent: values.urgent === "on",
    confirmInvalid: values.confirmInvalid === "on",
  });
  if (!r.ok)
    return {
      status: r.error.status,
      data: { ...base, error: { code: r.error.code, params: r.error.params } } satisfies ActionData,
    };
  return {
    status: 200,
    data: {
      ...base,
      values: { name: "", recipients: "", audience: "", replies: "" },
      queued: r.value.queued,
      campaignId: r.value.id,
    },
  };
}
