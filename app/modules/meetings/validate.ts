import type { z } from "zod";
import { fail, type Result } from "#app/lib/result.ts";

/** Parses a command's input; a failure becomes a 400 DomainError with field errors. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): Result<z.output<S>> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return fail("errors.invalidInput", 400, {
    details: r.error.issues.map((i) => ({
      field: i.path.join("."),
      code: i.message.startsWith("political:") ? i.message.slice("political:".length) : `errors.invalidField`,
    })),
  });
}
