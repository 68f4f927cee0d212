import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ActionReply } from "./staff.server.ts";

// Form feedback for the secretaries' console (WCAG 3.3.1 / 3.3.3): a summary
// announced as an alert, and each field's error tied to it.

export function Feedback({ reply, intent }: { reply: ActionReply | undefined; intent: string }) {
  const { t } = useTranslation("political");
  if (!reply || reply.intent !== intent) return null;
  if (reply.ok)
    return (
      <p className="notice" role="status">
        {t(reply.message, reply.params ?? {})}
      </p>
    );
  const lines = reply.error.details?.filter((d) => d.line != null) ?? [];
  const general = reply.error.details?.filter((d) => d.line == null && !d.field) ?? [];
  return (
    <div className="form-errors" role="alert">
      <p>{t(reply.error.code, reply.error.params ?? {})}</p>
      {general.map((d, i) => (
        <p key={i}>{t(d.code, d.params ?? {})}</p>
      ))}
      {lines.length ? (
        <ul>
          {lines.map((d, i) => (
            <li key={i}>{`${t("staff.line", { line: d.line })}: ${t(d.code, d.params ?? {})}`}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The error of one field (its translation key and values), if the last reply to this form had one. */
export function fieldDetail(
  reply: ActionReply | undefined,
  intent: string,
  field: string,
): { code: string; params?: Record<string, string | number> } | null {
  if (!reply || reply.ok || reply.intent !== intent) return null;
  // "title" also covers the per-language fields "title_nb", "title_nn" … of one text.
  const d = reply.error.details?.find(
    (x) => x.field === field || x.field?.startsWith(`${field}.`) || x.field?.startsWith(`${field}_`),
  );
  return d ? { code: d.code, params: d.params } : null;
}

/** The translation key of one field's error, if the last reply to this form had one. */
export function fieldError(reply: ActionReply | undefined, intent: string, field: string): string | null {
  return fieldDetail(reply, intent, field)?.code ?? null;
}

export function FieldErr({
  reply,
  intent,
  field,
  id,
}: {
  reply: ActionReply | undefined;
  intent: string;
  field: string;
  id: string;
}) {
  const { t } = useTranslation("political");
  const e = fieldDetail(reply, intent, field);
  return e ? (
    <span id={id} className="field-error">
      {t(e.code, e.params ?? {})}
    </span>
  ) : null;
}

/** Props for an input whose error is shown by <FieldErr id=…>. */
export function errProps(reply: ActionReply | undefined, intent: string, field: string, id: string) {
  const bad = !!fieldError(reply, intent, field);
  return { "aria-invalid": bad ? (true as const) : undefined, "aria-describedby": bad ? id : undefined };
}

/** The value typed last time, when the form came back refused. */
export function typed(reply: ActionReply | undefined, intent: string, field: string, fallback = ""): string {
  return reply && !reply.ok && reply.intent === intent ? (reply.values[field] ?? fallback) : fallback;
}

export function StaffNav({ tenant }: { tenant: string }) {
  const { t } = useTranslation("political");
  return (
    <nav aria-label={t("staff.nav")} className="sub-nav">
      <ul>
        <li>
          <Link to={`/${tenant}/admin/meetings`}>{t("staff.meetings")}</Link>
        </li>
        <li>
          <Link to={`/${tenant}/admin/cases`}>{t("staff.cases")}</Link>
        </li>
        <li>
          <Link to={`/${tenant}/admin/bodies`}>{t("staff.bodies")}</Link>
        </li>
        <li>
          <Link to={`/${tenant}/calendar`}>{t("staff.publicCalendar")}</Link>
        </li>
      </ul>
    </nav>
  );
}
