import { and, asc, count, eq, inArray } from "drizzle-orm";
import { cases, processes } from "#db/schema/index.ts";
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
}

export async function listActiveProcesses(db: Db, tenantId: string): Promise<ActiveProcess[]> {
  const rows = await db
    .select({ id: processes.id, kind: processes.kind, title: processes.title, closesAt: processes.closesAt, year: cases.year, seq: cases.sequence })
    .from(processes)
    .leftJoin(cases, and(eq(cases.id, processes.caseId), eq(cases.tenantId, tenantId)))
    .where(and(eq(processes.tenantId, tenantId), inArray(processes.status, ["active"])))
    .orderBy(asc(processes.closesAt));
  return rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, closesAt: r.closesAt, caseNumber: r.year != null && r.seq != null ? `${r.year}/${r.seq}` : null }));
}
