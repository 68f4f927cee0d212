import { z } from "zod";
import { localizedFields } from "#app/lib/form.ts";
import { CASE_STEP_KINDS, DOCUMENT_KINDS } from "#db/schema/political.ts";

// The forms on a case in the secretaries' console (app/modules/cases/ui/case-admin.tsx),
// one schema per intent. The field names are the form's; a refusal names the
// field and the form shows the message next to it.
const text = (max: number) => z.string().max(max);

export const CaseStaffForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    ...localizedFields("title"),
    ...localizedFields("summary"),
    closedBasis: text(300).default(""),
  }),
  z.object({ intent: z.literal("place"), geo: text(2_000_000).default(""), areaBodyId: text(40).default("") }),
  z.object({ intent: z.literal("decision"), decisionText: text(50_000).default("") }),
  z.object({
    intent: z.literal("addStep"),
    bodyId: text(100).default(""),
    kind: z.enum(CASE_STEP_KINDS),
    date: text(10).default(""),
  }),
  z.object({ intent: z.literal("clearJourney") }),
  z.object({
    intent: z.literal("upload"),
    kind: z.enum(DOCUMENT_KINDS),
    title: text(300).default(""),
    // The empty-file check stays with the command's answer (errors.emptyFile).
    file: z.unknown(),
  }),
  z.object({ intent: z.literal("removeDocument"), documentId: text(100) }),
]);
export type CaseStaffForm = z.output<typeof CaseStaffForm>;
