import type { Deps } from "#app/lib/deps.ts";
import { formatDateTime } from "#app/lib/format.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { pickText } from "#app/lib/localized.ts";
import { caseSlug, formatCaseNumber } from "#app/modules/cases/case-number.ts";
import { VERIFICATION_LEVELS } from "#app/modules/identity/levels.ts";
import { parseOsloLocal } from "#app/modules/meetings/calendar.ts";
import { consultationTargets } from "#app/modules/meetings/staff-queries.server.ts";
import { notFound } from "#app/modules/political/page.server.ts";
import { staffContext } from "#app/modules/political/staff.server.ts";
import { COUNCIL_KINDS, createConsultation, type ConsultationInput } from "./commands.server.ts";
import { ACTIONS, QUESTION_SLOTS, type NewConsultationForm } from "./new-form.ts";
import type { Failure } from "./ui.tsx";

// The secretary opens a consultation on a case (issue 6; app/routes/$tenant.admin_.consultations.new.tsx):
// the deciding meeting gives the closing time (or a date is set by hand), the
// questions (up to three here), the map area (an area council's area) with
// pin categories, moderation, names, and the verification each action needs.

/** The secretary, the case (`?case=`) and what a consultation on it can be tied to; 404 when not this municipality's. */
export async function newConsultationContext(request: Request, params: { tenant?: string }, deps: Deps) {
  const ctx = await staffContext(request, params, deps, "manage:case:tenant");
  const caseId = new URL(request.url).searchParams.get("case") ?? "";
  const targets = await consultationTargets(deps.db.db, ctx.m.id, caseId, deps.now());
  if (!targets) throw notFound();
  return { ...ctx, ...targets };
}
type NewContext = Awaited<ReturnType<typeof newConsultationContext>>;

export function newConsultationView({ m, locale, c, meetings: ms, bodies: bs }: NewContext) {
  const t = tFor(locale);
  return {
    title: `${t("create.title", { ns: "consultations" })} – ${m.officialName}`,
    tenant: m.slug,
    caseId: c.id,
    number: formatCaseNumber(c),
    slug: caseSlug(c),
    caseTitle: pickText(c.title, locale),
    meetings: ms.map((x) => ({
      id: x.id,
      label: `${pickText(x.bodyName, locale)?.value ?? ""} – ${formatDateTime(x.startsAt, locale)}`,
    })),
    deciders: bs
      .filter((b) => !(COUNCIL_KINDS as readonly string[]).includes(b.kind))
      .map((b) => ({ id: b.id, name: pickText(b.name, locale)?.value ?? "" })),
    areas: bs.filter((b) => b.area).map((b) => ({ id: b.id, name: pickText(b.name, locale)?.value ?? "" })),
    levels: VERIFICATION_LEVELS,
  };
}
export type NewConsultationView = ReturnType<typeof newConsultationView>;

/** Opens the consultation: its id, or the refusal (the field it belongs to, and what was typed). */
export async function openConsultation(
  deps: Deps,
  { m, actor, c, meetings: ms, bodies: bs }: NewContext,
  input: NewConsultationForm,
  values: Record<string, string>,
): Promise<{ ok: true; id: string } | { ok: false; failure: Failure; status: number }> {
  const fail = (code: string, status: number, field: string | null, p?: Record<string, string | number>) => ({
    ok: false as const,
    failure: { intent: "create", code, field, params: p, values } satisfies Failure,
    status,
  });

  const meetingId = input.meetingId;
  const meeting = ms.find((x) => x.id === meetingId) ?? null;
  const opensAt = parseOsloLocal(input.opensAt) ?? (input.opensAt ? null : deps.now());
  if (!opensAt) return fail("errors.badDateTime", 400, "opensAt");
  const closesRaw = input.closesAt;
  const closesAt = closesRaw ? parseOsloLocal(closesRaw) : null;
  if (closesRaw && !closesAt) return fail("errors.badDateTime", 400, "closesAt");
  const areaId = input.areaBodyId;
  const area = bs.find((b) => b.id === areaId && b.area)?.area ?? null;
  const questions: NonNullable<ConsultationInput["questions"]> = [];
  for (let i = 1; i <= QUESTION_SLOTS; i++) {
    const prompt = (input[`q${i as 1 | 2 | 3}_prompt`] ?? "").trim();
    if (!prompt) continue;
    const kind = input[`q${i as 1 | 2 | 3}_kind`] as "single" | "multi" | "scale" | "text";
    if (!["single", "multi", "scale", "text"].includes(kind)) return fail("errors.invalidField", 400, `q${i}_kind`);
    const options = (input[`q${i as 1 | 2 | 3}_options`] ?? "")
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean)
      .map((nb) => ({ nb }));
    if ((kind === "single" || kind === "multi") && options.length < 2)
      return fail("errors.needOptions", 400, `q${i}_options`);
    questions.push({ kind, prompt: { nb: prompt }, options });
  }
  const requirements = Object.fromEntries(
    ACTIONS.map((a) => [a, input[`level_${a}`] || "email"]),
  ) as ConsultationInput["requirements"];
  const closeDays = input.closeDaysBeforeNotice;
  const r = await createConsultation(deps, actor, {
    tenantId: m.id,
    caseId: c.id,
    bodyId: meeting ? meeting.bodyId : input.bodyId,
    meetingId: meeting?.id ?? null,
    title: { nb: input.title_nb ?? "", nn: input.title_nn ?? "" },
    summary: { nb: input.summary_nb ?? "", nn: input.summary_nn ?? "" },
    plan: input.plan === "on",
    closeDaysBeforeNotice: closeDays && /^\d{1,3}$/.test(closeDays) ? Number(closeDays) : 2,
    opensAt,
    closesAt,
    moderation: input.moderation,
    nameMode: input.nameMode,
    mapArea: area ?? undefined,
    pinCategories: area
      ? input.pinCategories
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
    questions,
    requirements,
    // Until the person has seen the short-deadline warning and ticked "open it anyway".
    requireMinimumDays: input.acceptShortDeadline !== "yes",
  });
  if (!r.ok) {
    const field = r.error.details?.[0]?.field ?? null;
    const code = r.error.details?.[0]?.code ?? r.error.code;
    return fail(
      code,
      r.error.status,
      field === "title" || field?.startsWith("title.") ? "title_nb" : field,
      r.error.params,
    );
  }
  return { ok: true, id: r.value.id };
}
