import { and, asc, count, eq, inArray } from "drizzle-orm";
import { cases, consultations, panels, pbRounds, processes } from "#db/schema/index.ts";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#app/lib/localized.ts";

/** Number of active processes per municipality id (only those that have any). */
export async function countActiveProcesses(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ tenantId: processes.tenantId, n: count() })
    .from(processes)
    .where(eq(processes.status, "active"))
    .groupBy(processes.tenantId);
  return new Map(rows.map((r) => [r.tenantId, Number(r.n)]));
}

export interface ActiveProcess {
  id: string;
  kind: "consultation" | "panel" | "budgeting" | "survey";
  title: LocalizedText;
  closesAt: Date | null;
  caseNumber: string | null;
  /** Where a resident takes part, under the municipality's path: the consultation, round or panel; else the case. */
  path: string | null;
}

export async function listActiveProcesses(db: Db, tenantId: string): Promise<ActiveProcess[]> {
  const rows = await db
    .select({
      id: processes.id,
      kind: processes.kind,
      title: processes.title,
      closesAt: processes.closesAt,
      year: cases.year,
      seq: cases.sequence,
      consultationId: consultations.id,
      roundKey: pbRounds.key,
      panelKey: panels.key,
    })
    .from(processes)
    .leftJoin(cases, and(eq(cases.id, processes.caseId), eq(cases.tenantId, tenantId)))
    .leftJoin(consultations, and(eq(consultations.processId, processes.id), eq(consultations.tenantId, tenantId)))
    .leftJoin(pbRounds, and(eq(pbRounds.processId, processes.id), eq(pbRounds.tenantId, tenantId)))
    .leftJoin(panels, and(eq(panels.processId, processes.id), eq(panels.tenantId, tenantId)))
    .where(and(eq(processes.tenantId, tenantId), inArray(processes.status, ["active"])))
    .orderBy(asc(processes.closesAt));
  const seen = new Set<string>(); // a process has at most one of each, but the joins must not repeat it
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      closesAt: r.closesAt,
      caseNumber: r.year != null && r.seq != null ? `${r.year}/${r.seq}` : null,
      path: r.consultationId
        ? `consultations/${r.consultationId}`
        : r.roundKey
          ? `budgeting/${r.roundKey}`
          : r.panelKey
            ? `panels/${r.panelKey}`
            : r.year != null && r.seq != null
              ? `cases/${r.year}-${r.seq}`
              : null,
    }));
}

/** When a process opens (for a page that says "opens on …"); null when unknown. */
export async function processOpensAt(db: Db, tenantId: string, processId: string | null): Promise<Date | null> {
  if (!processId) return null;
  const [p] = await db
    .select({ opensAt: processes.opensAt })
    .from(processes)
    .where(and(eq(processes.id, processId), eq(processes.tenantId, tenantId)));
  return p?.opensAt ?? null;
}
