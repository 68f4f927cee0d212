import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pickText } from "#app/lib/localized.ts";
import { listBodies } from "#app/modules/bodies/queries.server.ts";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { manageableBodies } from "#app/modules/identity/permissions.ts";
import { osloDayStart, parseOsloLocal } from "#app/modules/meetings/calendar.ts";
import { createMeeting } from "#app/modules/meetings/commands.server.ts";
import { listMeetings } from "#app/modules/meetings/queries.server.ts";
import { presentMeeting } from "#app/modules/political/present.server.ts";
import {
  audited,
  failure,
  staffContext,
  str,
  valuesOf,
  type ActionReply,
} from "#app/modules/political/staff.server.ts";
import { errProps, Feedback, FieldErr, StaffNav, typed } from "#app/modules/political/staff-ui.tsx";
import { LocalText } from "#app/modules/political/text.tsx";

export const handle = { i18n: ["political"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// Secretaries: the meetings of the bodies they manage, and a new meeting.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, actor, locale, t } = await staffContext(request, params, deps);
  const bodies = manageableBodies(actor, m.id, await listBodies(deps.db.db, m.id));
  const ids = new Set(bodies.map((b) => b.id));
  const meetings = (await listMeetings(deps.db.db, m.id, { from: osloDayStart(deps.now(), 60), limit: 200 })).filter(
    (mt) => ids.has(mt.body.id),
  );
  return {
    title: `${t("staff.meetings")} – ${m.officialName}`,
    tenant: m.slug,
    bodies: bodies.map((b) => ({ id: b.id, kind: b.kind, name: pickText(b.name, locale) })),
    meetings: meetings.map((mt) => presentMeeting(mt, locale)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, actor } = await staffContext(request, params, deps);
  const form = await request.formData();
  const values = valuesOf(form);
  const startsAt = parseOsloLocal(str(form, "startsAt"));
  const endsRaw = str(form, "endsAt");
  const endsAt = endsRaw ? parseOsloLocal(endsRaw) : null;
  if (!startsAt || (endsRaw && !endsAt))
    return failure(
      "create",
      {
        code: "errors.invalidInput",
        status: 400,
        details: [{ field: !startsAt ? "startsAt" : "endsAt", code: "errors.badDateTime" }],
      },
      values,
    );
  const r = await audited(deps, actor, m.id, "meetings.meeting.created", { type: "meeting", id: (v) => v.id }, () =>
    createMeeting(deps, actor, {
      tenantId: m.id,
      bodyId: str(form, "bodyId", 100),
      startsAt,
      endsAt,
      location: str(form, "location", 300),
      remoteUrl: str(form, "remoteUrl", 2000),
      streamUrl: str(form, "streamUrl", 2000),
    }),
  );
  if (!r.ok) return failure("create", r.error, values);
  return redirect(`/${m.slug}/admin/meetings/${r.value.id}`, 303);
}

export default function AdminMeetings() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<ActionReply>();
  const { t } = useTranslation("political");
  const { t: tc } = useTranslation();
  const I = "create";
  return (
    <>
      <StaffNav tenant={d.tenant} />
      <h1>{t("staff.meetings")}</h1>
      {d.meetings.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("meeting.time")}</th>
              <th scope="col">{t("staff.body")}</th>
              <th scope="col">{t("meeting.status")}</th>
            </tr>
          </thead>
          <tbody>
            {d.meetings.map((mt) => (
              <tr key={mt.id}>
                <td>
                  <Link to={`/${d.tenant}/admin/meetings/${mt.id}`}>{mt.when}</Link>
                </td>
                <td>
                  <LocalText text={mt.body.name} />
                </td>
                <td>{tc(`meeting.status.${mt.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("calendar.noMeetings")}</p>
      )}

      <h2 id="new-meeting-h">{t("staff.newMeeting")}</h2>
      <Feedback reply={reply} intent={I} />
      {d.bodies.length ? (
        <Form method="post" className="staff-form" aria-labelledby="new-meeting-h">
          <CsrfInput />
          <label htmlFor="m-body">{t("staff.body")}</label>
          <select
            id="m-body"
            name="bodyId"
            defaultValue={typed(reply, I, "bodyId")}
            required
            {...errProps(reply, I, "bodyId", "m-body-err")}
          >
            {d.bodies.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name?.value ?? tc(`body.kind.${b.kind}`)}
              </option>
            ))}
          </select>
          <FieldErr reply={reply} intent={I} field="bodyId" id="m-body-err" />
          <label htmlFor="m-start">{t("staff.startsAt")}</label>
          <input
            id="m-start"
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={typed(reply, I, "startsAt")}
            {...errProps(reply, I, "startsAt", "m-start-err")}
          />
          <FieldErr reply={reply} intent={I} field="startsAt" id="m-start-err" />
          <label htmlFor="m-end">{t("staff.endsAt")}</label>
          <input
            id="m-end"
            name="endsAt"
            type="datetime-local"
            defaultValue={typed(reply, I, "endsAt")}
            {...errProps(reply, I, "endsAt", "m-end-err")}
          />
          <FieldErr reply={reply} intent={I} field="endsAt" id="m-end-err" />
          <label htmlFor="m-loc">{t("meeting.place")}</label>
          <input id="m-loc" name="location" maxLength={300} defaultValue={typed(reply, I, "location")} />
          <label htmlFor="m-remote">{t("staff.remoteUrl")}</label>
          <input
            id="m-remote"
            name="remoteUrl"
            type="url"
            defaultValue={typed(reply, I, "remoteUrl")}
            {...errProps(reply, I, "remoteUrl", "m-remote-err")}
          />
          <FieldErr reply={reply} intent={I} field="remoteUrl" id="m-remote-err" />
          <label htmlFor="m-stream">{t("staff.streamUrl")}</label>
          <input
            id="m-stream"
            name="streamUrl"
            type="url"
            defaultValue={typed(reply, I, "streamUrl")}
            {...errProps(reply, I, "streamUrl", "m-stream-err")}
          />
          <FieldErr reply={reply} intent={I} field="streamUrl" id="m-stream-err" />
          <div>
            <button type="submit">{t("staff.createMeeting")}</button>
          </div>
        </Form>
      ) : (
        <p>{t("staff.noBodiesToManage")}</p>
      )}
    </>
  );
}
