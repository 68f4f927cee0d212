import { z } from "zod";

// The forms on a panel's staff page (app/modules/panels/ui/staff-panel.tsx),
// one schema per intent; the field names are the form's.
const text = (max: number) => z.string().max(max).default("");

export const StaffPanelForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("quotas"), quotas: text(20_000) }),
  z.object({ intent: z.literal("recruit"), open: text(5) }),
  z.object({ intent: z.literal("draw"), method: text(20), seed: text(300) }),
  z.object({ intent: z.literal("publish"), selectionId: text(100) }),
  z.object({ intent: z.literal("replace"), memberId: text(100) }),
  z.object({
    intent: z.literal("survey"),
    surveyKey: z.string().trim().max(100).default(""),
    surveyTitle: text(300),
    questions: text(20_000),
  }),
  z.object({ intent: z.enum(["survey-open", "survey-remind", "survey-close"]), surveyId: text(100) }),
  // The file's own checks (present, at most 5 MB, CSV) stay with the page's answer.
  z.object({ intent: z.literal("frame"), file: z.unknown(), sampleSize: text(10), retentionDays: text(10) }),
  z.object({ intent: z.literal("sms-invite") }),
  z.object({ intent: z.literal("margins"), margins: text(20_000) }),
]);
export type StaffPanelForm = z.output<typeof StaffPanelForm>;
