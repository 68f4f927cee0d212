import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import type { DomainError } from "#app/lib/result.ts";
import { can } from "#app/modules/identity/permissions.ts";
import type { SessionActor } from "#app/modules/identity/session.server.ts";
import {
  computeResult,
  confirmPaperBallot,
  enterPaperBallot,
  enterPaperBallotForResident,
  movePhase,
  reviewProposal,
  updateRules,
} from "./commands.server.ts";
import { compareRules } from "./compare.server.ts";
import { implementationOf, postUpdate } from "./implementation.server.ts";
import type { roundPage } from "./page.server.ts";
import { findPerson, listAreas, listProposals, pendingPaperBallots } from "./queries.server.ts";
import type { Ballot } from "./rules.ts";
import { rulesFromForm } from "./staff-form.ts";
import type { StaffRoundForm } from "./staff-round-forms.ts";
import type { PlainBallotError } from "./ui.tsx";

// A round's staff page (app/routes/$tenant.admin_.budgeting.$round.tsx): move
// the phase, review proposals, type in paper ballots and confirm others'
// (second check), compute the result, report on the funded projects.
type RoundPage = Awaited<ReturnType<typeof roundPage>>;

export async function staffRoundView(deps: Deps, { m, locale, t, round }: RoundPage, me: SessionActor) {
  const [areas, proposals, paper, funded] = await Promise.all([
    listAreas(deps.db.db, round.id),
    listProposals(deps.db.db, round.id),
    pendingPaperBallots(deps.db.db, round.id),
    round.phase === "implementation" ? implementationOf(deps.db.db, round.id, null) : Promise.resolve([]),
  ]);
  const comparison = ["result", "implementation", "closed"].includes(round.phase)
    ? await compareRules(deps.db.db, round)
    : [];
  return {
    title: `${t("staff.title")} – ${pickText(round.title, locale)?.value ?? round.key} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    me: me.id,
    roundTitle: pickText(round.title, locale)?.value ?? round.key,
    phase: round.phase,
    // The SMS ballot campaign starts from here (issue 18): the composer opens with replies voting in this round.
    smsBallot:
      round.phase === "voting" && can(me, "manage:sms:tenant", { tenantId: m.id })
        ? `/${m.slug}/admin/sms?replies=pb:${round.id}`
        : null,
    frozen: !!round.rulesFrozenAt,
    kind: round.rules.ballot.kind,
    scale: round.scale,
    areas: areas.map((a) => ({ key: a.key, id: a.id, name: pickText(a.name, locale)?.value ?? a.key })),
    proposals: proposals.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      status: p.status,
      estimatedCost: p.estimatedCost.toString(),
      officialCost: p.officialCost?.toString() ?? "",
    })),
    comparison: comparison.map((c) => ({
      area: areas.find((a) => a.id === c.scope)
        ? (pickText(areas.find((a) => a.id === c.scope)!.name, locale)?.value ?? c.areaKey)
        : null,
      ballots: c.ballots,
      budget: c.budget.toString(),
      projects: c.projects.map((p) => ({
        id: p.id,
        cost: p.cost.toString(),
        title: proposals.find((x) => x.code === p.id)?.title ?? p.id,
      })),
      outcomes: c.outcomes.map((o) => ({
        key: o.key,
        selected: o.selected,
        cost: o.cost.toString(),
        share: o.voters ? Math.round((100 * o.votersWithWinner) / o.voters) : 0,
      })),
    })),
    rule: round.rules.tally.rule === "greedy" ? "greedy" : `mes-${round.rules.tally.completion ?? "add1"}`,
    ruleValues: ((b, tl) => ({
      kind: b.kind,
      limit: String(
        b.kind === "approval"
          ? (b.maxProjects ?? "")
          : b.kind === "cumulative"
            ? b.points
            : b.kind === "ranking"
              ? b.maxRanked
              : "",
      ),
      minimum: String(
        b.kind === "cumulative" ? "" : b.kind === "ranking" ? (b.minRanked ?? "") : (b.minProjects ?? ""),
      ),
      rule: tl.rule,
      completion: tl.completion ?? "add1",
    }))(round.rules.ballot, round.rules.tally) as Record<string, string>,
    funded: funded.map((p) => ({
      id: p.id,
      code: p.code,
      title: p.title,
      status: p.status,
      progress: p.progress,
      finalCost: p.finalCost?.toString() ?? "",
    })),
    paper: paper.map((p) => ({
      id: p.id,
      who: p.person ?? p.email ?? p.phone ?? "",
      projects: p.projects ?? [],
      points: p.points,
      mine: p.enteredBy === me.id,
      area: areas.find((a) => a.id === p.scope)?.key ?? "",
    })),
  };
}
export type StaffRoundView = Awaited<ReturnType<typeof staffRoundView>>;

export type StaffRoundReply = {
  intent: string;
  ok: boolean;
  code?: string;
  params?: Record<string, string | number>;
  field?: string;
  errors?: PlainBallotError[];
  target?: string;
  values?: Record<string, string>;
  told?: number;
};

/** "P1 P3" or, for points, "P1:3 P2:2"; ranking keeps the order. */
function parseCodes(text: string): Ballot {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const projects: string[] = [];
  const points: number[] = [];
  let withPoints = false;
  for (const tok of tokens) {
    const [c, p] = tok.toUpperCase().split(":");
    projects.push(c!);
    if (p !== undefined) withPoints = true;
    points.push(p !== undefined && /^\d+$/.test(p) ? Number(p) : -1);
  }
  return withPoints ? { projects, points } : { projects };
}

/** A form the schema refused: its first field's message, shown with the form it came from (by proposal or paper ballot). */
export function staffRoundRefusal(error: DomainError, values: Record<string, string>): StaffRoundReply {
  const first = error.details?.[0];
  return {
    intent: values.intent ?? "",
    ok: false,
    code: first?.code ?? error.code,
    params: first?.params,
    field: first?.field,
    target: values.proposalId ?? values.paperId,
    values,
  };
}

/** Runs one form of the page; `values` are the posted fields, given back with a refusal. */
export async function runStaffRoundForm(
  deps: Deps,
  { m, round }: RoundPage,
  me: SessionActor,
  input: StaffRoundForm,
  values: Record<string, string>,
): Promise<StaffRoundReply> {
  const { intent } = input;
  const reply = (
    r: { ok: boolean; error?: { code: string; field?: string; ballotErrors?: PlainBallotError[] } },
    target?: string,
  ): StaffRoundReply =>
    r.ok
      ? { intent, ok: true, target }
      : {
          intent,
          ok: false,
          code: r.error!.code,
          field: r.error!.field,
          errors: r.error!.ballotErrors,
          target,
          values,
        };
  const kr = (v: string) =>
    /^\d{1,12}$/.test(v.replace(/[\s\u00a0.]/g, ""))
      ? BigInt(v.replace(/[\s\u00a0.]/g, "")) * 10n ** BigInt(round.scale)
      : null;
  switch (input.intent) {
    case "phase": {
      return reply(await movePhase(deps, me, { tenantId: m.id, roundId: round.id, to: input.to }));
    }
    case "review": {
      const { decision, proposalId: id } = input;
      const cost = input.officialCost;
      const officialCost = cost ? kr(cost) : null;
      if (decision === "feasible" && officialCost === null)
        return reply({ ok: false, error: { code: "errors.costInvalid", field: "officialCost" } }, id);
      return reply(
        await reviewProposal(deps, me, {
          tenantId: m.id,
          proposalId: id,
          decision,
          officialCost,
          costReason: input.costReason,
          reason: input.reason,
          mergedIntoCode: input.mergedInto.toUpperCase(),
        }),
        id,
      );
    }
    case "paper": {
      const personId = input.person ? await findPerson(deps.db.db, input.person) : null;
      if (!personId && input.name.trim()) {
        // No account: the voter as the municipality's rules describe them (name, birth year, and
        // an address or the phone number typed in the first field).
        const phone = input.person.includes("@") ? "" : input.person;
        return reply(
          await enterPaperBallotForResident(deps, me, {
            tenantId: m.id,
            roundId: round.id,
            areaKey: input.area || null,
            voter: { name: input.name, birthYear: input.birthYear, address: input.address, phone },
            ballot: parseCodes(input.codes),
          }),
        );
      }
      if (!personId) return reply({ ok: false, error: { code: "errors.personUnknown", field: "person" } });
      return reply(
        await enterPaperBallot(deps, me, {
          tenantId: m.id,
          roundId: round.id,
          areaKey: input.area || null,
          personId,
          ballot: parseCodes(input.codes),
        }),
      );
    }
    case "confirm":
    case "reject": {
      const id = input.paperId;
      return reply(
        await confirmPaperBallot(deps, me, {
          tenantId: m.id,
          paperBallotId: id,
          accept: intent === "confirm",
          reason: input.reason,
        }),
        id,
      );
    }
    case "update": {
      const { proposalId: id, status } = input;
      const progressRaw = input.progress;
      const progress = /^\d{1,3}$/.test(progressRaw) ? Number(progressRaw) : -1;
      const finalRaw = input.finalCost;
      const finalCost = finalRaw ? kr(finalRaw) : null;
      if (finalRaw && finalCost === null)
        return reply({ ok: false, error: { code: "errors.finalCostRequired", field: "finalCost" } }, id);
      const file = input.photo;
      const photo =
        file instanceof File && file.size > 0
          ? { bytes: new Uint8Array(await file.arrayBuffer()), alt: input.photoAlt }
          : null;
      const r = await postUpdate(deps, me, {
        tenantId: m.id,
        proposalId: id,
        body: input.body,
        status,
        progress,
        finalCost,
        photo,
      });
      return r.ok ? { ...reply(r, id), told: r.value.told } : reply(r, id);
    }
    case "rules": {
      const rules = rulesFromForm((k) => input[k as "kind" | "limit" | "minimum" | "rule" | "completion"] ?? "");
      if (!rules) return reply({ ok: false, error: { code: "errors.rulesInvalid" } });
      return reply(await updateRules(deps, me, { tenantId: m.id, roundId: round.id, rules }));
    }
    case "compute":
      return reply(await computeResult(deps, me, { tenantId: m.id, roundId: round.id }));
  }
}
