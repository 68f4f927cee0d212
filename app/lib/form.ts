import { z } from "zod";
import { LOCALES, type Locale } from "./i18n.ts";
import { fail, ok, type DomainError, type Result } from "./result.ts";

// Forms parsed by zod schemas (docs/decisions/052-form-schemas.md). A route's
// action reads the posted FormData with one schema per form or intent; a
// refusal is a 400 DomainError whose `details` name each field and carry a
// translation key, which the form shows next to that field. The same schema
// names the fields the page renders, so the form and its errors cannot drift.

/**
 * A translation key for one zod issue. A schema's own message is used when it
 * is a namespaced key ("political:errors.badUrl"); otherwise the issue's kind
 * maps to a generic message in the common namespace, in all eight locales.
 */
export function issueCode(issue: z.ZodIssue): { code: string; params?: Record<string, string | number> } {
  if (/^[a-z]+:[\w.]+$/.test(issue.message)) return { code: issue.message };
  switch (issue.code) {
    case "invalid_type":
      return { code: issue.received === "undefined" ? "common:form.required" : "common:form.invalid" };
    case "too_small":
      if (issue.type === "string" && Number(issue.minimum) <= 1) return { code: "common:form.required" };
      return issue.type === "string"
        ? { code: "common:form.tooShort", params: { min: Number(issue.minimum) } }
        : { code: "common:form.tooSmall", params: { min: Number(issue.minimum) } };
    case "too_big":
      return issue.type === "string"
        ? { code: "common:form.tooLong", params: { max: Number(issue.maximum) } }
        : { code: "common:form.tooBig", params: { max: Number(issue.maximum) } };
    case "invalid_enum_value":
    case "invalid_literal":
    case "invalid_union_discriminator":
      return { code: "common:form.notAChoice" };
    default:
      return { code: "common:form.invalid" };
  }
}

/**
 * The posted fields as a plain object: a field posted once is a string (or a
 * File), a field posted several times an array. `_csrf` is left out (checked
 * before any action runs).
 */
export function formObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const [k, v] of form.entries()) {
    if (k === "_csrf") continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Parses a form with a schema. A refusal is `errors.invalidInput` (status
 * 400, or `code` if given) with one detail per failing field; issues that
 * belong to no field (an unknown intent) name the field "intent".
 */
export function parseForm<S extends z.ZodTypeAny>(
  form: FormData,
  schema: S,
  code = "errors.invalidInput",
): Result<z.output<S>, DomainError> {
  const r = schema.safeParse(formObject(form));
  if (r.success) return ok(r.data as z.output<S>);
  const details = r.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join(".") : "intent",
    ...issueCode(issue),
  }));
  return fail(code, 400, { field: details[0]?.field, details });
}

/** Fields `${prefix}_nb`, `${prefix}_nn` … for text staff write per language (each optional, at most `max`). */
export function localizedFields<P extends string>(prefix: P, max = 2000) {
  return Object.fromEntries(LOCALES.map((l) => [`${prefix}_${l}`, z.string().max(max).optional()])) as Record<
    `${P}_${Locale}`,
    z.ZodOptional<z.ZodString>
  >;
}

/** The per-language text of `localizedFields(prefix)`, as `{ nb, nn, … }` (fields not posted left out). */
export function localizedValue(value: Record<string, unknown>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of LOCALES) {
    const v = value[`${prefix}_${l}`];
    if (typeof v === "string") out[l] = v;
  }
  return out;
}
