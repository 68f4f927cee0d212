import { Alert, ValidationMessage } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

// Small form pieces for the consultation pages (errors tied to their field, announced).
export interface Failure {
  intent: string;
  code: string;
  field?: string | null;
  params?: Record<string, string | number>;
  values: Record<string, string>;
}

export function errorProps(f: Failure | null | undefined, intent: string, field: string) {
  const bad = !!f && f.intent === intent && f.field === field;
  return {
    "aria-invalid": bad ? (true as const) : undefined,
    "aria-describedby": bad ? `${intent}-${field}-error` : undefined,
  };
}

export function FieldError({ f, intent, field }: { f: Failure | null | undefined; intent: string; field: string }) {
  const { t } = useTranslation("consultations");
  if (!f || f.intent !== intent || f.field !== field) return null;
  return (
    <ValidationMessage id={`${intent}-${field}-error`} role="alert">
      {t(f.code.includes(":") ? f.code : `errors.${f.code.replace(/^errors\./, "")}`, f.params ?? {})}
    </ValidationMessage>
  );
}

export function FormError({ f, intent }: { f: Failure | null | undefined; intent: string }) {
  const { t } = useTranslation("consultations");
  if (!f || f.intent !== intent || f.field) return null;
  return (
    <Alert data-color="danger" role="alert">
      {t(f.code.includes(":") ? f.code : `errors.${f.code.replace(/^errors\./, "")}`, f.params ?? {})}
    </Alert>
  );
}
