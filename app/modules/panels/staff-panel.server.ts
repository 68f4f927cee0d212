import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import type { DomainError } from "#app/lib/result.ts";
import type { SessionActor } from "#app/modules/identity/session.server.ts";
import {
  publishSelection,
  quotaRows,
  replaceMember,
  requestDraw,
  setQuotas,
  setRecruiting,
} from "./commands.server.ts";
import { uploadFrame } from "./frames.server.ts";
import { parseQuotaText, quotaText, type panelPage } from "./page.server.ts";
import { countInvitations, latestSelection, poolComposition, seatedMembers } from "./queries.server.ts";
import { sendSmsInvitations } from "./sms.server.ts";
import type { StaffPanelForm } from "./staff-panel-forms.ts";
import { notifySurvey } from "./survey-sms.server.ts";
import {
  closeSurvey,
  createSurvey,
  listSurveys,
  openSurvey,
  remindSurvey,
  setPopulationMargins,
} from "./surveys.server.ts";

// A panel's staff page (app/routes/$tenant.admin_.panels.$key.tsx): quotas,
// recruitment with the pool's live composition, the draw (a job with live
// progress), the seated panel with replacements, surveys, publishing the audit.
type PanelPage = Awaited<ReturnType<typeof panelPage>>;

export async function staffPanelView(deps: Deps, { m, locale, t, panel }: PanelPage) {
  const [rows, comp, sel, seated, surveys, invitations] = await Promise.all([
    quotaRows(deps.db.db, panel.id),
    poolComposition(deps.db.db, panel),
    latestSelection(deps.db.db, panel.id),
    seatedMembers(deps.db.db, panel.id),
    listSurveys(deps.db.db, panel.id),
    countInvitations(deps.db.db, panel.id),
  ]);
  const title = pickText(panel.title, locale)?.value ?? panel.key;
  return {
    title: `${title} – ${t("staff.listTitle")} – ${m.officialName}`,
    tenant: m.slug,
    id: panel.id,
    key: panel.key,
    panelTitle: title,
    size: panel.size,
    method: panel.method,
    status: panel.status,
    quotas: quotaText(rows),
    pool: comp.n,
    cells: comp.cells,
    selection: sel
      ? {
          id: sel.id,
          status: sel.status,
          method: sel.method,
          seed: sel.seed,
          progress: sel.progress,
          report: sel.report,
          error: sel.error,
          minProbability: sel.minProbability,
          n: sel.n,
          published: !!sel.publishedAt,
          seconds: sel.seconds,
        }
      : null,
    seated: seated.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      replacement: !!s.replacesId,
      profile: Object.values(s.profile).join(", "),
    })),
    surveys,
    invitations,
  };
}
export type StaffPanelView = Awaited<ReturnType<typeof staffPanelView>>;

export type StaffPanelReply = {
  intent: string;
  ok: boolean;
  code?: string;
  params?: Record<string, string | number>;
  target?: string;
  values?: Record<string, string>;
};

/** A form the schema refused: its first field's message, shown with the form it came from. */
export function staffPanelRefusal(error: DomainError, values: Record<string, string>): StaffPanelReply {
  const first = error.details?.[0];
  return {
    intent: values.intent ?? "",
    ok: false,
    code: first?.code ?? error.code,
    params: first?.params,
    target: values.memberId ?? values.surveyId,
    values,
  };
}

/** Runs one form of the page. */
export async function runStaffPanelForm(
  deps: Deps,
  { m, panel }: PanelPage,
  me: SessionActor,
  input: StaffPanelForm,
): Promise<StaffPanelReply> {
  const { intent } = input;
  type Reply = StaffPanelReply;
  const reply = (
    r: { ok: boolean; error?: { code: string; params?: Record<string, string | number> } },
    extra: Partial<Reply> = {},
  ): Reply =>
    r.ok
      ? { intent, ok: true, ...extra }
      : { intent, ok: false, code: r.error!.code, params: r.error!.params, ...extra };
  switch (input.intent) {
    case "quotas": {
      const text = input.quotas;
      const parsed = parseQuotaText(text);
      if (parsed.badLine !== null)
        return reply(
          { ok: false, error: { code: "errors.quota.lineInvalid", params: { line: parsed.badLine } } },
          { values: { quotas: text } },
        );
      const r = await setQuotas(deps, me, { tenantId: m.id, panelId: panel.id, rows: parsed.rows });
      if (!r.ok && typeof r.error.params?.line === "number" && r.error.params.line > 0)
        r.error.params.line = parsed.lines[r.error.params.line - 1] ?? r.error.params.line;
      return reply(r, r.ok ? {} : { values: { quotas: text } });
    }
    case "recruit":
      return reply(await setRecruiting(deps, me, { tenantId: m.id, panelId: panel.id, open: input.open === "1" }));
    case "draw": {
      const method = input.method === "legacy" ? "legacy" : "leximin";
      return reply(await requestDraw(deps, me, { tenantId: m.id, panelId: panel.id, method, seed: input.seed }));
    }
    case "publish":
      return reply(await publishSelection(deps, me, { tenantId: m.id, selectionId: input.selectionId }));
    case "replace": {
      const target = input.memberId;
      return reply(await replaceMember(deps, me, { tenantId: m.id, panelMemberId: target }), { target });
    }
    case "survey": {
      const values = {
        surveyKey: input.surveyKey,
        surveyTitle: input.surveyTitle,
        questions: input.questions,
      };
      return reply(
        await createSurvey(deps, me, {
          tenantId: m.id,
          panelId: panel.id,
          key: values.surveyKey,
          title: values.surveyTitle,
          questions: values.questions,
        }),
        { values },
      );
    }
    case "survey-open":
    case "survey-remind":
    case "survey-close": {
      const target = input.surveyId;
      const survey = { tenantId: m.id, surveyId: target };
      const r =
        intent === "survey-open"
          ? await openSurvey(deps, me, survey)
          : intent === "survey-remind"
            ? await remindSurvey(deps, me, survey)
            : await closeSurvey(deps, me, survey);
      // The members hear of it: by SMS (asked there when every question is short) or by e-mail with the link.
      if (r.ok && intent !== "survey-close")
        await notifySurvey(deps, me, { ...survey, reminder: intent === "survey-remind" });
      return reply(r, { target });
    }
    case "frame": {
      const file = input.file;
      const values = {
        sampleSize: input.sampleSize,
        retentionDays: input.retentionDays,
      };
      if (!(file instanceof File) || file.size === 0)
        return reply({ ok: false, error: { code: "errors.frame.csv", params: { line: 1 } } }, { values });
      if (file.size > 5_000_000) return reply({ ok: false, error: { code: "errors.frame.tooBig" } }, { values });
      const r = await uploadFrame(deps, me, {
        tenantId: m.id,
        panelId: panel.id,
        fileName: file.name,
        content: await file.text(),
        sampleSize: Number(values.sampleSize),
        retentionDays: Number(values.retentionDays),
      });
      return r.ok
        ? { intent, ok: true, params: { invited: r.value.invited, rows: r.value.rows } }
        : reply(r, { values });
    }
    case "sms-invite": {
      const r = await sendSmsInvitations(deps, me, { tenantId: m.id, panelId: panel.id });
      return r.ok ? { intent, ok: true, params: { queued: r.value.queued } } : reply(r);
    }
    case "margins": {
      const text = input.margins;
      return reply(await setPopulationMargins(deps, me, { tenantId: m.id, text }), { values: { margins: text } });
    }
  }
}
