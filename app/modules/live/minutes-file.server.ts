import type { Deps } from "#app/lib/deps.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { getMeeting } from "#app/modules/meetings/queries.server.ts";
import { tenantLocale } from "#app/modules/sms/person-locale.server.ts";
import { getMinutes, getPublicLive } from "./live.server.ts";
import { renderMinutesPdf } from "./minutes-pdf.server.ts";

// The published minutes of a public meeting as a PDF (issue 17), in the municipality's Norwegian
// (the language the minutes are written in). Null when the meeting is not public or its minutes
// are not published, so a draft never leaves the secretary's page.
export async function publishedMinutesPdf(
  deps: Deps,
  m: { id: string; officialName: string },
  meetingId: string,
): Promise<{ pdf: Uint8Array; filename: string } | null> {
  const db = deps.db.db;
  const [live, mt] = await Promise.all([getPublicLive(db, m.id, meetingId), getMeeting(db, m.id, meetingId)]);
  if (!live || !mt) return null;
  const saved = await getMinutes(db, m.id, meetingId);
  if (!saved?.publishedAt) return null;
  const lang = await tenantLocale(db, m.id);
  const date = new Intl.DateTimeFormat(lang === "nn" ? "nn-NO" : "nb-NO", {
    dateStyle: "long",
    timeZone: "Europe/Oslo",
  }).format(mt.startsAt);
  const title = tFor(lang)("minutes.docTitle", { ns: "live", body: pickText(mt.body.name, lang)?.value ?? "", date });
  const pdf = await renderMinutesPdf({
    title,
    municipality: m.officialName,
    body: saved.body,
    publishedAt: saved.publishedAt,
    lang: lang === "nn" ? "nn-NO" : "nb-NO",
  });
  const day = mt.startsAt.toISOString().slice(0, 10);
  return { pdf, filename: `motebok-${day}.pdf` };
}
