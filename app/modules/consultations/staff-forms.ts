import { z } from "zod";

// The forms on a consultation's staff page (app/modules/consultations/ui/consultation-admin.tsx),
// one schema per intent. The opinion-statement intents are read by the
// opinions module's own handler (app/modules/opinions/staff.server.ts).
const text = (max: number) => z.string().max(max).default("");

export const OPINION_INTENTS = [
  "opinions-on",
  "opinions-off",
  "opinion-hide",
  "opinion-approve",
  "opinion-restore",
  "opinions-sms",
] as const;

export const ConsultationStaffForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(OPINION_INTENTS) }).passthrough(),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("generate") }),
  z.object({ intent: z.literal("attach"), reportId: text(40) }),
  z.object({ intent: z.literal("request") }),
  z.object({ intent: z.literal("statement"), statementId: text(40), text: text(50_000) }),
  z.object({ intent: z.literal("feedback"), feedback: text(5000) }),
  z.object({ intent: z.literal("edit"), title: text(300), summary: text(5000), closesAt: text(40) }),
  z.object({ intent: z.enum(["hide", "restore", "approve"]), commentId: text(40), reason: text(500) }),
  z.object({
    intent: z.literal("sms-question"),
    questionId: text(40),
    audience: text(100),
    recipients: text(200_000),
    reminderHours: text(4),
  }),
]);
export type ConsultationStaffForm = z.output<typeof ConsultationStaffForm>;
