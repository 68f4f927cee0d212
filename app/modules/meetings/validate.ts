import type { z } from "zod";
import { domainError, type Err, type DomainError } from "./result.ts";

/** Parses a command's input; a failure becomes a 400 DomainError with field errors. */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): { ok: true; value: z.output<S> } | Err<DomainError> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return domainError("errors.invalidInput", 400, {
    details: r.error.issues.map((i) => ({
      field: i.path.join("."),
      code: i.message.startsWith("political:") ? i.message.slice("political:".length) : `errors.invalidField`,
    })),
  });
}
