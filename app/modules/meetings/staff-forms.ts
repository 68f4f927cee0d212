import { z } from "zod";

// The forms on a meeting in the secretaries' console
// (app/modules/meetings/ui/meeting-admin.tsx), one schema per intent; the
// field names are the form's, and a refusal is shown next to its field.
const text = (max: number) => z.string().max(max).default("");

export const MeetingStaffForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    startsAt: text(40),
    endsAt: text(40),
    location: text(300),
    remoteUrl: text(2000),
    streamUrl: text(2000),
  }),
  z.object({
    intent: z.literal("addItem"),
    caseId: text(100),
    newCaseTitle: text(500),
    itemTitle: text(500),
    closed: z.literal("on").optional(),
    closedBasis: text(300),
  }),
  z.object({ intent: z.literal("removeItem"), itemId: text(100) }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("status"), status: text(40) }),
  // The file's own checks (present, at most 2 MB, CSV or JSON) stay with the import's answer.
  z.object({ intent: z.literal("import"), file: z.unknown(), format: text(10) }),
]);
export type MeetingStaffForm = z.output<typeof MeetingStaffForm>;
