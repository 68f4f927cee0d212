import { Form, Link } from "@remix-run/react";
import { createContext, useContext, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isLocale, type Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import type { ConsoleRefusal, ConsoleView } from "../console-page.server.ts";
import { SpeakingTime, statusText } from "../components.tsx";
import { statusActions, type LiveState } from "../engine.ts";
import { formToAction } from "../forms.ts";
import type { RosterMember } from "../live.server.ts";
import { useConsole } from "../use-live.ts";

// The secretary's console (issue 9). Every control is a plain POST form (works
// without JavaScript: the action runs the command and redirects back); with
// JavaScript the same forms go over the socket, and the page follows changes
// made from another console.
const FormCtx = createContext<{ version: number; onSubmit: (e: FormEvent<HTMLFormElement>) => void }>({
  version: 0,
  onSubmit: () => {},
});

/** One console control: a plain POST form (intent + the version the secretary saw). */
function F({
  intent,
  children,
  reset,
  label,
}: {
  intent: string;
  children: ReactNode;
  reset?: boolean;
  label?: string;
}) {
  const { version, onSubmit } = useContext(FormCtx);
  return (
    <Form
      method="post"
      onSubmit={onSubmit}
      data-reset={reset ? "1" : undefined}
      aria-label={label}
      className="live-console-form"
    >
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {children}
    </Form>
  );
}

/** "Result": the majority decides, or the chair's casting vote (kommuneloven § 11-9). */
function PassedSelect({ value }: { value: string | undefined }) {
  const { t } = useTranslation("live");
  return (
    <label>
      {t("console.votePassed")}{" "}
      <select name="passed" defaultValue={value ?? ""}>
        <option value="">{t("console.voteMajority")}</option>
        <option value="yes">{t("console.voteYes")}</option>
        <option value="no">{t("console.voteNo")}</option>
      </select>
    </label>
  );
}

const EXTRA_PARTY_ROWS = 2;

/** The vote per party (one row per party of the body, and rows for others) and the named roll-call (one row per member). */
function DetailedVotes({ itemId, roster }: { itemId: string; roster: RosterMember[] }) {
  const { t } = useTranslation("live");
  const parties = [...new Set(roster.map((r) => r.party).filter((p): p is string => !!p))];
  const counts = (
    <>
      <label>
        {t("console.voteFor")} <input name="pfor" type="number" min={0} inputMode="numeric" defaultValue="" />
      </label>{" "}
      <label>
        {t("console.voteAgainst")} <input name="pagainst" type="number" min={0} inputMode="numeric" defaultValue="" />
      </label>{" "}
      <label>
        {t("console.voteBlank")} <input name="pblank" type="number" min={0} inputMode="numeric" defaultValue="" />
      </label>
    </>
  );
  return (
    <>
      <h4>{t("console.voteByParty")}</h4>
      <F intent="recordVote" label={t("console.voteByParty")}>
        <input type="hidden" name="itemId" value={itemId} />
        <input type="hidden" name="mode" value="party" />
        {parties.map((p) => (
          <fieldset key={p}>
            <legend>{p}</legend>
            <input type="hidden" name="party" value={p} />
            {counts}
          </fieldset>
        ))}
        {Array.from({ length: EXTRA_PARTY_ROWS }, (_, n) => (
          <fieldset key={`extra-${n}`}>
            <legend>{t("console.otherParty", { n: n + 1 })}</legend>
            <label>
              {t("console.speakerParty")} <input name="party" maxLength={200} defaultValue="" />
            </label>{" "}
            {counts}
          </fieldset>
        ))}
        <PassedSelect value={undefined} /> <Btn>{t("console.voteSave")}</Btn>
      </F>
      <h4>{t("console.voteRollCall")}</h4>
      {roster.length ? (
        <F intent="recordVote" label={t("console.voteRollCall")}>
          <input type="hidden" name="itemId" value={itemId} />
          <input type="hidden" name="mode" value="rollcall" />
          <ul className="live-rollcall">
            {roster.map((r, n) => (
              <li key={`${r.name}-${n}`}>
                <input type="hidden" name="rname" value={r.name} />
                <input type="hidden" name="rparty" value={r.party ?? ""} />
                <label>
                  {r.name}
                  {r.party ? ` (${r.party})` : ""}{" "}
                  <select name="rvote" defaultValue="">
                    <option value="">{t("console.rollAbsent")}</option>
                    <option value="for">{t("console.voteFor")}</option>
                    <option value="against">{t("console.voteAgainst")}</option>
                    <option value="blank">{t("console.voteBlank")}</option>
                  </select>
                </label>
              </li>
            ))}
          </ul>
          <PassedSelect value={undefined} /> <Btn>{t("console.voteSave")}</Btn>
        </F>
      ) : (
        <p className="muted">{t("console.noRoster")}</p>
      )}
    </>
  );
}

function Btn({ children }: { children: ReactNode }) {
  return <button type="submit">{children}</button>;
}

export function ConsolePage({ data, failed }: { data: ConsoleView; failed: ConsoleRefusal | undefined }) {
  const { t, i18n } = useTranslation("live");
  const locale: Locale = isLocale(i18n.language) ? i18n.language : "nb";
  const { state, connected, send } = useConsole(data.state.meetingId, data.state as LiveState);
  const [message, setMessage] = useState<{ error: string; params: Record<string, string | number> } | null>(null);
  const shown = message ?? (failed ? { error: failed.error, params: failed.params } : null);
  const values = failed?.values ?? {};

  // With the socket up, forms go over it (the same form → action mapping as the server's).
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    if (!connected) return; // no socket: a normal POST
    e.preventDefault();
    const form = e.currentTarget;
    const action = formToAction(new FormData(form));
    const r = await send(action);
    if (r.ok) {
      setMessage(null);
      if (form.dataset.reset === "1") form.reset();
    } else setMessage({ error: r.code, params: r.params ?? {} });
  };
  const title = (i: LiveState["items"][number]) => {
    const txt = pickText(i.title ?? null, locale)?.value ?? "";
    return i.caseNumber ? t("item.numbered", { number: i.caseNumber, title: txt }) : txt;
  };
  const current = state.items.find((i) => i.id === state.currentItemId);
  const refusedFrom = (shown?.params as Record<string, unknown> | undefined)?.from;
  // Before the start the meeting's row decides (no start without a published notice); after it, the live status.
  const offered = new Set(statusActions(state.status, state.status === "waiting" ? data.meetingStatus : undefined));

  return (
    <FormCtx.Provider value={{ version: state.version, onSubmit: (e) => void onSubmit(e) }}>
      <h1>{t("console.heading")}</h1>
      <p className="muted">
        {data.name} · <Link to={`/${data.tenant}/meetings/${state.meetingId}/live`}>{t("console.publicPage")}</Link> ·{" "}
        <Link to={`/${data.tenant}/meetings/${state.meetingId}/minutes`}>{t("minutes.heading")}</Link> ·{" "}
        {t("console.version", { version: state.version })}
        {connected ? ` · ${t("connected")}` : ""}
      </p>
      <p role="status" aria-live="polite" data-testid="console-message">
        {shown
          ? t(shown.error, {
              ...shown.params,
              // A meeting status is named in words ("Møtet pågår"), never as its code (issue 17).
              ...(typeof refusedFrom === "string" ? { from: t(`status.${refusedFrom}`) } : {}),
              defaultValue: t("errors.unknown"),
            })
          : ""}
      </p>

      <section aria-labelledby="c-status-h">
        <h2 id="c-status-h">
          {t("console.status", { status: statusText(t, { ...state, inClosedSession: false }, locale) })}
        </h2>
        {/* Only the changes that fit the meeting's status now (the engine refuses the others). */}
        <div className="live-console-row">
          {offered.has("start") ? (
            <F intent="start">
              <Btn>{t("console.start")}</Btn>
            </F>
          ) : null}
          {offered.has("pause") ? (
            <F intent="pause" label={t("console.pause")}>
              <label>
                {t("console.pauseUntil")} <input name="until" type="time" defaultValue={values.until ?? ""} />
              </label>{" "}
              <Btn>{t("console.pause")}</Btn>
            </F>
          ) : null}
          {offered.has("resume") ? (
            <F intent="resume">
              <Btn>{t("console.resume")}</Btn>
            </F>
          ) : null}
          {offered.has("adjourn") ? (
            <F intent="adjourn">
              <Btn>{t("console.adjourn")}</Btn>
            </F>
          ) : null}
          {offered.has("end") ? (
            <F intent="end">
              <Btn>{t("console.end")}</Btn>
            </F>
          ) : null}
        </div>
        {state.status === "waiting" && !offered.has("start") ? (
          <p data-testid="console-notice-first">
            {t("console.noticeFirst")}{" "}
            <Link to={`/${data.tenant}/admin/meetings/${state.meetingId}`}>{t("console.toMeetingAdmin")}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="c-agenda-h">
        <h2 id="c-agenda-h">{t("agenda.heading")}</h2>
        <ol className="agenda">
          {state.items.map((i) => (
            <li key={i.id} aria-current={i.id === state.currentItemId ? "step" : undefined}>
              {title(i)} <span className="muted">– {t(`agenda.state.${i.state}`)}</span>
              {i.closed ? <strong> ({t("console.closedItem")})</strong> : null}
              <div className="live-console-row">
                <F intent="moveTo">
                  <input type="hidden" name="itemId" value={i.id} />
                  <button type="submit" disabled={i.id === state.currentItemId}>
                    {t("console.moveTo")}
                    <span className="visually-hidden"> {title(i)}</span>
                  </button>
                </F>
                <F intent="postpone">
                  <input type="hidden" name="itemId" value={i.id} />
                  <button type="submit">
                    {t("console.postpone")}
                    <span className="visually-hidden"> {title(i)}</span>
                  </button>
                </F>
              </div>
            </li>
          ))}
        </ol>
      </section>

      {current ? (
        <section aria-labelledby="c-current-h">
          <h2 id="c-current-h">{t("console.currentItem", { item: title(current) })}</h2>
          <h3>{t("floor.heading")}</h3>
          <p>
            {state.floor ? (
              <>
                {t("floor.now", {
                  name: state.floor.speaker.name,
                  party: state.floor.speaker.party ?? "",
                  since: new Date(state.floor.since).toLocaleTimeString(locale, {
                    hour: "2-digit",
                    minute: "2-digit",
                    timeZone: "Europe/Oslo",
                  }),
                })}{" "}
                <SpeakingTime since={state.floor.since} />
              </>
            ) : (
              t("floor.nobody")
            )}
          </p>
          <div className="live-console-row">
            <F intent="nextSpeaker">
              <Btn>{t("console.nextSpeaker")}</Btn>
            </F>
            <F intent="endSpeech">
              <Btn>{t("console.endSpeech")}</Btn>
            </F>
          </div>
          {state.queue.length ? (
            <ol>
              {state.queue.map((q, n) => (
                <li key={q.id}>
                  {q.name}
                  {q.party ? ` (${q.party})` : ""}
                  {q.kind === "reply" ? ` – ${t("floor.reply")}` : ""}
                  <div className="live-console-row">
                    <F intent="moveSpeaker">
                      <input type="hidden" name="speakerId" value={q.id} />
                      <input type="hidden" name="to" value={Math.max(0, n - 1)} />
                      <button type="submit" disabled={n === 0}>
                        {t("console.speakerUp")}
                        <span className="visually-hidden"> {q.name}</span>
                      </button>
                    </F>
                    <F intent="removeSpeaker">
                      <input type="hidden" name="speakerId" value={q.id} />
                      <button type="submit">
                        {t("console.speakerRemove")}
                        <span className="visually-hidden"> {q.name}</span>
                      </button>
                    </F>
                  </div>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t("console.queueEmpty")}</p>
          )}
          <F intent="addSpeaker" reset label={t("console.addSpeaker")}>
            <label>
              {t("console.speakerName")} <input name="name" required maxLength={200} defaultValue={values.name ?? ""} />
            </label>{" "}
            <label>
              {t("console.speakerParty")} <input name="party" maxLength={100} defaultValue={values.party ?? ""} />
            </label>{" "}
            <label>
              <input type="checkbox" name="kind" value="reply" /> {t("floor.reply")}
            </label>{" "}
            <Btn>{t("console.addSpeaker")}</Btn>
          </F>

          <h3>{t("console.vote")}</h3>
          <h4>{t("console.voteCount")}</h4>
          <F intent="recordVote" label={t("console.voteCount")}>
            <input type="hidden" name="itemId" value={current.id} />
            <input type="hidden" name="mode" value="count" />
            <label>
              {t("console.voteFor")}{" "}
              <input name="for" type="number" min={0} inputMode="numeric" defaultValue={values.for ?? "0"} />
            </label>{" "}
            <label>
              {t("console.voteAgainst")}{" "}
              <input name="against" type="number" min={0} inputMode="numeric" defaultValue={values.against ?? "0"} />
            </label>{" "}
            <label>
              {t("console.voteBlank")}{" "}
              <input name="blank" type="number" min={0} inputMode="numeric" defaultValue={values.blank ?? "0"} />
            </label>{" "}
            <PassedSelect value={values.passed} /> <Btn>{t("console.voteSave")}</Btn>
          </F>
          <DetailedVotes itemId={current.id} roster={data.roster} />
          <h3>{t("agenda.decision")}</h3>
          <F intent="recordDecision" label={t("agenda.decision")}>
            <input type="hidden" name="itemId" value={current.id} />
            <label>
              {t("console.decisionText")}
              <br />
              <textarea
                name="text"
                rows={4}
                cols={60}
                required
                defaultValue={values.text ?? state.decisions[current.id] ?? ""}
              />
            </label>
            <br />
            <Btn>{t("console.decisionSave")}</Btn>
          </F>
        </section>
      ) : null}

      <section aria-labelledby="c-stream-h">
        <h2 id="c-stream-h">{t("stream")}</h2>
        <F intent="setStream" label={t("stream")}>
          <label>
            {t("console.streamUrl")} <input name="url" type="url" defaultValue={values.url ?? state.streamUrl ?? ""} />
          </label>{" "}
          <Btn>{t("console.streamSave")}</Btn>
        </F>
      </section>
    </FormCtx.Provider>
  );
}
