import { z } from "zod";

// The forms of the staff page (app/modules/identity/ui/staff-admin.tsx), one schema per intent.
const text = (max: number) => z.string().max(max).default("");

export const StaffForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email: text(300),
    role: text(20),
    bodyIds: z
      .union([z.string().max(100), z.array(z.string().max(100)).max(500)])
      .default([])
      .transform((v) => (Array.isArray(v) ? v : [v])),
  }),
  z.object({ intent: z.literal("remove"), membershipId: text(100) }),
  z.object({ intent: z.literal("endSessions"), personId: text(100) }),
  z.object({ intent: z.literal("auth"), oidcEnabled: z.string().max(5).optional() }),
]);
export type StaffForm = z.output<typeof StaffForm>;
