import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { requestLocale } from "#app/lib/locale.server.ts";
import { listAudit, verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import { requireStaff } from "#app/modules/identity/session.server.ts";
import { municipalityFromUrl } from "#app/modules/tenants/page.server.ts";

// The municipality's audit log, and whether the whole hash chain verifies.
export const handle = { i18n: ["identity"] };
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Medvirk" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { deps } = context;
  const m = municipalityFromUrl(request, params.tenant, deps);
  await requireStaff(request, deps, m.id, "read:audit:tenant");
  const locale = requestLocale(request, deps, m.slug);
  const t = tFor(locale);
  const [chain, rows] = await Promise.all([
    verifyAuditChain(deps.db.db, { env: deps.env }),
    listAudit(deps.db.db, m.id, 200),
  ]);
  return {
    title: `${t("audit.title", { ns: "identity" })} – ${m.officialName}`,
    chain: chain.ok ? { ok: true as const, count: chain.rows } : { ok: false as const, seq: chain.brokenAt },
    rows: rows.map((r) => ({
      seq: r.seq,
      at: formatDateTime(r.at, locale),
      action: r.action,
      actor: r.actorPersonId?.slice(0, 8) ?? "–",
      subject: r.subjectId ? `${r.subjectType ?? ""} ${r.subjectId.slice(0, 8)}` : "–",
    })),
  };
}

export default function AuditLog() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("identity");
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <p
        className={`notice ${data.chain.ok ? "chain-ok" : "chain-broken"}`}
        role="status"
        data-chain={data.chain.ok ? "ok" : "broken"}
      >
        {data.chain.ok ? t("audit.verified", { count: data.chain.count }) : t("audit.broken", { seq: data.chain.seq })}
      </p>
      {data.rows.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("audit.seq")}</th>
              <th scope="col">{t("audit.when")}</th>
              <th scope="col">{t("audit.action")}</th>
              <th scope="col">{t("audit.actor")}</th>
              <th scope="col">{t("audit.subject")}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <td>{r.at}</td>
                <td>
                  <code>{r.action}</code>
                </td>
                <td>{r.actor}</td>
                <td>{r.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("audit.empty")}</p>
      )}
    </>
  );
}
