import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { submitProposal } from "#app/modules/budgeting/commands.server.ts";
import { roundPage } from "#app/modules/budgeting/page.server.ts";
import { listAreas } from "#app/modules/budgeting/queries.server.ts";
import { PhaseNav } from "#app/modules/budgeting/ui.tsx";
import { CsrfInput } from "#app/modules/identity/csrf.tsx";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { tenantOutline } from "#app/modules/bodies/queries.server.ts";
import { mapFrame } from "#app/modules/maps/frame.ts";
import { PinSvg } from "#app/modules/maps/pin-svg.tsx";
import { LeafletMap } from "#app/modules/maps/leaflet-map.tsx";
import { tileSource } from "#app/modules/maps/tiles.ts";
import leafletCss from "leaflet/dist/leaflet.css?url";
import { fieldErrors } from "#app/lib/field-errors.tsx";

const SDGS = Array.from({ length: 17 }, (_, i) => i + 1);
const parseCoord = (v: string) => (v.trim() === "" ? null : Number(v.trim().replace(",", ".")));

export const handle = { i18n: ["budgeting"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

// A resident proposes a project while the round takes proposals.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const { m, locale, t, round } = await roundPage(request, params, deps);
  await requireUser(request, deps);
  const [areas, outline] = await Promise.all([
    listAreas(deps.db.db, round.id),
    tenantOutline(deps.db.db, round.tenantId),
  ]);
  return {
    outline,
    frame: outline ? mapFrame(outline) : null,
    tiles: tileSource(deps.env),
    title: `${t("propose.title")} – ${pickText(round.title, locale)?.value ?? round.key} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    phase: round.phase,
    categories: round.categories,
    areas: areas.map((a) => ({ key: a.key, name: pickText(a.name, locale)?.value ?? a.key })),
  };
}

type Reply = { code: string; field?: string; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { deps } = context;
  const { m, round } = await roundPage(request, params, deps);
  const me = await requireUser(request, deps);
  const form = await request.formData();
  const s = (k: string, max = 5000) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, max) : "";
  };
  const values = {
    title: s("title", 200),
    description: s("description"),
    category: s("category", 100),
    area: s("area", 100),
    estimatedCost: s("estimatedCost", 20),
    placeName: s("placeName", 200),
    lat: s("lat", 30),
    lon: s("lon", 30),
  };
  const sdg = form.getAll("sdg").map((v) => Number(v));
  const kept = { ...values, sdg: sdg.join(",") };
  const cost = values.estimatedCost.replace(/[\s\u00a0.]/g, "");
  if (!/^\d{1,12}$/.test(cost))
    return { code: "errors.costInvalid", field: "estimatedCost", values: kept } satisfies Reply;
  const lat = parseCoord(values.lat);
  const lng = parseCoord(values.lon);
  if ((lat !== null && !Number.isFinite(lat)) || (lng !== null && !Number.isFinite(lng)))
    return { code: "errors.placeInvalid", field: "place", values: kept } satisfies Reply;
  const r = await submitProposal(deps, me, {
    tenantId: m.id,
    roundId: round.id,
    areaKey: values.area || null,
    title: values.title,
    description: values.description,
    category: values.category || null,
    estimatedCost: BigInt(cost) * 10n ** BigInt(round.scale),
    placeName: values.placeName || null,
    lat,
    lng,
    sdgTags: sdg,
  });
  if (!r.ok) return { code: r.error.code, field: r.error.field, values: kept } satisfies Reply;
  return redirect(`/${m.slug}/budgeting/${round.key}?proposed=${encodeURIComponent(r.value.code)}`, 303);
}

export default function Propose() {
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation("budgeting");
  const { t: tc } = useTranslation("common");
  const v = reply?.values ?? {};
  const chosen = new Set((v.sdg ?? "").split(",").filter(Boolean).map(Number));
  const { err, aria } = fieldErrors(reply, t);
  if (d.phase !== "proposals") {
    return (
      <>
        <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
        <h1>{t("propose.title")}</h1>
        <p role="status">{t("errors.notTakingProposals")}</p>
      </>
    );
  }
  return (
    <>
      <PhaseNav tenant={d.tenant} round={d.key} phase={d.phase} />
      <h1>{t("propose.title")}</h1>
      {reply && !reply.field ? (
        <p className="field-error" role="alert">
          {t(reply.code)}
        </p>
      ) : null}
      <Form method="post" className="stack-form" noValidate>
        <CsrfInput />
        <div>
          <label htmlFor="title">{t("propose.titleLabel")}</label>
          <input id="title" name="title" required maxLength={140} defaultValue={v.title} {...aria("title")} />
          {err("title")}
        </div>
        <div>
          <label htmlFor="description">{t("propose.description")}</label>
          <textarea
            id="description"
            name="description"
            rows={5}
            maxLength={5000}
            defaultValue={v.description}
            {...aria("description")}
          />
          {err("description")}
        </div>
        {d.categories.length ? (
          <div>
            <label htmlFor="category">{t("round.category")}</label>
            <select id="category" name="category" defaultValue={v.category} {...aria("category")}>
              <option value="">{t("vote.noChoice")}</option>
              {d.categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            {err("category")}
          </div>
        ) : null}
        {d.areas.length ? (
          <div>
            <label htmlFor="area">{t("round.area")}</label>
            <select id="area" name="area" required defaultValue={v.area} {...aria("area")}>
              {d.areas.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.name}
                </option>
              ))}
            </select>
            {err("area")}
          </div>
        ) : null}
        <div>
          <label htmlFor="estimatedCost">{t("propose.cost")}</label>
          <input
            id="estimatedCost"
            name="estimatedCost"
            inputMode="numeric"
            required
            defaultValue={v.estimatedCost}
            {...aria("estimatedCost")}
          />
          {err("estimatedCost")}
        </div>
        <div>
          <label htmlFor="placeName">{t("propose.place")}</label>
          <input id="placeName" name="placeName" maxLength={200} defaultValue={v.placeName} />
        </div>
        {d.frame ? (
          <LeafletMap
            area={d.outline}
            pins={[]}
            tiles={d.tiles}
            label={t("propose.mapLabel")}
            hint={`${t("propose.mapHint")} ${tc("map.keys")}`}
            place={{ lat: "lat", lon: "lon" }}
            zoomIn={tc("map.zoomIn")}
            zoomOut={tc("map.zoomOut")}
            fallback={<PinSvg frame={d.frame} pins={[]} label={t("propose.mapLabel")} />}
          />
        ) : null}
        <div>
          <label htmlFor="lat">{t("propose.lat")}</label>
          <input id="lat" name="lat" inputMode="decimal" defaultValue={v.lat} {...aria("place")} />
          <label htmlFor="lon">{t("propose.lon")}</label>
          <input
            id="lon"
            name="lon"
            inputMode="decimal"
            defaultValue={v.lon}
            {...(reply?.field === "place" ? { "aria-invalid": true as const } : {})}
          />
          {err("place")}
        </div>
        <fieldset className="sdg-list" {...(reply?.field === "sdgTags" ? { "aria-describedby": "sdgTags-error" } : {})}>
          <legend>{t("propose.sdg")}</legend>
          {SDGS.map((n) => (
            <label key={n}>
              <input type="checkbox" name="sdg" value={n} defaultChecked={chosen.has(n)} />{" "}
              {t("propose.sdgShort", { n, name: t(`sdg.${n}`) })}
            </label>
          ))}
          {err("sdgTags")}
        </fieldset>
        <button type="submit">{t("propose.submit")}</button>
      </Form>
    </>
  );
}
