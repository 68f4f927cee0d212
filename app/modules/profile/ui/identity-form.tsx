import { Alert, Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Breadcrumbs } from "#app/components/shell.tsx";
import { TextField } from "#app/components/ui.tsx";
import { ENDONYMS, type Locale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";

// The staff page for the municipality's identity (issue 19): brand colour,
// the name form in the language being read, contact, and the coat of arms.

export interface IdentityData {
  slug: string;
  officialName: string;
  locale: Locale;
  brandColor: string;
  displayName: string;
  contactEmail: string;
  contactPhone: string;
  armsUrl: string | null;
  maxKb: number;
  saved: boolean;
}

export function IdentityForm({
  d,
  refusal,
  values,
}: {
  d: IdentityData;
  refusal?: { code: string; field?: string; params?: Record<string, string | number> };
  values?: Record<string, string>;
}) {
  const { t } = useTranslation(["profile", "common"]);
  const err = (field: string) => (refusal?.field === field ? t(refusal.code, refusal.params) : undefined);
  const v = (k: keyof IdentityData & string) => values?.[k] ?? String(d[k] ?? "");
  return (
    <>
      <Breadcrumbs
        trail={[
          { href: `/${d.slug}`, label: d.officialName },
          { href: `/${d.slug}/admin`, label: t("common:menu.staff") },
          { label: t("identity.title") },
        ]}
      />
      <Heading level={1} data-size="lg">
        {t("identity.title")}
      </Heading>
      <Paragraph>{t("identity.intro")}</Paragraph>
      {d.saved ? <Alert data-color="success">{t("edit.saved")}</Alert> : null}
      {refusal && !refusal.field ? <Alert data-color="danger">{t(refusal.code, refusal.params)}</Alert> : null}
      <div className="identity-grid">
        <Card data-color="neutral">
          <Form method="post" className="form-stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="identity" />
            <div className="colour-row">
              <TextField
                id="brandColor"
                name="brandColor"
                label={t("identity.colour")}
                description={t("identity.colourHelp")}
                defaultValue={v("brandColor")}
                error={err("brandColor")}
                size={9}
                autoComplete="off"
                spellCheck={false}
              />
              {d.brandColor ? (
                <span className="colour-swatch" style={{ background: d.brandColor }} aria-hidden="true" />
              ) : null}
            </div>
            <TextField
              id="displayName"
              name="displayName"
              label={t("identity.name", { language: ENDONYMS[d.locale] })}
              description={t("identity.nameHelp", { official: d.officialName })}
              defaultValue={v("displayName")}
            />
            <TextField
              id="contactEmail"
              name="contactEmail"
              type="email"
              label={t("identity.email")}
              defaultValue={v("contactEmail")}
              error={err("contactEmail")}
            />
            <TextField
              id="contactPhone"
              name="contactPhone"
              type="tel"
              label={t("identity.phone")}
              defaultValue={v("contactPhone")}
            />
            <div>
              <Button type="submit" data-color="accent">
                {t("edit.save")}
              </Button>
            </div>
          </Form>
        </Card>
        <Card data-color="neutral">
          <Heading level={2} data-size="xs">
            {t("identity.arms")}
          </Heading>
          {d.armsUrl ? (
            <figure className="arms-preview">
              <img src={d.armsUrl} alt={t("common:header.arms", { name: d.officialName })} width={96} height={96} />
              <figcaption>{t("identity.currentArms")}</figcaption>
            </figure>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="form-stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="arms" />
            <TextField
              id="arms"
              name="arms"
              type="file"
              accept="image/svg+xml,image/png,.svg,.png"
              label={t("identity.arms")}
              description={t("identity.armsHelp", { max: d.maxKb })}
              error={err("arms")}
              required
            />
            <div>
              <Button type="submit" data-color="accent">
                {t("identity.upload")}
              </Button>
            </div>
          </Form>
          {d.armsUrl ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="removeArms" />
              <Button type="submit" variant="secondary" data-color="danger">
                {t("identity.removeArms")}
              </Button>
            </Form>
          ) : null}
        </Card>
      </div>
      <Paragraph>
        {t("identity.legal")} <Link to={`/${d.slug}/tilgjengelighet`}>{t("common:footer.accessibility")}</Link> ·{" "}
        <Link to={`/${d.slug}/personvern`}>{t("common:footer.privacy")}</Link>
      </Paragraph>
    </>
  );
}
