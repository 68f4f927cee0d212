import { Alert, Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChoiceField, TextAreaField, TextField } from "#app/components/ui.tsx";
import { Breadcrumbs } from "#app/components/shell.tsx";
import { ENDONYMS, type Locale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";

// The municipality's accessibility statement and privacy notice (issue 19):
// the page a resident reads, and under it the form its staff edit it with.

type Text = { value: string; lang: string } | null;
export interface Refusal {
  code: string;
  field?: string;
  params?: Record<string, string | number>;
}

function Paragraphs({ text, fallback }: { text: Text; fallback: string }) {
  const value = text?.value ?? fallback;
  return (
    <div lang={text?.lang}>
      {value.split(/\n{2,}/).map((p, i) => (
        <Paragraph key={i} style={{ whiteSpace: "pre-wrap" }}>
          {p}
        </Paragraph>
      ))}
    </div>
  );
}

export interface AccessibilityView {
  slug: string;
  name: string;
  status: "full" | "partial" | "none" | null;
  deviations: Text;
  contact: string | null;
  date: string | null;
  dateIso: string;
  editing: { locale: Locale; deviationsRaw: string } | null;
}

export function AccessibilityStatement({
  v,
  saved,
  refusal,
}: {
  v: AccessibilityView;
  saved: boolean;
  refusal?: Refusal;
}) {
  const { t } = useTranslation("profile");
  const contact = v.contact ? (
    v.contact.includes("@") ? (
      <a href={`mailto:${v.contact}`}>{v.contact}</a>
    ) : (
      <a href={v.contact}>{v.contact}</a>
    )
  ) : null;
  return (
    <article className="legal-page">
      <Breadcrumbs trail={[{ href: `/${v.slug}`, label: v.name }, { label: t("a11y.title") }]} />
      <Heading level={1} data-size="lg">
        {t("a11y.title")}
      </Heading>
      <Paragraph data-size="lg">{t("a11y.intro", { name: v.name })}</Paragraph>
      <section aria-labelledby="a11y-status">
        <h2 id="a11y-status">{t("a11y.statusTitle")}</h2>
        <Paragraph>{t(v.status ? `a11y.status.${v.status}` : "a11y.status.unset")}</Paragraph>
      </section>
      <section aria-labelledby="a11y-deviations">
        <h2 id="a11y-deviations">{t("a11y.deviationsTitle")}</h2>
        <Paragraphs text={v.deviations} fallback={t("a11y.deviationsDefault")} />
      </section>
      <section aria-labelledby="a11y-contact">
        <h2 id="a11y-contact">{t("a11y.contactTitle")}</h2>
        <Paragraph>
          {contact ? (
            <>
              {t("a11y.contact", { contact: "\u0000" })
                .split("\u0000")
                .flatMap((part, i) => (i === 0 ? [part] : [contact, part]))
                .map((p, i) => (
                  <span key={i}>{p}</span>
                ))}
            </>
          ) : (
            t("a11y.contactNone")
          )}
        </Paragraph>
        <h3>{t("a11y.enforcementTitle")}</h3>
        <Paragraph>{t("a11y.enforcement")}</Paragraph>
      </section>
      <section aria-labelledby="a11y-date">
        <h2 id="a11y-date">{t("a11y.dateTitle")}</h2>
        <Paragraph>{v.date ? t("a11y.date", { date: v.date }) : t("a11y.dateUnset")}</Paragraph>
      </section>
      {v.editing ? (
        <Card data-color="neutral" className="edit-card">
          <Heading level={2} data-size="sm">
            {t("edit.title")}
          </Heading>
          {saved ? <Alert data-color="success">{t("edit.saved")}</Alert> : null}
          <Paragraph data-size="sm">{t("edit.inLanguage", { language: ENDONYMS[v.editing.locale] })}</Paragraph>
          <Form method="post" className="form-stack">
            <CsrfInput />
            <fieldset className="ds-fieldset">
              <legend className="ds-label">{t("edit.status")}</legend>
              {(["", "full", "partial", "none"] as const).map((s) => (
                <ChoiceField
                  key={s || "unset"}
                  type="radio"
                  id={`status-${s || "unset"}`}
                  name="status"
                  value={s}
                  defaultChecked={(v.status ?? "") === s}
                  label={s ? t(`a11y.status.${s}`) : t("edit.statusUnset")}
                />
              ))}
              {refusal?.field === "status" ? <p className="field-error">{t(refusal.code, refusal.params)}</p> : null}
            </fieldset>
            <TextAreaField
              id="deviations"
              name="deviations"
              rows={6}
              label={t("edit.deviations")}
              description={t("edit.deviationsHelp")}
              defaultValue={v.editing.deviationsRaw}
            />
            <TextField id="contact" name="contact" label={t("edit.contact")} defaultValue={v.contact ?? ""} />
            <TextField
              id="date"
              name="date"
              type="date"
              label={t("edit.date")}
              defaultValue={v.dateIso}
              error={refusal?.field === "date" ? t(refusal.code, refusal.params) : undefined}
            />
            <div>
              <Button type="submit" data-color="accent">
                {t("edit.save")}
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </article>
  );
}

export interface PrivacyView {
  slug: string;
  name: string;
  dpo: string | null;
  text: Text;
  editing: { locale: Locale; textRaw: string } | null;
}

export function PrivacyNotice({ v, saved }: { v: PrivacyView; saved: boolean }) {
  const { t } = useTranslation("profile");
  return (
    <article className="legal-page">
      <Breadcrumbs trail={[{ href: `/${v.slug}`, label: v.name }, { label: t("privacy.title") }]} />
      <Heading level={1} data-size="lg">
        {t("privacy.title")}
      </Heading>
      <section aria-labelledby="p-controller">
        <h2 id="p-controller">{t("privacy.controllerTitle")}</h2>
        <Paragraph>{t("privacy.controller", { name: v.name })}</Paragraph>
        {v.dpo ? <Paragraph>{t("privacy.dpo", { dpo: v.dpo })}</Paragraph> : null}
      </section>
      <section aria-labelledby="p-stored">
        <h2 id="p-stored">{t("privacy.storedTitle")}</h2>
        <Paragraph>{t("privacy.stored")}</Paragraph>
      </section>
      <section aria-labelledby="p-retention">
        <h2 id="p-retention">{t("privacy.retentionTitle")}</h2>
        <Paragraph>{t("privacy.retention")}</Paragraph>
      </section>
      <section aria-labelledby="p-rights">
        <h2 id="p-rights">{t("privacy.rightsTitle")}</h2>
        <Paragraph>{t("privacy.rights")}</Paragraph>
      </section>
      {v.text ? (
        <section aria-labelledby="p-more">
          <h2 id="p-more">{t("privacy.moreTitle")}</h2>
          <Paragraphs text={v.text} fallback="" />
        </section>
      ) : null}
      {v.editing ? (
        <Card data-color="neutral" className="edit-card">
          <Heading level={2} data-size="sm">
            {t("edit.title")}
          </Heading>
          {saved ? <Alert data-color="success">{t("edit.saved")}</Alert> : null}
          <Paragraph data-size="sm">{t("edit.inLanguage", { language: ENDONYMS[v.editing.locale] })}</Paragraph>
          <Form method="post" className="form-stack">
            <CsrfInput />
            <TextField id="dpo" name="dpo" label={t("edit.dpo")} defaultValue={v.dpo ?? ""} />
            <TextAreaField
              id="text"
              name="text"
              rows={6}
              label={t("edit.privacyText")}
              defaultValue={v.editing.textRaw}
            />
            <div>
              <Button type="submit" data-color="accent">
                {t("edit.save")}
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
    </article>
  );
}
