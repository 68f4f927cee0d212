import { z } from "zod";
import { CASE_STEP_KINDS, DOCUMENT_KINDS } from "#db/schema/political.ts";
import { LocalizedInput, RequiredLocalized } from "#app/modules/meetings/schemas.ts";

export const CaseInput = z.object({
  year: z.coerce.number().int().min(1900).max(2999),
  /** Omitted: the next free number of that year in this municipality. */
  sequence: z.coerce.number().int().min(1).max(9_999_999).optional(),
  title: RequiredLocalized,
  summary: LocalizedInput.optional(),
  decisionText: z.string().trim().max(50_000).nullish(),
  geo: z.unknown().optional(),
  areaBodyId: z.string().uuid().nullish(),
  closedBasis: z.string().trim().max(300).nullish(),
});
export type CaseInput = z.input<typeof CaseInput>;

export const CaseUpdate = CaseInput.omit({ year: true, sequence: true })
  .partial()
  .extend({ caseId: z.string().uuid() });

export const JourneyInput = z.object({
  caseId: z.string().uuid(),
  steps: z
    .array(
      z.object({
        bodyId: z.string().uuid(),
        kind: z.enum(CASE_STEP_KINDS),
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, "political:errors.badDate")
          .nullish(),
        meetingId: z.string().uuid().nullish(),
      }),
    )
    .max(30),
});
export type JourneyInput = z.input<typeof JourneyInput>;

export const DocumentInput = z.object({
  caseId: z.string().uuid(),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string().trim().min(1, "political:errors.titleRequired").max(300),
  fileName: z.string().max(1000),
});
export type DocumentInput = z.input<typeof DocumentInput> & { bytes: Uint8Array };
