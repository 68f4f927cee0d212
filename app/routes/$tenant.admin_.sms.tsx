import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ENDONYMS, LOCALES } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { formatDecimal } from "#app/lib/format.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";
import { parseRecipientsCsv, previewCampaign } from "#app/modules/sms/campaigns.ts";
import { renderMerge, SAMPLE_FIELDS } from "#app/modules/sms/merge.ts";
import { analyzeSms, prepareSmsBody } from "#app/modules/sms/segments.ts";
import {
  campaignProgress,
  campaignReplyOptions,
  PRICE_PER_SEGMENT_NOK,
  sendCampaign,
} from "#app/modules/sms/campaigns.server.ts";
import type { ReplyLocale } from "#app/modules/sms/replies.ts";
import { audienceLabel, audienceRecipients, listAudiences, parseAudience } from "#app/modules/sms/audiences.server.ts";
import { useCampaignLive } from "#app/modules/sms/use-campaign-live.ts";

// Staff compose an SMS campaign: a text per language with merge fields,
// recipients as CSV, a preview of characters, encoding (GSM-7 or UCS-2) and
// segments per language with the estimated cost, then send through the
// outbox. Works without JavaScript (plain form, preview is a server round trip).
export const handle = { i18n: ["sms"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  await requireStaff(request, deps, m.id, "manage:sms:tenant");
  const locale = requestLocale(request, deps, m.slug);
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
  return {
    title: `${t("composer.title", { ns: "sms" })} – ${m.officialName}`,
    audiences,
    replyOptions,
    campaignId: progress && progress.total ? c : null,
    progress: progress && progress.total ? progress : null,
  };
}

type Preview = ReturnType<typeof previewCampaign>[number];
interface ActionData {
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  const actor = await requireStaff(request, deps, m.id, "manage:sms:tenant");
  const form = await request.formData();
  const str = (k: string, max = 20_000) => String(form.get(k) ?? "").slice(0, max);
  const values: Record<string, string> = {
    name: str("name", 200),
    recipients: str("recipients", 2_000_000),
    urgent: str("urgent", 3),
    confirmInvalid: str("confirmInvalid", 3),
    audience: str("audience", 100),
    replies: str("replies", 100),
  };
  const bodies: Partial<Record<ReplyLocale, string>> = {};
  for (const l of LOCALES) {
    values[`body.${l}`] = str(`body.${l}`, 5_000);
    if (values[`body.${l}`]!.trim()) bodies[l] = values[`body.${l}`];
  }
  const { recipients, invalid } = parseRecipientsCsv(values.recipients!);
  const audience = values.audience ? parseAudience(values.audience) : null;
  if (values.audience && !audience)
    return Response.json(
      { values, previews: [], invalid, error: { code: "campaign.audience" }, queued: null } satisfies ActionData,
      { status: 400 },
    );
  // The preview counts the audience too (one message per number, as the send does).
  const extra = audience ? ((await audienceRecipients(deps, m.id, audience)) ?? []) : [];
  const phones = new Set(recipients.map((r) => r.phone));
  for (const r of extra) {
    if (phones.has(r.phone)) continue;
    phones.add(r.phone);
    recipients.push(r);
  }
  const previews = previewCampaign(bodies, recipients, PRICE_PER_SEGMENT_NOK).map((p) =>
    shape(p, requestLocale(request, deps, m.slug)),
  );
  const base: ActionData = { values, previews, invalid, error: null, queued: null };
  if (form.get("intent") !== "send") return base;
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
    return Response.json({ ...base, error: { code: r.error.code, params: r.error.params } } satisfies ActionData, {
      status: r.error.status,
    });
  return {
    ...base,
    values: { name: "", recipients: "", audience: "", replies: "" },
    queued: r.value.queued,
    campaignId: r.value.id,
  } as ActionData & { campaignId: string };
}

/** One language's text, with a live count (characters, encoding, segments) once JavaScript runs; the preview button does the same without it. */
function BodyField({ lang, label, initial }: { lang: ReplyLocale; label: string; initial: string }) {
  const { t } = useTranslation("sms");
  const [text, setText] = useState(initial);
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const a = text.trim() ? analyzeSms(prepareSmsBody(renderMerge(text, SAMPLE_FIELDS))) : null;
  return (
    <div>
      <label htmlFor={`sms-body-${lang}`}>{label}</label>
      <textarea
        id={`sms-body-${lang}`}
        name={`body.${lang}`}
        lang={lang}
        dir={lang === "ar" ? "rtl" : undefined}
        rows={lang === "nb" ? 4 : 2}
        defaultValue={initial}
        onChange={(e) => setText(e.target.value)}
      />
      {live && a ? (
        <output htmlFor={`sms-body-${lang}`} className="muted" data-live-count={lang}>
          {t("composer.stats", {
            characters: a.characters,
            encoding: a.encoding,
            segments: a.segments,
            recipients: "–",
            cost: "–",
          })}
          {a.encoding === "UCS-2" ? ` ${t("composer.ucs2", { chars: a.unicodeChars.join(" ") })}` : ""}
        </output>
      ) : null}
    </div>
  );
}

export default function SmsComposer() {
  const loaded = useLoaderData<typeof loader>();
  // Live over socket.io (sent, delivered, failed, replied); the loader's counts without JavaScript.
  const progress = useCampaignLive(loaded.campaignId, loaded.progress);
  const data = useActionData<typeof action>() as (ActionData & { campaignId?: string }) | undefined;
  const { t } = useTranslation("sms");
  const v = data?.values ?? {};
  const err = data?.error;
  return (
    <>
      <h1>{t("composer.title")}</h1>
      <p>
        {/* The merge field is shown as code: it is typed as is, not translated. */}
        {t("composer.intro", { field: "\u0000" })
          .split("\u0000")
          .flatMap((part, i) => (i ? [<code key={i}>{"{{name}}"}</code>, part] : [part]))}
      </p>
      {data?.queued != null ? (
        <p className="notice" role="status">
          {t("composer.queued", { count: data.queued })} <a href={`?c=${data.campaignId}`}>{t("composer.progress")}</a>
        </p>
      ) : null}
      {progress ? (
        <section aria-labelledby="progress-h">
          <h2 id="progress-h">{t("composer.progress")}</h2>
          <p data-testid="progress" aria-live="polite">
            {t("composer.progressStats", { ...progress })}
          </p>
        </section>
      ) : null}
      {err ? (
        <p className="error" role="alert" id="composer-error">
          {t(`errors.${err.code}`, err.params ?? {})}
        </p>
      ) : null}
      <Form method="post" className="stack" aria-describedby={err ? "composer-error" : undefined}>
        <CsrfInput />
        <label htmlFor="sms-name">{t("composer.name")}</label>
        <input id="sms-name" name="name" defaultValue={v.name ?? ""} maxLength={200} />
        {LOCALES.map((l) => (
          <BodyField
            key={l}
            lang={l}
            label={t("composer.bodyLabel", { language: ENDONYMS[l] })}
            initial={v[`body.${l}`] ?? ""}
          />
        ))}
        <label htmlFor="sms-audience">{t("composer.audience")}</label>
        <select id="sms-audience" name="audience" defaultValue={v.audience ?? ""}>
          <option value="">{t("composer.audienceNone")}</option>
          {loaded.audiences.map((o) => (
            <option key={o.value} value={o.value}>
              {o.kind === "followers"
                ? t("composer.audienceFollowers", { count: o.count })
                : t(o.kind === "panel" ? "composer.audiencePanel" : "composer.audienceConsultation", {
                    title: o.title,
                    count: o.count,
                  })}
            </option>
          ))}
        </select>
        <label htmlFor="sms-replies">{t("composer.replies")}</label>
        <select id="sms-replies" name="replies" defaultValue={v.replies ?? ""}>
          <option value="">{t("composer.repliesNone")}</option>
          {loaded.replyOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {t(o.kind === "panel" ? "composer.repliesPanel" : "composer.repliesPb", { title: o.title })}
            </option>
          ))}
        </select>
        <label htmlFor="sms-recipients">{t("composer.recipients")}</label>
        <textarea id="sms-recipients" name="recipients" rows={5} defaultValue={v.recipients ?? ""} />
        <div>
          <input type="checkbox" id="sms-urgent" name="urgent" defaultChecked={v.urgent === "on"} />
          <label htmlFor="sms-urgent">{t("composer.urgent")}</label>
        </div>
        <div>
          <input type="checkbox" id="sms-confirm" name="confirmInvalid" defaultChecked={v.confirmInvalid === "on"} />
          <label htmlFor="sms-confirm">{t("composer.confirmInvalid")}</label>
        </div>
        <div>
          <button type="submit" name="intent" value="preview">
            {t("composer.preview")}
          </button>{" "}
          <button type="submit" name="intent" value="send">
            {t("composer.send")}
          </button>
        </div>
      </Form>
      {data?.previews.length ? (
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">{t("composer.previewTitle")}</h2>
          <ul>
            {data.previews.map((p) => (
              <li key={p.lang} data-lang={p.lang}>
                <strong>{ENDONYMS[p.lang as ReplyLocale]}</strong>: {t("composer.stats", p)}
                {p.encoding === "UCS-2" ? (
                  <p className="notice">{t("composer.ucs2", { chars: p.unicodeChars.join(" ") })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data?.invalid.length ? (
        <section aria-labelledby="invalid-h">
          <h2 id="invalid-h">{t("composer.invalidTitle")}</h2>
          <ul>
            {data.invalid.map((i) => (
              <li key={i.line}>
                {t("composer.invalidLine", { line: i.line, value: i.value, reason: t(`errors.${i.code}`) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
