import { z } from "zod";
import { PB_IMPL_STATUSES } from "#db/schema/budgeting.ts";
import { PHASE_ORDER } from "./round.ts";

// The forms on a round's staff page (app/modules/budgeting/ui/staff-round.tsx),
// one schema per intent; the field names are the form's. Money stays text here
// (its scale is the round's) and is read by the page's handler.
const text = (max: number) => z.string().trim().max(max).default("");

export const StaffRoundForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("phase"), to: z.enum(PHASE_ORDER, { message: "budgeting:errors.phaseBackwards" }) }),
  z.object({
    intent: z.literal("review"),
    proposalId: z.string().trim().max(100),
    decision: z.enum(["feasible", "rejected", "merged"]),
    officialCost: text(40),
    costReason: text(2000),
    reason: text(2000),
    mergedInto: text(20),
  }),
  z.object({
    intent: z.literal("paper"),
    person: text(300),
    name: text(200),
    birthYear: text(10),
    address: text(300),
    area: text(100),
    codes: text(500),
  }),
  z.object({ intent: z.enum(["confirm", "reject"]), paperId: z.string().trim().max(100), reason: text(2000) }),
  z.object({
    intent: z.literal("update"),
    proposalId: z.string().trim().max(100),
    body: text(6000),
    status: z.enum(PB_IMPL_STATUSES),
    progress: text(5),
    finalCost: text(40),
    photo: z.unknown(),
    photoAlt: text(400),
  }),
  z.object({
    intent: z.literal("rules"),
    kind: text(40),
    limit: text(40),
    minimum: text(40),
    rule: text(40),
    completion: text(40),
  }),
  z.object({ intent: z.literal("compute") }),
]);
export type StaffRoundForm = z.output<typeof StaffRoundForm>;
