import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { devInboxEnabled } from "#app/lib/env.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { listDevSms, receiveDevReply } from "#app/modules/sms/dev-inbox.server.ts";

// The local inbox: e-mail and SMS that would have gone out, for developers
// (only when NODE_ENV is not production, or MEDVIRK_DEV_INBOX=1). Not cached.
// E-mail comes from identity's in-memory inbox; SMS from the outbox rows the
// `inbox` transport delivered and from inbound SMS. A developer can answer an
// SMS as if from that phone: the reply goes through the inbound-SMS command.
export const handle = { i18n: ["identity", "sms"] };
export const meta: MetaFunction = () => [{ title: "Dev inbox – Medvirk" }, { name: "robots", content: "noindex" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const { deps } = context;
  if (!devInboxEnabled(deps.env)) throw new Response("Not found", { status: 404 });
  const emails = devInbox(deps)
    .filter((m) => m.channel === "email")
    .map((m) => ({
      id: `e${m.id}`,
      at: m.at.toISOString(),
      kind: "email" as const,
      to: m.to,
      subject: m.subject ?? null,
      text: m.text,
      status: "",
    }));
  const sms = (await listDevSms(deps)).map((m) => ({
    id: m.id,
    at: m.at,
    kind: m.direction === "out" ? ("sms" as const) : ("smsIn" as const),
    to: m.phone,
    subject: null,
    text: m.body,
    status: m.status,
  }));
  const messages = [...emails, ...sms].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { messages };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { deps } = context;
  if (!devInboxEnabled(deps.env)) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const from = String(form.get("from") ?? "");
  const body = String(form.get("body") ?? "");
  const r = await receiveDevReply(deps, { from, body });
  if (!r.ok) return Response.json({ ok: false as const, error: r.error.code, from, body }, { status: 400 });
  return { ok: true as const, error: null, from, body: "" };
}

export default function DevInbox() {
  const { messages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation(["identity", "sms"]);
  return (
    <>
      <h1>{t("inbox.title")}</h1>
      <p className="notice">{t("inbox.intro")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("sms:inbox.replied")}
        </p>
      ) : null}
      {messages.length ? (
        <ol className="card-list inbox">
          {messages.map((m) => (
            <li key={m.id} data-to={m.to} data-kind={m.kind}>
              <h2 className="inbox-to">
                {m.kind === "email"
                  ? `${t("inbox.email")}: ${m.to}`
                  : m.kind === "sms"
                    ? `${t("inbox.sms")}: ${m.to}`
                    : `${t("sms:inbox.received")} · ${t("sms:inbox.from")}: ${m.to}`}
              </h2>
              <p className="muted">
                <time dateTime={m.at}>{m.at}</time>
                {m.subject ? ` · ${m.subject}` : ""}
                {m.status
                  ? ` · ${m.kind === "smsIn" ? t("sms:inbox.handledAs") : t("sms:inbox.status")}: ${m.status}`
                  : ""}
              </p>
              <pre className="inbox-text">{m.text}</pre>
              {m.kind === "sms" ? (
                <Form method="post" className="inbox-reply">
                  <CsrfInput />
                  <input type="hidden" name="from" value={m.to} />
                  <label htmlFor={`reply-${m.id}`}>{t("sms:inbox.replyLabel", { phone: m.to })}</label>
                  <input id={`reply-${m.id}`} name="body" required maxLength={1600} autoComplete="off" />
                  <button type="submit">{t("sms:inbox.replySend")}</button>
                  {result && !result.ok && result.from === m.to ? (
                    <p className="error" role="alert">
                      {t(`sms:${result.error}`)}
                    </p>
                  ) : null}
                </Form>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("inbox.empty")}</p>
      )}
    </>
  );
}
