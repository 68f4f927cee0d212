import { z } from "zod";
import { LOCALES } from "#app/lib/i18n.ts";

// Inputs shared by forms, commands and the import (zod).
const trimmed = (max: number) => z.string().trim().max(max);

/** Text staff write, per language; Bokmål or Nynorsk is required. */
export const LocalizedInput = z
  .record(z.enum(LOCALES), trimmed(2000))
  .transform(
    (o) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== "")) as Partial<
        Record<(typeof LOCALES)[number], string>
      >,
  );
export const RequiredLocalized = LocalizedInput.refine((o) => !!(o.nb || o.nn), {
  message: "political:errors.titleRequired",
});

const webUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "political:errors.badUrl");
const optionalUrl = z.union([webUrl, z.literal("").transform(() => null), z.null()]).optional();

export const MeetingInput = z
  .object({
    bodyId: z.string().uuid(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date().nullish(),
    location: trimmed(300).nullish(),
    remoteUrl: optionalUrl,
    streamUrl: optionalUrl,
  })
  .refine((m) => !m.endsAt || m.endsAt > m.startsAt, { message: "political:errors.endBeforeStart", path: ["endsAt"] });
export type MeetingInput = z.input<typeof MeetingInput>;

export const MeetingUpdate = z.object({
  meetingId: z.string().uuid(),
  startsAt: z.coerce.date().optional(),
  endsAt: z.coerce.date().nullish(),
  location: trimmed(300).nullish(),
  remoteUrl: optionalUrl,
  streamUrl: optionalUrl,
});

export const AgendaItemInput = z
  .object({
    meetingId: z.string().uuid(),
    caseId: z.string().uuid().nullish(),
    title: LocalizedInput.nullish(),
    closed: z.boolean().default(false),
    closedBasis: trimmed(300).nullish(),
  })
  .refine((i) => !i.closed || !!i.closedBasis, { message: "political:errors.closedNeedsBasis", path: ["closedBasis"] })
  .refine((i) => !!i.caseId || !!(i.title && Object.keys(i.title).length), {
    message: "political:errors.itemNeedsCaseOrTitle",
  });
export type AgendaItemInput = z.input<typeof AgendaItemInput>;
