import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { cases } from "#db/schema/index.ts";

/**
 * The one rule for what the public may see of a case (kommuneloven § 11-5,
 * offentleglova): a case exempt as a whole (closed_basis set), or on any
 * agenda item closed to the public, is not shown: not its title, number,
 * documents or decision. Every public query filters with this.
 */
export function publicCase(tenantId: string): SQL {
  return and(
    eq(cases.tenantId, tenantId),
    isNull(cases.closedBasis),
    sql`not exists (select 1 from agenda_items ai where ai.case_id = ${cases.id} and ai.closed)`,
  )!;
}
