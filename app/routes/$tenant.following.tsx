import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trail } from "#app/components/shell.tsx";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import {
  channelsOf,
  follow,
  followingChannel,
  listFollows,
  resolveTarget,
  unfollow,
  type Follower,
  type FollowTargetInfo,
} from "#app/modules/follows/commands.server.ts";
import type { SessionActor } from "#app/modules/identity/session.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";

import { notFound, publicTenant } from "#app/modules/political/page.server.ts";
import { LocalText } from "#app/modules/political/text.tsx";
import type { Locale } from "#app/lib/i18n.ts";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Following a case, a body or an area (an area council): a signed-in
// resident with a verified e-mail address is told when a case is scheduled,
// when input opens and when it is decided (app/modules/follows). Opened from
// the "Følg" links on the case, body and area pages (?case=2026-7001 or
// ?body=<key>); also lists everything the person follows here.
const follower = (a: SessionActor): Follower => ({
  id: a.id,
  email: a.email,
  emailVerified: !!a.verification.emailVerifiedAt,
  phone: a.phone,
  phoneVerified: !!a.verification.phoneVerifiedAt,
});
const present = (t: FollowTargetInfo, locale: Locale) => ({
  type: t.type,
  id: t.id,
  ref: t.ref,
  kind: t.kind ?? null,
  path: t.path,
  name: pickText(t.name, locale),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t } = publicTenant(request, params, deps);
  const actor = await requireUser(request, deps);
  const url = new URL(request.url);
  const ref = { case: url.searchParams.get("case"), body: url.searchParams.get("body") };
  const target = ref.case || ref.body ? await resolveTarget(deps.db.db, m, ref) : null;
  if ((ref.case || ref.body) && !target) throw notFound();
  const list = await listFollows(deps.db.db, m, actor.id);
  return {
    title: `${t("follow.title")} – ${m.officialName}`,
    tenant: m.slug,
    name: m.officialName,
    email: actor.email,
    phone: actor.phone,
    channels: channelsOf(follower(actor)),
    done:
      url.searchParams.get("done") === "followed"
        ? "followed"
        : url.searchParams.get("done") === "unfollowed"
          ? "unfollowed"
          : null,
    target: target
      ? {
          ...present(target, locale),
          channel: await followingChannel(deps.db.db, actor.id, m.id, target.type, target.id),
        }
      : null,
    list: list.map((x) => present(x, locale)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m } = publicTenant(request, params, deps);
  const actor = await requireUser(request, deps);
  const form = await request.formData();
  const intent = form.get("intent");
  const targetType = form.get("targetType") === "case" ? "case" : form.get("targetType") === "body" ? "body" : null;
  const targetId = String(form.get("targetId") ?? "").slice(0, 64);
  if (!targetType || (intent !== "follow" && intent !== "unfollow"))
    return Response.json({ error: "errors.invalidInput" }, { status: 400 });
  const r =
    intent === "follow"
      ? await follow(deps.db.db, follower(actor), {
          tenantId: m.id,
          targetType,
          targetId,
          channel: form.get("channel") === "sms" ? "sms" : form.get("channel") === "email" ? "email" : undefined,
        })
      : await unfollow(deps.db.db, actor, { tenantId: m.id, targetType, targetId });
  if (!r.ok) return Response.json({ error: r.error.code }, { status: r.error.status });
  // Back to where the form was (Post/Redirect/Get), saying what happened.
  const back = new URL(request.url);
  const qs = new URLSearchParams();
  for (const k of ["case", "body"]) {
    const v = back.searchParams.get(k);
    if (v) qs.set(k, v);
  }
  qs.set("done", intent === "follow" ? "followed" : "unfollowed");
  return redirect(`/${m.slug}/following?${qs}`, 303);
}

function TargetName({
  x,
}: {
  x: { type: string; ref: string; kind: string | null; name: { value: string; lang: string } | null };
}) {
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  return x.type === "case" ? (
    <>
      {t("case.number", { number: x.ref })}: <LocalText text={x.name} />
    </>
  ) : (
    <LocalText text={x.name} fallback={x.kind ? tc(`body.kind.${x.kind}`) : x.ref} />
  );
}

export default function Following() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as { error?: string } | undefined;
  const { t } = useTranslation("political");
  const here = d.target
    ? `?${d.target.type === "case" ? "case" : "body"}=${encodeURIComponent(d.target.type === "case" ? d.target.ref.replace("/", "-") : d.target.ref)}`
    : "";
  return (
    <>
      <Trail tenant={d.tenant} name={d.name} />
      <h1>{t("follow.title")}</h1>
      {d.done ? (
        <p role="status" className="notice">
          {t(`follow.${d.done}`)}
        </p>
      ) : null}
      {a?.error ? (
        <p role="alert" className="form-errors">
          {t(a.error)}
        </p>
      ) : null}
      <p>{d.channels.length ? t("follow.how") : t("follow.errors.needsEmail")}</p>
      {d.channels.length === 1 ? (
        <p>
          {t("follow.sentTo", {
            to:
              d.channels[0] === "email"
                ? t("follow.channelEmail", { email: d.email })
                : t("follow.channelSms", { phone: d.phone }),
          })}
        </p>
      ) : null}
      {d.target ? (
        <section aria-labelledby="follow-target-h">
          <h2 id="follow-target-h">
            <Link to={d.target.path}>
              <TargetName x={d.target} />
            </Link>
          </h2>
          <p>{d.target.channel ? t("follow.youFollow") : t("follow.youDoNotFollow")}</p>
          {d.channels.length && (!d.target.channel || d.channels.length > 1) ? (
            <Form method="post" action={`/${d.tenant}/following${here}`} className="staff-form">
              <CsrfInput />
              <input type="hidden" name="targetType" value={d.target.type} />
              <input type="hidden" name="targetId" value={d.target.id} />
              <input type="hidden" name="intent" value="follow" />
              {d.channels.length > 1 ? (
                <fieldset>
                  <legend>{t("follow.channel")}</legend>
                  <label className="checkbox">
                    <input type="radio" name="channel" value="email" defaultChecked={d.target.channel !== "sms"} />{" "}
                    {t("follow.channelEmail", { email: d.email })}
                  </label>
                  <label className="checkbox">
                    <input type="radio" name="channel" value="sms" defaultChecked={d.target.channel === "sms"} />{" "}
                    {t("follow.channelSms", { phone: d.phone })}
                  </label>
                </fieldset>
              ) : null}
              <div>
                <button type="submit">{d.target.channel ? t("follow.saveChannel") : t("follow.follow")}</button>
              </div>
            </Form>
          ) : null}
          {d.target.channel ? (
            <Form method="post" action={`/${d.tenant}/following${here}`} className="button-row">
              <CsrfInput />
              <input type="hidden" name="targetType" value={d.target.type} />
              <input type="hidden" name="targetId" value={d.target.id} />
              <input type="hidden" name="intent" value="unfollow" />
              <button type="submit">{t("follow.unfollow")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="follow-list-h">
        <h2 id="follow-list-h">{t("follow.list")}</h2>
        {d.list.length ? (
          <ul className="follow-list">
            {d.list.map((x) => (
              <li key={`${x.type}:${x.id}`}>
                <Link to={x.path}>
                  <TargetName x={x} />
                </Link>{" "}
                <Form method="post" action={`/${d.tenant}/following`} className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="targetType" value={x.type} />
                  <input type="hidden" name="targetId" value={x.id} />
                  <input type="hidden" name="intent" value="unfollow" />
                  <button
                    type="submit"
                    aria-label={`${t("follow.unfollow")}: ${x.type === "case" ? t("case.number", { number: x.ref }) : (x.name?.value ?? x.ref)}`}
                  >
                    {t("follow.unfollow")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("follow.nothing")}</p>
        )}
      </section>
    </>
  );
}
