import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { pickText, type LocalizedText } from "#app/lib/localized.ts";
import {
  consultationParticipants,
  consultations,
  follows,
  panelPoolMembers,
  panels,
  persons,
} from "#db/schema/index.ts";
import type { CampaignRecipient } from "./campaigns.ts";
import { normalizePhone } from "./phone.ts";
import { REPLY_LOCALES, type ReplyLocale } from "./replies.ts";

// Who a campaign can go to besides an uploaded CSV: people the municipality
// already has a reason to write to, each with a phone number they gave for it.
//   followers:<tenant>          residents who follow something here and chose SMS (confirmed number)
//   panel:<panelId>             a panel's pool (volunteers who gave a number, not withdrawn)
//   consultation:<id>           a consultation's participants with a confirmed number
// The audience is resolved when the campaign is sent; a number in several
// sources (or also in the CSV) gets one message. Opt-outs still apply at send.

export type Audience = { kind: "followers" } | { kind: "panel"; id: string } | { kind: "consultation"; id: string };

export interface AudienceOption {
  value: string;
  kind: Audience["kind"];
  label: LocalizedText | null;
  count: number;
}

export function parseAudience(value: string): Audience | null {
  if (value === "followers") return { kind: "followers" };
  const m = /^(panel|consultation):([0-9a-f-]{36})$/.exec(value);
  return m ? { kind: m[1] as "panel" | "consultation", id: m[2]! } : null;
}

const langOf = (v: string | null | undefined): ReplyLocale =>
  (REPLY_LOCALES as readonly string[]).includes(v ?? "") ? (v as ReplyLocale) : "nb";

interface Row {
  phone: string | null;
  locale: string | null;
  name: string | null;
}

async function rowsOf(deps: Deps, tenantId: string, a: Audience): Promise<Row[] | null> {
  const db = deps.db.db;
  if (a.kind === "followers") {
    return db
      .selectDistinct({ phone: persons.phone, locale: persons.locale, name: persons.displayName })
      .from(follows)
      .innerJoin(persons, eq(persons.id, follows.personId))
      .where(
        and(
          eq(follows.tenantId, tenantId),
          eq(follows.channel, "sms"),
          isNotNull(persons.phoneVerifiedAt),
          isNull(persons.deletedAt),
        ),
      );
  }
  if (a.kind === "panel") {
    const [p] = await db
      .select({ id: panels.id })
      .from(panels)
      .where(and(eq(panels.id, a.id), eq(panels.tenantId, tenantId)));
    if (!p) return null;
    return db
      .select({ phone: panelPoolMembers.phone, locale: persons.locale, name: panelPoolMembers.name })
      .from(panelPoolMembers)
      .leftJoin(persons, eq(persons.id, panelPoolMembers.personId))
      .where(
        and(
          eq(panelPoolMembers.panelId, p.id),
          isNull(panelPoolMembers.withdrawnAt),
          isNotNull(panelPoolMembers.phone),
        ),
      )
      .orderBy(asc(panelPoolMembers.createdAt));
  }
  const [c] = await db
    .select({ id: consultations.id })
    .from(consultations)
    .where(and(eq(consultations.id, a.id), eq(consultations.tenantId, tenantId)));
  if (!c) return null;
  return db
    .select({ phone: persons.phone, locale: persons.locale, name: persons.displayName })
    .from(consultationParticipants)
    .innerJoin(persons, eq(persons.id, consultationParticipants.personId))
    .where(
      and(
        eq(consultationParticipants.consultationId, c.id),
        isNotNull(persons.phoneVerifiedAt),
        isNull(persons.deletedAt),
      ),
    )
    .orderBy(asc(consultationParticipants.createdAt));
}

/** The recipients of an audience in this municipality, or null when it is not one of its own. */
export async function audienceRecipients(
  deps: Deps,
  tenantId: string,
  a: Audience,
): Promise<CampaignRecipient[] | null> {
  const rows = await rowsOf(deps, tenantId, a);
  if (!rows) return null;
  const out: CampaignRecipient[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const phone = normalizePhone(r.phone ?? "");
    if (!phone.ok || seen.has(phone.value)) continue;
    seen.add(phone.value);
    out.push({ phone: phone.value, lang: langOf(r.locale), name: r.name ?? "", line: 0 });
  }
  return out;
}

/** The audiences the composer offers, with how many people each reaches now. */
export async function listAudiences(deps: Deps, tenantId: string): Promise<AudienceOption[]> {
  const db = deps.db.db;
  const out: AudienceOption[] = [
    {
      value: "followers",
      kind: "followers",
      label: null,
      count: (await audienceRecipients(deps, tenantId, { kind: "followers" }))!.length,
    },
  ];
  const ps = await db
    .select({ id: panels.id, title: panels.title })
    .from(panels)
    .where(eq(panels.tenantId, tenantId))
    .orderBy(asc(panels.createdAt));
  for (const p of ps)
    out.push({
      value: `panel:${p.id}`,
      kind: "panel",
      label: p.title,
      count: (await audienceRecipients(deps, tenantId, { kind: "panel", id: p.id }))!.length,
    });
  const cs = await db
    .select({ id: consultations.id, title: consultations.title })
    .from(consultations)
    .where(
      and(
        eq(consultations.tenantId, tenantId),
        sql`exists (select 1 from consultation_participants cp where cp.consultation_id = ${consultations.id})`,
      ),
    )
    .orderBy(asc(consultations.createdAt));
  for (const c of cs)
    out.push({
      value: `consultation:${c.id}`,
      kind: "consultation",
      label: c.title as LocalizedText,
      count: (await audienceRecipients(deps, tenantId, { kind: "consultation", id: c.id }))!.length,
    });
  return out;
}

export const audienceLabel = (o: AudienceOption, locale: string) =>
  o.label ? (pickText(o.label, locale as never)?.value ?? "") : "";
