import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";
import { listPriorities, listRounds } from "#app/modules/budgeting/queries.server.ts";
import { listPanels } from "#app/modules/panels/queries.server.ts";
import { listActiveProcesses } from "./queries.server.ts";

// What a resident can take part in now, of every kind, for the municipality's
// home page and its menu. Each kind is read through its owner module's queries.

export type ParticipationKind = "consultation" | "budgeting" | "priorities" | "panel" | "survey";

export interface ParticipationItem {
  id: string;
  kind: ParticipationKind;
  title: LocalizedText | null;
  /** A translation key for where it stands (e.g. "budgeting:phase.voting"), or null. */
  stage: string | null;
  /** The next deadline a resident should know of: closing, or the end of the current phase. */
  deadline: Date | null;
  caseNumber: string | null;
  /** Under the municipality's path. */
  path: string | null;
}

export interface ParticipationOverview {
  items: ParticipationItem[];
  /** Which sections the municipality's menu shows (a section with nothing public is left out). */
  sections: { budgeting: boolean; panels: boolean };
}

const PB_PUBLIC_PHASES = new Set(["proposals", "review", "voting", "result", "implementation"]);
const PANEL_PUBLIC = new Set(["recruiting", "selected"]);

export async function participationOverview(db: Db, tenantId: string): Promise<ParticipationOverview> {
  const [processes, rounds, priorities, panels] = await Promise.all([
    listActiveProcesses(db, tenantId),
    listRounds(db, tenantId),
    listPriorities(db, tenantId),
    listPanels(db, tenantId),
  ]);
  const items: ParticipationItem[] = [];
  const seen = new Set<string>();
  const push = (it: ParticipationItem) => {
    const key = it.path ?? `${it.kind}:${it.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push(it);
  };
  for (const r of rounds) {
    if (!PB_PUBLIC_PHASES.has(r.phase)) continue;
    const ends = r.phaseDates?.[r.phase]?.endsAt;
    push({
      id: r.id,
      kind: "budgeting",
      title: r.title,
      stage: `budgeting:phase.${r.phase}`,
      deadline: ends ? new Date(ends) : null,
      caseNumber: null,
      path: `budgeting/${r.key}`,
    });
  }
  for (const p of priorities) {
    if (p.status !== "open") continue;
    push({
      id: p.id,
      kind: "priorities",
      title: p.title,
      stage: "budgeting:prio.open",
      deadline: p.closesAt ?? null,
      caseNumber: null,
      path: `budget-priorities/${p.key}`,
    });
  }
  for (const p of panels) {
    if (!PANEL_PUBLIC.has(p.status)) continue;
    push({
      id: p.id,
      kind: "panel",
      title: p.title,
      stage: `panels:status.${p.status}`,
      deadline: null,
      caseNumber: null,
      path: `panels/${p.key}`,
    });
  }
  for (const p of processes)
    push({
      id: p.id,
      kind: p.kind,
      title: p.title,
      stage: null,
      deadline: p.closesAt,
      caseNumber: p.caseNumber,
      path: p.path,
    });
  // Open things with a deadline first (soonest first), then the rest.
  items.sort((a, b) => (a.deadline?.getTime() ?? Infinity) - (b.deadline?.getTime() ?? Infinity));
  return {
    items,
    sections: {
      budgeting: rounds.some((r) => r.phase !== "draft") || priorities.some((p) => p.status !== "draft"),
      panels: panels.some((p) => p.status !== "draft"),
    },
  };
}
