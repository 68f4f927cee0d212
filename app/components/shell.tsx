import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { dirOf, ENDONYMS, type Locale } from "#app/lib/i18n.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";

// The app shell's pieces: the municipality's menu, the compact language menu
// and breadcrumbs. Each works without JavaScript (links, a form, <details>).

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

/** One control showing the current language's own name; the eight languages inside. */
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
      <summary>
        <span className="visually-hidden">{t("lang.label")}: </span>
        <span lang={locale} dir={dirOf(locale)}>
          {ENDONYMS[locale]}
        </span>
      </summary>
      {/* A plain form: works without JavaScript, and reloads the document so
          the whole page (lang, dir, texts) changes at once. */}
      <form method="post" action="/lang" aria-label={t("lang.choose")}>
        <input type="hidden" name="returnTo" value={returnTo} />
        <CsrfInput />
        {languages.map((l) => (
          <button
            key={l}
            type="submit"
            name="lng"
            value={l}
            lang={l}
            dir={dirOf(l)}
            aria-current={l === locale ? "true" : undefined}
            className={samiArea && l === "se" ? "prominent" : undefined}
          >
            {ENDONYMS[l]}
          </button>
        ))}
      </form>
    </details>
  );
}

/** Where a deep page sits: each step a link, the current page last and unlinked. */
export function Breadcrumbs({ trail }: { trail: { href?: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav className="breadcrumbs" aria-label={t("breadcrumbs.label")}>
      <ol>
        {trail.map((s, i) => (
          <li key={`${i}-${s.label}`}>
            {s.href && i < trail.length - 1 ? (
              <Link to={s.href}>{s.label}</Link>
            ) : (
              <span aria-current="page">{s.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
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
  admin: { key: "menu.staff", path: "admin" },
};

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
  return (
    <nav className="breadcrumbs" aria-label={t("breadcrumbs.label")}>
      <ol>
        {trail.map((s) => (
          <li key={s.href}>
            <Link to={s.href}>{s.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
