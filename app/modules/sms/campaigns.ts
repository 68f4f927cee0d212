import { parseCsv } from "#app/lib/csv.ts";
import { renderMerge, SAMPLE_FIELDS } from "./merge.ts";
export { renderMerge, SAMPLE_FIELDS };
import { REPLY_LOCALES, type ReplyLocale } from "./replies.ts";
import { normalizePhone, type E164 } from "./phone.ts";
import { analyzeSms, estimateCost, prepareSmsBody, type SmsAnalysis } from "./segments.ts";

// Campaigns, the pure part: recipients from an uploaded CSV, merge fields,
// and the per-language preview the composer shows (characters, GSM-7 or
// UCS-2, segments, cost). Shared by the composer page and sendCampaign.

export interface CampaignRecipient {
  phone: E164;
  lang: ReplyLocale;
  name: string;
  line: number;
}
export interface InvalidRecipient {
  line: number;
  value: string;
  code: string;
}

const isLang = (v: string): v is ReplyLocale => (REPLY_LOCALES as readonly string[]).includes(v);

/**
 * Reads "phone,language[,name]" lines (a header row is skipped; `;` also
 * separates). Invalid numbers and unknown languages are listed with their
 * line; duplicates of a number keep the first line.
 */
export function parseRecipientsCsv(
  text: string,
  defaultLang: ReplyLocale = "nb",
): { recipients: CampaignRecipient[]; invalid: InvalidRecipient[] } {
  const delimiter = !text.includes(",") && text.includes(";") ? ";" : ",";
  const rows = parseCsv(text.endsWith("\n") ? text : `${text}\n`, delimiter);
  const recipients: CampaignRecipient[] = [];
  const invalid: InvalidRecipient[] = [];
  const seen = new Set<string>();
  rows.forEach((cells, i) => {
    const line = i + 1;
    const [rawPhone = "", rawLang = "", rawName = ""] = cells.map((c) => c.trim());
    if (!rawPhone && cells.every((c) => !c.trim())) return;
    if (i === 0 && /^(phone|telefon|mobil|nummer|number)/i.test(rawPhone)) return;
    const phone = normalizePhone(rawPhone);
    if (!phone.ok) return void invalid.push({ line, value: rawPhone, code: phone.error.code });
    const lang = rawLang ? rawLang.toLowerCase() : defaultLang;
    if (!isLang(lang)) return void invalid.push({ line, value: rawLang, code: "campaign.language" });
    if (seen.has(phone.value)) return;
    seen.add(phone.value);
    recipients.push({ phone: phone.value, lang, name: rawName, line });
  });
  return { recipients, invalid };
}

export interface LanguagePreview {
  lang: ReplyLocale;
  analysis: SmsAnalysis;
  recipients: number;
  cost: number;
  tooLong: boolean;
}

/** What the composer shows per language, for the rendered sample message. */
export function previewCampaign(
  bodies: Partial<Record<ReplyLocale, string>>,
  recipients: readonly CampaignRecipient[],
  pricePerSegment: number,
): LanguagePreview[] {
  const out: LanguagePreview[] = [];
  for (const lang of REPLY_LOCALES) {
    const body = bodies[lang];
    if (!body?.trim()) continue;
    const analysis = analyzeSms(prepareSmsBody(renderMerge(body, SAMPLE_FIELDS)));
    const n = recipients.filter((r) => (bodies[r.lang]?.trim() ? r.lang : "nb") === lang).length;
    out.push({
      lang,
      analysis,
      recipients: n,
      cost: estimateCost(analysis.segments, n, pricePerSegment).total,
      tooLong: analysis.tooLong,
    });
  }
  return out;
}
