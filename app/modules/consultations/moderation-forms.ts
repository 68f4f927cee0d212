import { z } from "zod";

// The forms of the moderation page (app/modules/consultations/ui/moderation.tsx), one schema per intent.
const text = (max: number) => z.string().max(max).default("");

export const ModerationForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rules"), rules_nb: text(20_000), rules_nn: text(20_000) }),
  z.object({ intent: z.enum(["hide", "approve", "restore"]), commentId: text(40), reason: text(500) }),
  z.object({ intent: z.literal("dismiss"), commentId: text(40) }),
]);
export type ModerationForm = z.output<typeof ModerationForm>;

/** The reply's form: the rules form, or the one comment's form (`hide-<id>` …). */
export const moderationFormId = (values: Record<string, string>) =>
  values.intent === "rules" ? "rules" : `${values.intent ?? ""}-${values.commentId ?? ""}`;
