import { formatDecimal, formatPercent } from "#app/lib/format.ts";
import { isLocale } from "#app/lib/i18n.ts";
import { useTranslation } from "react-i18next";
import type { PanelProgress } from "./use-panel-live.ts";

// Shared pieces of the panel pages.

export interface Cell {
  category: string;
  feature: string;
  min: number;
  max: number;
  pool: number | null;
  populationShare: number | null;
  status?: "short" | "ok";
  selected?: number;
}

/** Quotas next to the pool's composition (counts below the anonymity threshold shown as "fewer than k"). */
export function CompositionTable({
  cells,
  caption,
  staff = false,
  anonymity = 5,
}: {
  cells: readonly Cell[];
  caption: string;
  staff?: boolean;
  anonymity?: number;
}) {
  const { t, i18n } = useTranslation("panels");
  const locale = isLocale(i18n.language) ? i18n.language : "nb";
  const pct = (x: number) => formatPercent(x, locale, 1);
  const withSelected = cells.some((c) => c.selected !== undefined);
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("table.category")}</th>
          <th scope="col">{t("table.feature")}</th>
          <th scope="col">{t("table.quota")}</th>
          <th scope="col">{t("table.population")}</th>
          <th scope="col">{t("table.pool")}</th>
          {withSelected ? <th scope="col">{t("table.selected")}</th> : null}
          {staff ? <th scope="col">{t("table.status")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {cells.map((c) => (
          <tr key={`${c.category}\u0000${c.feature}`}>
            <td>{c.category}</td>
            <td>{c.feature}</td>
            <td>{c.min === c.max ? String(c.min) : `${c.min}–${c.max}`}</td>
            <td>{c.populationShare === null ? "–" : pct(c.populationShare)}</td>
            <td>{c.pool === null ? t("table.fewer", { k: anonymity }) : c.pool}</td>
            {withSelected ? <td>{c.selected}</td> : null}
            {staff ? <td>{c.status === "short" ? <strong>{t("table.short")}</strong> : t("table.ok")}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface SelectionView {
  id: string;
  status: string;
  method: string;
  seed: string;
  progress: { phase: string; level?: number; fixed?: number; total?: number; columns?: number } | null;
  report: string | null;
  error: string | null;
  minProbability: number | null;
  n: number | null;
  seconds: number | null;
}

export function SelectionStatus({ selection: s, live }: { selection: SelectionView; live: PanelProgress | null }) {
  const { t, i18n } = useTranslation("panels");
  const locale = isLocale(i18n.language) ? i18n.language : "nb";
  const pct = (x: number) => formatPercent(x, locale, 1);
  const p = live?.progress ?? s.progress;
  const running = s.status === "queued" || s.status === "running";
  return (
    <div aria-live="polite">
      <p>
        {t(`selection.${s.status}`)} · {t(`method.${s.method}`)} · {t("audit.seed")}: <code>{s.seed}</code>
      </p>
      {running && p && p.total ? (
        <p>
          <label htmlFor="draw-progress">
            {t("selection.progress", { fixed: p.fixed ?? 0, total: p.total, columns: p.columns ?? 0 })}
          </label>{" "}
          <progress id="draw-progress" max={p.total} value={p.fixed ?? 0} />
        </p>
      ) : null}
      {s.status === "done" && s.minProbability !== null ? (
        <p>
          {t("selection.summary", {
            min: pct(s.minProbability),
            n: s.n ?? 0,
            seconds: formatDecimal(s.seconds ?? 0, locale, 1, 1),
          })}
        </p>
      ) : null}
      {s.status === "infeasible" ? (
        <p className="field-error" role="alert">
          {t("selection.infeasibleHelp")} {s.report}
        </p>
      ) : null}
      {s.status === "failed" ? (
        <p className="field-error" role="alert">
          {t("selection.failedHelp")} {s.error?.startsWith("errors.") ? t(s.error) : s.error}
        </p>
      ) : null}
    </div>
  );
}
