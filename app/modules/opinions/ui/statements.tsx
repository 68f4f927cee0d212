import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { StatementsView } from "../view.server.ts";
import { OpinionMap, Swatch } from "./opinion-map.tsx";

// The pieces of the statements page (issue 23). Every form is a plain POST, so the page works
// without JavaScript; with it, Remix submits the same forms and revalidates.
export interface OpinionFailure {
  intent: string;
  code: string;
  field?: string | null;
  params?: Record<string, string | number>;
  values: Record<string, string>;
}

function ErrorText({ f, id }: { f: OpinionFailure; id?: string }) {
  const { t } = useTranslation("opinions");
  return (
    <p id={id} className="field-error" role="alert">
      {t(`errors.${f.code.replace(/^errors\./, "")}`, f.params ?? {})}
    </p>
  );
}

/** The statement to answer now, with its three buttons. */
export function VoteCard({
  d,
  signedIn,
  signInHref,
  f,
}: {
  d: StatementsView;
  signedIn: boolean;
  signInHref: string;
  f: OpinionFailure | null;
}) {
  const { t } = useTranslation("opinions");
  return (
    <section aria-labelledby="vote-h" id="vote">
      <h2 id="vote-h">{t("vote.heading")}</h2>
      {f?.intent === "vote" ? <ErrorText f={f} /> : null}
      {!d.open ? (
        <p>{d.notYetOpen ? t("page.notYetOpen", { ns: "consultations" }) : t("vote.closed")}</p>
      ) : !signedIn ? (
        <p>
          <a href={signInHref}>{t("vote.signIn")}</a>
        </p>
      ) : d.next ? (
        <Form method="post" className="vote-card">
          <CsrfInput />
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="statementId" value={d.next.id} />
          <fieldset>
            <legend className="muted">{t("vote.statement")}</legend>
            <p
              className="statement-text"
              id="current-statement"
              style={{ fontSize: "1.25rem", whiteSpace: "pre-wrap" }}
            >
              <bdi>{d.next.text}</bdi>
            </p>
            <div className="vote-buttons" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
              <button type="submit" name="vote" value="agree" aria-describedby="current-statement">
                {t("vote.agree")}
              </button>
              <button type="submit" name="vote" value="disagree" aria-describedby="current-statement">
                {t("vote.disagree")}
              </button>
              <button type="submit" name="vote" value="pass" aria-describedby="current-statement">
                {t("vote.pass")}
              </button>
            </div>
          </fieldset>
        </Form>
      ) : (
        <p>{d.published ? t("vote.allDone") : t("vote.noneYet")}</p>
      )}
      {signedIn && d.answerable ? (
        <p className="muted">{t("vote.progress", { voted: d.progress.voted, total: d.progress.total })}</p>
      ) : null}
    </section>
  );
}

/** A form to write a new statement, and the reader's own statements with their state. */
export function SubmitStatement({ d, f }: { d: StatementsView; f: OpinionFailure | null }) {
  const { t } = useTranslation("opinions");
  const bad = f?.intent === "submit";
  return (
    <section aria-labelledby="submit-h" id="submit">
      <h2 id="submit-h">{t("submit.heading")}</h2>
      <Form method="post">
        <CsrfInput />
        <input type="hidden" name="intent" value="submit" />
        <label htmlFor="statement-text">{t("submit.label")}</label>
        <p id="statement-hint" className="muted">
          {t("submit.hint", { max: d.max })}
        </p>
        <textarea
          id="statement-text"
          name="text"
          rows={3}
          maxLength={d.max + 20}
          defaultValue={bad ? (f.values.text ?? "") : ""}
          aria-describedby={bad ? "statement-hint statement-error" : "statement-hint"}
          aria-invalid={bad ? true : undefined}
        />
        {bad ? <ErrorText f={f} id="statement-error" /> : null}
        <button type="submit">{t("submit.send")}</button>
      </Form>
      {d.mine.length ? (
        <>
          <h3>{t("submit.mine")}</h3>
          <ul>
            {d.mine.map((s) => (
              <li key={s.id}>
                <bdi>{s.text}</bdi> <span className="muted">({t(`submit.${s.state}`)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The agree percentage; for a statement on the disagree side, the disagree percentage too. */
function Shares({ s }: { s: { agree: string; disagree: string; side: string } }) {
  const { t } = useTranslation("opinions");
  return (
    <>
      {t("results.agreeShare", { share: s.agree })}
      {s.side === "disagree" ? `, ${t("results.disagreeShare", { share: s.disagree })}` : ""}
    </>
  );
}

/** The opinion groups: the map and table, each group's representative statements, the consensus. */
export function OpinionResults({ d }: { d: StatementsView }) {
  const { t } = useTranslation("opinions");
  const g = d.groups;
  return (
    <section aria-labelledby="results-h" id="results">
      <h2 id="results-h">{t("results.heading")}</h2>
      <p>{t("results.participants", { n: g.participants })}</p>
      {!g.ok ? (
        <p role="status">{t("results.tooFew", { needed: g.needed })}</p>
      ) : (
        <>
          <OpinionMap dots={g.dots} groups={g.groups} ungrouped={g.ungrouped} hasUngrouped={g.hasUngrouped} />
          {g.groups.map((gr, i) => (
            <section key={gr.name} aria-labelledby={`group-${gr.name}-h`}>
              <h3 id={`group-${gr.name}-h`}>
                <Swatch group={i} /> {t("results.representative", { name: gr.name })}
              </h3>
              <ul>
                {gr.representative.map((s) => (
                  <li key={s.id}>
                    <bdi>{s.text}</bdi>{" "}
                    <span className="muted">
                      (<Shares s={s} />)
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <h3>{t("results.consensus")}</h3>
          {g.consensus.some((s) => s.side === "agree") ? (
            <ul>
              {g.consensus
                .filter((s) => s.side === "agree")
                .map((s) => (
                  <li key={s.id}>
                    <bdi>{s.text}</bdi>{" "}
                    <span className="muted">
                      (<Shares s={s} />)
                    </span>
                  </li>
                ))}
            </ul>
          ) : (
            <p>{t("results.noConsensus")}</p>
          )}
          {g.consensus.some((s) => s.side === "disagree") ? (
            <>
              <h3>{t("results.consensusDisagree")}</h3>
              <ul>
                {g.consensus
                  .filter((s) => s.side === "disagree")
                  .map((s) => (
                    <li key={s.id}>
                      <bdi>{s.text}</bdi>{" "}
                      <span className="muted">
                        (<Shares s={s} />)
                      </span>
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
