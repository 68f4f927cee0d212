import { useTranslation } from "react-i18next";

/** "Live now" on the municipality home: the meetings in progress, each linking to its live page. */
export function LiveNowList({ tenant, items }: { tenant: string; items: { meetingId: string; body: string }[] }) {
  const { t } = useTranslation("live");
  if (!items.length) return null;
  return (
    <section aria-labelledby="live-now-h" className="notice" data-testid="live-now">
      <h2 id="live-now-h">{t("home.liveNow")}</h2>
      <ul>
        {items.map((l) => (
          <li key={l.meetingId}>
            <a href={`/${tenant}/meetings/${l.meetingId}/live`}>{t("home.follow", { body: l.body })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
