import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalText } from "#app/modules/political/text.tsx";
import type { MyActivity } from "../activity.server.ts";

// Min side: what I have done and what became of it (namespaces identity, consultations,
// budgeting, panels).
export function ActivitySection({ a }: { a: MyActivity }) {
  const { t } = useTranslation("identity");
  const empty = !a.comments.length && !a.proposals.length && !a.votes.length && !a.panels.length;
  return (
    <section aria-labelledby="activity-h">
      <h2 id="activity-h">{t("activity.title")}</h2>
      {empty ? <p>{t("activity.none")}</p> : null}
      {a.comments.length ? (
        <>
          <h3>{t("activity.comments")}</h3>
          <ul className="card-list">
            {a.comments.map((c) => (
              <li key={c.id}>
                <Link to={c.href}>
                  <LocalText text={c.title} />
                </Link>{" "}
                <span className="muted">
                  ({c.place}, {c.when})
                </span>
                <br />
                {t(`consultations:staff.states.${c.state}`)} · {t(`activity.outcome.${c.outcome}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.proposals.length ? (
        <>
          <h3>{t("activity.proposals")}</h3>
          <ul className="card-list">
            {a.proposals.map((p) => (
              <li key={p.href}>
                <Link to={p.href}>
                  <bdi>{p.title}</bdi>
                </Link>{" "}
                <span className="muted">
                  (<LocalText text={p.round} />, {p.place})
                </span>
                <br />
                {t(`budgeting:status.${p.status}`)} · {t(`budgeting:phase.${p.phase}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.votes.length ? (
        <>
          <h3>{t("activity.votes")}</h3>
          <ul className="card-list">
            {a.votes.map((v) => (
              <li key={v.href}>
                <Link to={v.href}>
                  <LocalText text={v.round} />
                </Link>{" "}
                <span className="muted">({v.place})</span>
                <br />
                {t("activity.voted", { when: v.when })} · {t(`budgeting:phase.${v.phase}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a.panels.length ? (
        <>
          <h3>{t("activity.panels")}</h3>
          <ul className="card-list">
            {a.panels.map((p) => (
              <li key={p.href}>
                <Link to={p.href}>
                  <LocalText text={p.title} />
                </Link>{" "}
                <span className="muted">({p.place})</span>
                <br />
                {t("activity.joined", { when: p.when })} · {t(`panels:status.${p.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
