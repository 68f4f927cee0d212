import {
  Breadcrumbs as DsBreadcrumbs,
  BreadcrumbsItem,
  BreadcrumbsLink,
  BreadcrumbsList,
  Button,
} from "@digdir/designsystemet-react";
import { Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dirOf, ENDONYMS, type Locale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";

// The app shell's pieces, on Designsystemet (ADR 046): the municipality's
// menu, the compact language menu and breadcrumbs. Each works without
// JavaScript (links, a form, <details>).

export interface TenantNav {
  slug: string;
  name: string;
  sections: { budgeting: boolean; panels: boolean };
  staff: boolean;
}

/** The municipality's menu: every kind of page a resident can reach, and the staff home for staff. */
export function TenantMenu({ nav }: { nav: TenantNav }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const base = `/${nav.slug}`;
  const items: { href: string; label: string }[] = [
    { href: base, label: t("menu.home") },
    { href: `${base}/calendar`, label: t("menu.meetings") },
    { href: `${base}/cases`, label: t("menu.cases") },
    ...(nav.sections.budgeting ? [{ href: `${base}/budgeting`, label: t("menu.budgeting") }] : []),
    ...(nav.sections.panels ? [{ href: `${base}/panels`, label: t("menu.panels") }] : []),
    { href: `${base}/bodies`, label: t("menu.bodies") },
    { href: `${base}/areas`, label: t("menu.areas") },
    ...(nav.staff ? [{ href: `${base}/admin`, label: t("menu.staff") }] : []),
  ];
  // The current section: the longest menu path the page's path starts with.
  const current = items
    .filter((i) => pathname === i.href || (i.href !== base && pathname.startsWith(`${i.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav className="tenant-menu" aria-label={t("menu.label")}>
      <ul>
        {items.map((i) => (
          <li key={i.href}>
            <Link to={i.href} aria-current={i.href === current ? "page" : undefined}>
              {i.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * One control showing the current language's own name; the eight languages
 * inside. A native <details>: it opens with Enter or Space, the languages are
 * reached with Tab, and it needs no JavaScript.
 */
export function LanguageMenu({
  locale,
  languages,
  samiArea,
}: {
  locale: Locale;
  languages: readonly Locale[];
  samiArea: boolean;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const returnTo = location.pathname + location.search;
  return (
    <details className="lang-menu">
      <summary className="ds-button" data-variant="tertiary" data-size="sm">
        <svg aria-hidden="true" width="1.2em" height="1.2em" viewBox="0 0 24 24" fill="none">
          <circle cx="12" cy="12" r="9" stroke="currentColor" strokeWidth="1.5" />
          <path
            d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3Z"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        </svg>
        <span className="visually-hidden">{t("lang.label")}: </span>
        <span lang={locale} dir={dirOf(locale)}>
          {ENDONYMS[locale]}
        </span>
      </summary>
      {/* A plain form: works without JavaScript, and reloads the document so
          the whole page (lang, dir, texts) changes at once. */}
      <form method="post" action="/lang" aria-label={t("lang.choose")} className="lang-menu-list">
        <input type="hidden" name="returnTo" value={returnTo} />
        <CsrfInput />
        {languages.map((l) => (
          <Button
            key={l}
            type="submit"
            name="lng"
            value={l}
            lang={l}
            dir={dirOf(l)}
            variant={l === locale ? "primary" : samiArea && l === "se" ? "secondary" : "tertiary"}
            data-size="sm"
            aria-current={l === locale ? "true" : undefined}
            className={samiArea && l === "se" ? "prominent" : undefined}
          >
            {ENDONYMS[l]}
          </Button>
        ))}
      </form>
    </details>
  );
}

/**
 * Where a deep page sits: each step a link, the current page last and
 * unlinked. Designsystemet's breadcrumbs: on a narrow screen only the
 * step back is shown (CSS only, no JavaScript).
 */
export function Breadcrumbs({ trail }: { trail: { href?: string; label: string }[] }) {
  const { t } = useTranslation();
  const back = [...trail.slice(0, -1)].reverse().find((s) => s.href);
  return (
    <DsBreadcrumbs aria-label={t("breadcrumbs.label")} className="page-breadcrumbs">
      {back?.href ? (
        <BreadcrumbsLink asChild>
          <Link to={back.href}>{back.label}</Link>
        </BreadcrumbsLink>
      ) : null}
      <BreadcrumbsList>
        {trail.map((s, i) => (
          <BreadcrumbsItem key={`${i}-${s.label}`}>
            {s.href && i < trail.length - 1 ? (
              <BreadcrumbsLink asChild>
                <Link to={s.href}>{s.label}</Link>
              </BreadcrumbsLink>
            ) : (
              <span aria-current="page">{s.label}</span>
            )}
          </BreadcrumbsItem>
        ))}
      </BreadcrumbsList>
    </DsBreadcrumbs>
  );
}

const SECTION_OF: Record<string, { key: string; path: string }> = {
  calendar: { key: "menu.meetings", path: "calendar" },
  meetings: { key: "menu.meetings", path: "calendar" },
  cases: { key: "menu.cases", path: "cases" },
  bodies: { key: "menu.bodies", path: "bodies" },
  areas: { key: "menu.areas", path: "areas" },
  budgeting: { key: "menu.budgeting", path: "budgeting" },
  "budget-priorities": { key: "menu.budgeting", path: "budgeting" },
  panels: { key: "menu.panels", path: "panels" },
  consultations: { key: "menu.cases", path: "cases" },
  admin: { key: "menu.staff", path: "admin" },
};

/** The Trail for a page whose loader does not carry the municipality's name: the root loader's (issue 17). */
export function PageTrail() {
  const data = useRouteLoaderData("root") as { tenantNav?: { slug: string; name: string } | null } | undefined;
  const nav = data?.tenantNav;
  return nav ? <Trail tenant={nav.slug} name={nav.name} /> : null;
}

/**
 * The way back from a page of a municipality: the municipality, then the
 * section the page belongs to (unless the page is that section's own index).
 */
export function Trail({ tenant, name }: { tenant: string; name: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [, , first, ...rest] = pathname.split("/");
  const section = first ? SECTION_OF[first] : undefined;
  const trail: { href: string; label: string }[] = [{ href: `/${tenant}`, label: name }];
  const sectionHref = section ? `/${tenant}/${section.path}` : null;
  if (section && sectionHref && (rest.length > 0 || sectionHref !== pathname))
    trail.push({ href: sectionHref, label: t(section.key) });
  const back = trail[trail.length - 1]!;
  return (
    <DsBreadcrumbs aria-label={t("breadcrumbs.label")} className="page-breadcrumbs">
      {trail.length > 1 ? (
        <BreadcrumbsLink asChild>
          <Link to={back.href}>{back.label}</Link>
        </BreadcrumbsLink>
      ) : null}
      <BreadcrumbsList>
        {trail.map((s) => (
          <BreadcrumbsItem key={s.href}>
            <BreadcrumbsLink asChild>
              <Link to={s.href}>{s.label}</Link>
            </BreadcrumbsLink>
          </BreadcrumbsItem>
        ))}
      </BreadcrumbsList>
    </DsBreadcrumbs>
  );
}
