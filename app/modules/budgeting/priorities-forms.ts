import { z } from "zod";

// The forms of the staff page for budget priorities (app/modules/budgeting/ui/priorities-admin.tsx).
const text = (max: number) => z.string().max(max).default("");

export const PrioritiesForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["open", "close"]), id: text(100) }),
  z.object({
    intent: z.literal("create"),
    key: text(100),
    title: text(300),
    year: text(10),
    case: text(40),
    sectors: text(20_000),
    revenue: text(20_000),
    areas: text(20_000),
  }),
]);
export type PrioritiesForm = z.output<typeof PrioritiesForm>;
