import { z } from "zod";
import { LOCALES, type Locale } from "#app/lib/i18n.ts";

// The SMS campaign composer's form (app/modules/sms/ui/composer.tsx): preview or send.
const text = (max: number) => z.string().max(max).default("");
const bodyFields = Object.fromEntries(LOCALES.map((l) => [`body.${l}`, text(5_000)])) as Record<
  `body.${Locale}`,
  ReturnType<typeof text>
>;

export const ComposerForm = z.object({
  intent: z.enum(["preview", "send"]).default("preview"),
  name: text(200),
  recipients: text(2_000_000),
  urgent: text(3),
  confirmInvalid: text(3),
  audience: text(100),
  replies: text(100),
  ...bodyFields,
});
export type ComposerForm = z.output<typeof ComposerForm>;
