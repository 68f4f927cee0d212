import { z } from "zod";
import { localizedFields } from "#app/lib/form.ts";

// The forms of a body's admin page (app/modules/bodies/ui/body-admin.tsx), one schema per intent.
const text = (max: number) => z.string().max(max).default("");

export const BodyStaffForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    ...localizedFields("name"),
    noticeLeadDays: text(3),
    area: text(2_000_000),
    // The uploaded area's own check (at most 2 MB) stays with the page's answer.
    areaFile: z.unknown(),
  }),
  z.object({
    intent: z.literal("addMember"),
    name: text(200),
    role: text(20),
    party: text(100),
    termStart: text(10),
    termEnd: text(10),
  }),
  z.object({ intent: z.literal("removeMember"), memberId: text(100) }),
]);
export type BodyStaffForm = z.output<typeof BodyStaffForm>;
