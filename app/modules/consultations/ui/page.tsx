import { Alert, Button, Card, Heading } from "@digdir/designsystemet-react";
import { Form, Link, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageTrail } from "#app/components/shell.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { LocalText } from "#app/modules/political/text.tsx";
import { PinSvg } from "#app/modules/maps/pin-svg.tsx";
import { LeafletMap } from "#app/modules/maps/leaflet-map.tsx";
import { COMMENT_MAX } from "../pseudonym.ts";
import { AGE_BANDS, GENDERS } from "../report.ts";
import { errorProps, FieldError, FormError, type Failure } from "../ui.tsx";
import type { consultationPage } from "../page.server.ts";

// A consultation's page (issue 6), in the order a resident needs it (issue
// 19): what is decided, by whom and when; how to take part; the documents;
// the questions; the map; the comments.

export type ConsultationData = Awaited<ReturnType<typeof consultationPage>>;

export function ConsultationView({ d, failure }: { d: ConsultationData; failure: Failure | null }) {
  const f = failure;
  const [sp] = useSearchParams();
  const location = useLocation();
  const done = sp.get("done");
  const { t } = useTranslation("consultations");
  const { t: tc } = useTranslation("common");
  const top = d.comments.filter((c) => !c.parentId);
  // Replies by thread, grouped once per render (not a scan of every comment per comment).
  const byParent = new Map<string, (typeof d.comments)[number][]>();
  for (const c of d.comments) if (c.parentId) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  const replies = (id: string) => byParent.get(id) ?? [];
  const v = (intent: string, name: string, dflt = "") => (f && f.intent === intent ? (f.values[name] ?? dflt) : dflt);

  const commentView = (c: (typeof d.comments)[number]) =>
    c.hiddenLabel ? (
      <article key={c.id} id={`c-${c.id}`} className="comment comment-hidden">
        <p className="muted">
          {c.hiddenLabel} · {c.when}
        </p>
        {replies(c.id).length ? <div className="replies">{replies(c.id).map(commentView)}</div> : null}
      </article>
    ) : (
      <article key={c.id} id={`c-${c.id}`} className="comment" aria-labelledby={`c-${c.id}-by`}>
        <p id={`c-${c.id}-by`} className="muted">
          <bdi>
            <strong>{c.by}</strong>
          </bdi>
          {c.organisation ? ` (${c.organisation})` : ""} · {c.when}
        </p>
        {/* Residents' own text in its own direction (dir="auto"), whatever the page's. */}
        <p style={{ whiteSpace: "pre-wrap" }} dir="auto">
          {c.body}
        </p>
        <p className="muted">{c.supportsLabel}</p>
        {d.open && d.signedIn && !c.own ? (
          <Form method="post" className="inline">
            <CsrfInput />
            <input type="hidden" name="intent" value={c.supported ? "unsupport" : "support"} />
            <input type="hidden" name="commentId" value={c.id} />
            <Button type="submit" variant="secondary" data-size="sm">
              {c.supported ? t("page.withdraw") : t("page.support")}
            </Button>
          </Form>
        ) : null}
        {f && (f.intent === "support" || f.intent === "flag") && f.values.commentId === c.id ? (
          <FormError f={f} intent={f.intent} />
        ) : null}
        {d.signedIn ? (
          <details>
            <summary>{t("page.report")}</summary>
            <Form method="post" className="form-flow">
              <CsrfInput />
              <input type="hidden" name="intent" value="flag" />
              <input type="hidden" name="commentId" value={c.id} />
              <label htmlFor={`reason-${c.id}`}>{t("page.reportReason")}</label>
              <select className="ds-input" id={`reason-${c.id}`} name="reason">
                {d.flagReasons.map((r) => (
                  <option key={r} value={r}>
                    {t(`reasons.${r}`)}
                  </option>
                ))}
              </select>
              <Button type="submit">{t("page.sendReport")}</Button>
            </Form>
          </details>
        ) : null}
        {d.open && d.signedIn && !c.parentId ? (
          <details open={f?.intent === "comment" && f.values.parentId === c.id}>
            <summary>{t("page.reply")}</summary>
            <Form method="post" className="form-flow">
              <CsrfInput />
              <input type="hidden" name="intent" value="comment" />
              <input type="hidden" name="parentId" value={c.id} />
              <label htmlFor={`reply-${c.id}`}>{t("page.replyLabel")}</label>
              <textarea
                className="ds-input"
                id={`reply-${c.id}`}
                name="body"
                rows={3}
                maxLength={COMMENT_MAX + 100}
                defaultValue={f?.values.parentId === c.id ? v("comment", "body") : ""}
              />
              <Button type="submit">{t("page.sendReply")}</Button>
            </Form>
          </details>
        ) : null}
        {replies(c.id).length ? <div className="replies">{replies(c.id).map(commentView)}</div> : null}
      </article>
    );

  return (
    <>
      <PageTrail />
      <p className="muted">
        <Link to={`/${d.tenant}/cases/${d.slug}`}>{t("page.kicker", { number: d.number })}</Link>
      </p>
      <Heading level={1} data-size="lg">
        <LocalText text={d.consultationTitle} />
      </Heading>
      {done ? (
        <Alert data-color="success" role="status">
          {t(`page.${done === "pending" ? "pending" : done === "reported" ? "reported" : "saved"}`)}
        </Alert>
      ) : null}

      {/* What is decided, by whom and when. */}
      <Card data-color="accent" className="decision-card">
        <h2 id="summary-h">{t("page.whatTitle")}</h2>
        {d.summary ? (
          <p style={{ whiteSpace: "pre-wrap" }}>
            <LocalText text={d.summary} />
          </p>
        ) : null}
        <dl className="facts">
          <dt>{t("page.who")}</dt>
          <dd>{t("page.decidedBy", { body: d.body?.value ?? "" })}.</dd>
          {d.meeting ? (
            <>
              <dt>{t("page.when")}</dt>
              <dd>{t("page.meeting", { when: d.meeting })}</dd>
            </>
          ) : null}
          <dt>{t("page.deadline")}</dt>
          <dd>
            <span role="status">
              {d.open ? (
                <>
                  {t("page.closes", { when: d.closes })}{" "}
                  <strong>{t("page.countdown", { days: d.countdown.days, hours: d.countdown.hours })}</strong>
                </>
              ) : d.notYetOpen ? (
                t("page.notYetOpen")
              ) : (
                t("page.closed")
              )}
            </span>
          </dd>
        </dl>
      </Card>

      {d.feedback ? (
        <section aria-labelledby="feedback-h">
          <h2 id="feedback-h">{t("page.feedback")}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>
            <LocalText text={d.feedback} />
          </p>
        </section>
      ) : null}

      {d.open ? (
        <section aria-labelledby="how-h">
          <h2 id="how-h">{t("page.howTitle")}</h2>
          <ol className="how-steps">
            <li>
              <a href="#docs-h">{t("page.howRead")}</a>
            </li>
            {d.questions.length ? (
              <li>
                <a href="#questions">{t("page.howAnswer")}</a>
              </li>
            ) : null}
            {d.hasMap ? (
              <li>
                <a href="#map">{t("page.howMap")}</a>
              </li>
            ) : null}
            <li>
              <a href="#comments">{t("page.howComment")}</a>
            </li>
          </ol>
          {!d.signedIn ? (
            <p>
              <Link
                className="ds-button"
                data-variant="primary"
                to={`/signin?returnTo=${encodeURIComponent(`/${d.tenant}/consultations/${d.id}`)}`}
              >
                {t("page.signInToTakePart")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {d.opinions ? (
        <p>
          <Link to={`/${d.tenant}/consultations/${d.id}/statements`}>{t("link", { ns: "opinions" })}</Link>
        </p>
      ) : null}

      <section aria-labelledby="docs-h">
        <h2 id="docs-h">{t("page.documents")}</h2>
        {d.documents.length ? (
          <ul>
            {d.documents.map((doc) => (
              <li key={doc.id}>
                <a href={`/${d.tenant}/cases/${d.slug}/documents/${doc.id}`}>{doc.title}</a> ({doc.type}, {doc.size})
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("page.noDocuments")}</p>
        )}
        {d.reports.length ? (
          <>
            <h3>{t("page.reports")}</h3>
            <ul>
              {d.reports.map((r) => (
                <li key={r.id}>
                  {t("staff.version", { version: r.version })}:{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/pdf`}>
                    {t("page.download", { format: "PDF" })}
                  </a>
                  ,{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/json`}>
                    {t("page.download", { format: "JSON" })}
                  </a>
                  ,{" "}
                  <a href={`/${d.tenant}/consultations/${d.id}/reports/${r.id}/csv`}>
                    {t("page.download", { format: "CSV" })}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {d.questions.length ? (
        <section aria-labelledby="questions-h" id="questions">
          <h2 id="questions-h">{t("page.questions")}</h2>
          <Form method="post" className="form-flow">
            <CsrfInput />
            <input type="hidden" name="intent" value="answer" />
            <FormError f={f} intent="answer" />
            <FieldError f={f} intent="answer" field="questions" />
            {d.questions.map((q) => (
              <fieldset key={q.id} disabled={!d.open || !d.signedIn}>
                <legend>
                  <LocalText text={q.prompt} />
                </legend>
                <input type="hidden" name={`q.${q.id}`} value="" />
                {q.kind === "single" || q.kind === "multi"
                  ? q.options.map((o) => (
                      <label key={o.id} className="choice">
                        <input
                          type={q.kind === "single" ? "radio" : "checkbox"}
                          name={`q.${q.id}.option`}
                          value={o.id}
                          defaultChecked={q.mine.options.includes(o.id)}
                        />{" "}
                        <LocalText text={o.label} />
                      </label>
                    ))
                  : null}
                {q.kind === "scale" ? (
                  <>
                    <p className="muted">{t("page.scaleHint", { max: q.scaleMax })}</p>
                    {Array.from({ length: q.scaleMax - q.scaleMin + 1 }, (_, i) => q.scaleMin + i).map((n) => (
                      <label key={n} className="choice">
                        <input
                          className="ds-input"
                          type="radio"
                          name={`q.${q.id}.scale`}
                          value={n}
                          defaultChecked={q.mine.scale === n}
                        />{" "}
                        {n}
                      </label>
                    ))}
                    <label className="choice">
                      <input
                        className="ds-input"
                        type="radio"
                        name={`q.${q.id}.scale`}
                        value="none"
                        defaultChecked={q.mine.scale == null}
                      />{" "}
                      {t("page.noAnswer")}
                    </label>
                  </>
                ) : null}
                {q.kind === "text" ? (
                  <>
                    <label htmlFor={`q-${q.id}-text`} className="visually-hidden">
                      <LocalText text={q.prompt} />
                    </label>
                    <textarea
                      className="ds-input"
                      id={`q-${q.id}-text`}
                      name={`q.${q.id}.text`}
                      rows={3}
                      defaultValue={q.mine.text}
                    />
                  </>
                ) : null}
              </fieldset>
            ))}
            {d.open && d.signedIn ? <Button type="submit">{t("page.saveAnswers")}</Button> : null}
          </Form>
        </section>
      ) : null}

      {d.hasMap ? (
        <section aria-labelledby="map-h" id="map">
          <h2 id="map-h">{t("page.map")}</h2>
          {d.frame ? (
            <LeafletMap
              area={d.area}
              pins={d.pins.map((p) => ({
                id: p.id,
                lat: p.lat,
                lon: p.lon,
                title: `${p.category}${p.comment ? `: ${p.comment}` : ""}`,
              }))}
              tiles={d.tiles}
              label={t("page.mapLabel", { count: d.pins.length })}
              hint={d.open && d.signedIn ? `${t("page.mapHint")} ${tc("map.keys")}` : null}
              place={d.open && d.signedIn ? { lat: "pin-lat", lon: "pin-lon" } : null}
              zoomIn={tc("map.zoomIn")}
              zoomOut={tc("map.zoomOut")}
              fallback={
                <PinSvg frame={d.frame} pins={d.pinDots} label={t("page.mapLabel", { count: d.pins.length })} />
              }
            />
          ) : null}
          {d.open && d.signedIn ? (
            <Form method="post" className="form-flow">
              <CsrfInput />
              <input type="hidden" name="intent" value="pin" />
              <p>{t("page.mapIntro")}</p>
              <FormError f={f} intent="pin" />
              <label className="ds-label" htmlFor="pin-lat">
                {t("page.lat")}
              </label>
              <input
                className="ds-input"
                id="pin-lat"
                name="lat"
                inputMode="decimal"
                required
                defaultValue={v("pin", "lat")}
                {...errorProps(f, "pin", "lat")}
              />
              <FieldError f={f} intent="pin" field="lat" />
              <label className="ds-label" htmlFor="pin-lon">
                {t("page.lon")}
              </label>
              <input
                className="ds-input"
                id="pin-lon"
                name="lon"
                inputMode="decimal"
                required
                defaultValue={v("pin", "lon")}
              />
              <label className="ds-label" htmlFor="pin-category">
                {t("page.category")}
              </label>
              <select
                className="ds-input"
                id="pin-category"
                name="category"
                defaultValue={v("pin", "category")}
                {...errorProps(f, "pin", "category")}
              >
                {d.categories.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <FieldError f={f} intent="pin" field="category" />
              <label className="ds-label" htmlFor="pin-comment">
                {t("page.pinComment")}
              </label>
              <textarea
                className="ds-input"
                id="pin-comment"
                name="comment"
                rows={2}
                defaultValue={v("pin", "comment")}
                {...errorProps(f, "pin", "comment")}
              />
              <FieldError f={f} intent="pin" field="comment" />
              <Button type="submit">{t("page.addPin")}</Button>
            </Form>
          ) : null}
          <h3>{t("page.pins", { count: d.pins.length })}</h3>
          <ul>
            {d.pins.map((p) => (
              <li key={p.id}>
                {p.category}: {p.lat.toFixed(4)}, {p.lon.toFixed(4)}
                {p.comment ? ` – ${p.comment}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.open && d.signedIn ? (
        <section aria-labelledby="about-you-h" id="about-you">
          <h2 id="about-you-h">{t("page.aboutYou")}</h2>
          <p className="muted">{t("page.aboutYouHint")}</p>
          <Form method="post" className="form-flow">
            <CsrfInput />
            <input type="hidden" name="intent" value="profile" />
            <FormError f={f} intent="profile" />
            <label className="ds-label" htmlFor="p-age">
              {t("page.ageBand")}
            </label>
            <select className="ds-input" id="p-age" name="ageBand" defaultValue={d.profile.ageBand}>
              <option value="">{t("page.noAnswer")}</option>
              {AGE_BANDS.map((a) => (
                <option key={a} value={a}>
                  {t(`ageBands.${a}`)}
                </option>
              ))}
            </select>
            <label className="ds-label" htmlFor="p-gender">
              {t("page.gender")}
            </label>
            <select className="ds-input" id="p-gender" name="gender" defaultValue={d.profile.gender}>
              <option value="">{t("page.noAnswer")}</option>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`genders.${g}`)}
                </option>
              ))}
            </select>
            <label className="ds-label" htmlFor="p-area">
              {t("page.area")}
            </label>
            <input className="ds-input" id="p-area" name="area" maxLength={100} defaultValue={d.profile.area} />
            <label className="ds-label" htmlFor="p-notify">
              {t("page.notify")}
            </label>
            <select className="ds-input" id="p-notify" name="notify" defaultValue={d.profile.notify}>
              <option value="email">{t("page.notifyEmail")}</option>
              <option value="sms">{t("page.notifySms")}</option>
              <option value="none">{t("page.notifyNone")}</option>
            </select>
            <Button type="submit">{t("page.saveProfile")}</Button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="comments-h" id="comments">
        <h2 id="comments-h">{t("page.comments", { count: d.commentsTotal })}</h2>
        <p>
          <Link to={`/${d.tenant}/rules`}>{t("page.rulesLink")}</Link>
        </p>
        {d.open && d.signedIn ? (
          // A new key after every navigation (the redirect after a successful post) gives an
          // empty form; a refused post returns data without navigating and keeps the text.
          <Form method="post" id="comment-form" key={location.key} className="form-flow">
            <CsrfInput />
            <input type="hidden" name="intent" value="comment" />
            <h3>{t("page.writeComment")}</h3>
            {!f?.values.parentId ? <FormError f={f} intent="comment" /> : null}
            <label className="ds-label" htmlFor="comment-body">
              {t("page.commentLabel")}
            </label>
            <p id="comment-hint" className="muted">
              {t("page.commentHint", { max: COMMENT_MAX })}
            </p>
            <textarea
              className="ds-input"
              id="comment-body"
              name="body"
              rows={5}
              defaultValue={f?.values.parentId ? "" : v("comment", "body")}
              aria-describedby={
                f?.intent === "comment" && f.field === "body" && !f.values.parentId
                  ? "comment-hint comment-body-error"
                  : "comment-hint"
              }
              aria-invalid={f?.intent === "comment" && f.field === "body" && !f.values.parentId ? true : undefined}
            />
            {f?.intent === "comment" && f.field === "body" && !f.values.parentId ? (
              <p id="comment-body-error" className="field-error" role="alert">
                {t(`errors.${f.code.replace(/^errors\./, "")}`, f.params ?? {})}
              </p>
            ) : null}
            <label className="ds-label" htmlFor="comment-name">
              {t("page.publicName")}
            </label>
            <input
              className="ds-input"
              id="comment-name"
              name="publicName"
              maxLength={80}
              autoComplete="nickname"
              defaultValue={v("comment", "publicName")}
            />
            <Button type="submit">{t("page.send")}</Button>
          </Form>
        ) : null}
        {top.length ? top.map(commentView) : <p>{t("page.noComments")}</p>}
        {d.commentPage.pages > 1 ? (
          <nav aria-label={t("page.commentPages")} className="pager">
            <p>
              {d.commentPage.all
                ? t("page.commentsShowingAll", { count: d.commentsTotal })
                : t("page.commentPageOf", { page: d.commentPage.page, pages: d.commentPage.pages })}
            </p>
            <ul>
              {!d.commentPage.all && d.commentPage.page > 1 ? (
                <li>
                  <Link to={`?comments=${d.commentPage.page - 1}#comments`}>{t("page.commentsPrev")}</Link>
                </li>
              ) : null}
              {!d.commentPage.all && d.commentPage.page < d.commentPage.pages ? (
                <li>
                  <Link to={`?comments=${d.commentPage.page + 1}#comments`}>{t("page.commentsNext")}</Link>
                </li>
              ) : null}
              {!d.commentPage.all ? (
                <li>
                  <Link to="?comments=all#comments">{t("page.commentsAll", { count: d.commentsTotal })}</Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </>
  );
}
