import { checkGate } from "#app/modules/identity/gate.ts";
import { waysToRaise } from "#app/modules/identity/phone.server.ts";
import type { Deps } from "#app/lib/deps.ts";
import { pickText } from "#app/lib/localized.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { castBallot, hasVoted, plainBallotErrors } from "./commands.server.ts";
import { roundPage } from "./page.server.ts";
import { listAreas, listProposals } from "./queries.server.ts";
import { ballotFromForm, ballotRulesOf } from "./round.ts";
import { type Ballot, validateBallot } from "./rules.ts";
import type { PlainBallotError } from "./ui.tsx";

// The ballot page's server side (issue 8; thin route since issue 19). Works
// without JavaScript: "Update the total" posts the ballot back and the server
// shows the running total, the budget bar and any problem (nothing is cast);
// with JavaScript they update as the voter chooses. The same pure rules
// (rules.ts) check the ballot here, in castBallot and in the tally.
async function load(request: Request, params: { tenant?: string; round?: string }, deps: Deps) {
  const { m, locale, t, round } = await roundPage(request, params, deps);
  const me = await requireUser(request, deps);
  const areas = await listAreas(deps.db.db, round.id);
  const url = new URL(request.url);
  const areaKey = url.searchParams.get("area");
  const area = areas.find((a) => a.key === areaKey) ?? null;
  const proposals =
    round.phase === "voting" && (area || !areas.length)
      ? await listProposals(deps.db.db, round.id, { areaId: area ? area.id : null, status: "feasible" })
      : [];
  const budget = area?.budget ?? round.budget;
  const rules = ballotRulesOf(round.rules.ballot, budget);
  const projects = proposals.map((p) => ({ id: p.code, cost: p.officialCost ?? 0n }));
  return { m, locale, t, round, me, areas, area, budget, rules, projects, proposals };
}

export async function votePage(request: Request, params: { tenant?: string; round?: string }, deps: Deps) {
  const { m, locale, t, round, me, areas, area, budget, proposals } = await load(request, params, deps);
  const voted = await hasVoted(deps.db.db, round.id, me.id);
  // A voter below the round's verification level is offered the way up there and then (issue 17).
  const gate = checkGate(me.verification, round.tenantId, round.eligibility.level);
  return {
    gate: { ...gate, ways: gate.ok ? [] : await waysToRaise(deps, gate.need, new URL(request.url).pathname) },
    title: `${t("vote.title")} – ${pickText(round.title, locale)?.value ?? round.key} – ${m.officialName}`,
    tenant: m.slug,
    key: round.key,
    roundTitle: pickText(round.title, locale)?.value ?? round.key,
    phase: round.phase,
    ballot: round.rules.ballot,
    minAge: round.eligibility.minAge ?? null,
    scale: round.scale,
    budget: budget.toString(),
    areas: areas.map((a) => ({ key: a.key, name: pickText(a.name, locale)?.value ?? a.key })),
    area: area?.key ?? null,
    voted: voted.some((v) => v.scope === (area?.id ?? "")),
    projects: proposals.map((p) => ({
      code: p.code,
      title: p.title,
      cost: (p.officialCost ?? 0n).toString(),
      category: p.category,
    })),
  };
}

export type BallotReply = {
  intent: "check" | "cast";
  ballot: Ballot;
  errors: PlainBallotError[];
  receipt?: string;
  replaced?: boolean;
  code?: string;
  ageConfirmed?: boolean;
};

export async function postBallot(request: Request, params: { tenant?: string; round?: string }, deps: Deps) {
  const { round, me, area, rules, projects } = await load(request, params, deps);
  const form = await request.formData();
  const intent = form.get("intent") === "cast" ? "cast" : "check";
  const ballot = ballotFromForm(
    round.rules.ballot.kind,
    form,
    projects.map((p) => p.id),
  );
  const ageConfirmed = form.get("ageConfirmed") === "on";
  if (intent === "check") {
    const check = validateBallot(rules, projects, ballot);
    return {
      intent,
      ballot,
      errors: check.ok ? [] : plainBallotErrors(check.errors),
      ageConfirmed,
    } satisfies BallotReply;
  }
  const r = await castBallot(deps, me, {
    tenantId: round.tenantId,
    roundId: round.id,
    areaKey: area?.key ?? null,
    ballot,
    ageConfirmed,
  });
  if (!r.ok)
    return {
      intent,
      ballot,
      errors: r.error.ballotErrors ?? [],
      code: r.error.code,
      ageConfirmed,
    } satisfies BallotReply;
  return { intent, ballot, errors: [], receipt: r.value.receipt, replaced: r.value.replaced } satisfies BallotReply;
}
