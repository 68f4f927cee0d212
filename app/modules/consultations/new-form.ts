import { z } from "zod";
import { localizedFields } from "#app/lib/form.ts";

// The form that opens a consultation on a case (app/modules/consultations/ui/new-consultation.tsx).
// Choices that fall back to a default when absent keep doing so (`.catch`).
export const QUESTION_SLOTS = 3;
export const ACTIONS = ["comment", "support", "pin", "answer"] as const;
const text = (max: number) => z.string().max(max).default("");

type Slot = 1 | 2 | 3;
const slots = Array.from({ length: QUESTION_SLOTS }, (_, k) => (k + 1) as Slot);
const questionFields = Object.fromEntries(
  slots.flatMap((i) => [
    [`q${i}_prompt`, text(2000)],
    [`q${i}_kind`, text(10)],
    [`q${i}_options`, text(5000)],
  ]),
) as Record<`q${Slot}_${"prompt" | "kind" | "options"}`, ReturnType<typeof text>>;
const levelFields = Object.fromEntries(ACTIONS.map((a) => [`level_${a}`, text(10)])) as Record<
  `level_${(typeof ACTIONS)[number]}`,
  ReturnType<typeof text>
>;

export const NewConsultationForm = z
  .object({
    ...localizedFields("title", 300),
    ...localizedFields("summary", 2000),
    meetingId: text(40),
    bodyId: text(40),
    opensAt: text(20),
    closesAt: text(20),
    closeDaysBeforeNotice: text(4),
    plan: z.string().max(5).optional(),
    areaBodyId: text(40),
    pinCategories: text(2000),
    moderation: z.enum(["pre", "post"]).catch("post"),
    nameMode: z.enum(["pseudonym", "public-names"]).catch("pseudonym"),
    acceptShortDeadline: z.string().max(5).optional(),
    ...levelFields,
    ...questionFields,
  })
  .passthrough();
export type NewConsultationForm = z.output<typeof NewConsultationForm>;
