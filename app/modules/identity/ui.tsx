import { useTranslation } from "react-i18next";
import type { FormFailure } from "./http.server.ts";

// Form error pieces shared by the identity pages (WCAG 3.3.1/3.3.3): the error
// is tied to its field with aria-describedby and announced.
export function fieldProps(failure: FormFailure | undefined | null, field: string) {
  const bad = failure?.error.field === field;
  return { "aria-invalid": bad ? (true as const) : undefined, "aria-describedby": bad ? `${field}-error` : undefined };
}

export function FieldError({ failure, field }: { failure: FormFailure | undefined | null; field: string }) {
  const { t } = useTranslation("identity");
  if (!failure || failure.error.field !== field) return null;
  return (
    <p id={`${field}-error`} className="field-error" role="alert">
      {t(
        failure.error.code.includes(":") ? failure.error.code : `errors.${failure.error.code}`,
        failure.error.params ?? {},
      )}
    </p>
  );
}

/** An error not tied to one field. */
export function FormError({ failure }: { failure: FormFailure | undefined | null }) {
  const { t } = useTranslation("identity");
  if (!failure || failure.error.field) return null;
  return (
    <p className="field-error" role="alert">
      {t(
        failure.error.code.includes(":") ? failure.error.code : `errors.${failure.error.code}`,
        failure.error.params ?? {},
      )}
    </p>
  );
}
