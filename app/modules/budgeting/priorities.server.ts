import { and, eq, sql } from "drizzle-orm";
import type { Locale } from "#app/lib/i18n.ts";
import { pickText } from "#app/lib/localized.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import type { Db } from "#db/client.ts";
import {
  cases,
  pbPriorities,
  pbPriorityResponses,
  type StoredRevenueOption,
  type StoredSector,
} from "#db/schema/index.ts";
import type { LocalizedText } from "#db/schema/types.ts";
import type { PbDeps, PbError, PbResult } from "./commands.server.ts";
import {
  AGE_BANDS,
  aggregate,
  checkSpec,
  validateAllocation,
  type Allocation,
  type AllocationError,
  type PrioritiesAggregate,
  type PrioritiesSpec,
} from "./priorities.ts";

// Budget-priorities consultations on the ordinary budget: staff set the
// sectors with this year's amounts and limits; residents move money and must
// balance; one response per person (UNIQUE; a new one replaces it while open);
// results aggregated and weighted to the population (priorities.ts).

export type PrioritiesRow = typeof pbPriorities.$inferSelect;
const ok = <T>(value: T): PbResult<T> => ({ ok: true, value });
const fail = (
  code: string,
  status: number,
  extra: Omit<PbError, "code" | "status"> = {},
): { ok: false; error: PbError } => ({ ok: false, error: { code, status, ...extra } });
const canManage = (actor: Actor | null, tenantId: string) => can(actor, "manage:budgeting:tenant", { tenantId });

/** The spec of a stored consultation in one language (money as bigint). */
export function specOf(row: Pick<PrioritiesRow, "sectors" | "revenue">, locale: Locale): PrioritiesSpec {
  const txt = (t: LocalizedText | undefined) => (t ? (pickText(t, locale)?.value ?? undefined) : undefined);
  return {
    sectors: row.sectors.map((s) => ({
      key: s.key,
      name: txt(s.name) ?? s.key,
      amount: BigInt(s.amount),
      min: BigInt(s.min),
      max: BigInt(s.max),
      less: txt(s.less),
      more: txt(s.more),
    })),
    revenue: row.revenue.map((r) => ({
      key: r.key,
      name: txt(r.name) ?? r.key,
      delta: BigInt(r.delta),
      consequence: txt(r.consequence),
    })),
  };
}

export type CreatePrioritiesInput = {
  tenantId: string;
  key: string;
  title: LocalizedText;
  description?: LocalizedText;
  year: number;
  sectors: StoredSector[];
  revenue?: StoredRevenueOption[];
  areas?: string[];
  margins?: Record<string, Record<string, number>>;
  closesAt?: Date | null;
  /** The budget case ("2026/1234") whose consultations' input reports include the results. */
  caseNumber?: string | null;
};

export async function createPriorities(
  deps: PbDeps,
  actor: Actor,
  input: CreatePrioritiesInput,
): Promise<PbResult<{ id: string }>> {
  if (!canManage(actor, input.tenantId)) return fail("errors.forbidden", 403);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.key)) return fail("errors.keyInvalid", 400, { field: "key" });
  if (!Object.values(input.title).some(Boolean)) return fail("errors.titleRequired", 400, { field: "title" });
  let specError: string | null;
  try {
    specError = checkSpec(specOf({ sectors: input.sectors, revenue: input.revenue ?? [] }, "nb"));
  } catch {
    specError = "errors.prioritiesLimits"; // an amount that is not a whole number
  }
  if (specError) return fail(specError, 400, { field: "sectors" });
  let caseId: string | null = null;
  if (input.caseNumber?.trim()) {
    const n = /^(\d{4})\s*\/\s*(\d{1,7})$/.exec(input.caseNumber.trim());
    const [c] = n
      ? await deps.db.db
          .select({ id: cases.id })
          .from(cases)
          .where(
            and(eq(cases.tenantId, input.tenantId), eq(cases.year, Number(n[1])), eq(cases.sequence, Number(n[2]))),
          )
      : [];
    if (!c) return fail("errors.prioritiesCase", 400, { field: "case" });
    caseId = c.id;
  }
  const now = deps.now();
  try {
    const id = await deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(pbPriorities)
        .values({
          tenantId: input.tenantId,
          key: input.key,
          title: input.title,
          description: input.description ?? {},
          year: input.year,
          sectors: input.sectors,
          revenue: input.revenue ?? [],
          areas: input.areas ?? [],
          margins: input.margins ?? {},
          closesAt: input.closesAt ?? null,
          caseId,
          createdAt: now,
        })
        .returning({ id: pbPriorities.id });
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "budgeting.priorities.created",
        subjectType: "pb_priorities",
        subjectId: row!.id,
        data: { key: input.key, year: input.year },
      });
      return row!.id;
    });
    return ok({ id });
  } catch (e) {
    for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 4; x = x.cause as typeof x, i++)
      if (x.code === "23505") return fail("errors.keyTaken", 409, { field: "key" });
    throw e;
  }
}

/** Opens or closes a consultation (forward only: draft → open → closed). */
export async function setPrioritiesStatus(
  deps: PbDeps,
  actor: Actor,
  input: { tenantId: string; id: string; status: "open" | "closed" },
): Promise<PbResult<{ status: string }>> {
  if (!canManage(actor, input.tenantId)) return fail("errors.forbidden", 403);
  const from = input.status === "open" ? "draft" : "open";
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const rows = await tx
      .update(pbPriorities)
      .set({ status: input.status })
      .where(
        and(eq(pbPriorities.id, input.id), eq(pbPriorities.tenantId, input.tenantId), eq(pbPriorities.status, from)),
      )
      .returning({ id: pbPriorities.id });
    if (!rows.length) return fail("errors.phaseBackwards", 409);
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "budgeting.priorities.status",
      subjectType: "pb_priorities",
      subjectId: input.id,
      data: { to: input.status },
    });
    return ok({ status: input.status });
  });
  if (r.ok) deps.bus.publish({ type: "budgeting.priorities.status", tenantId: input.tenantId, prioritiesId: input.id });
  return r;
}

export type SubmitPrioritiesInput = {
  tenantId: string;
  id: string;
  allocation: Allocation;
  area?: string | null;
  ageBand?: string | null;
};

/** A resident submits (or replaces) their allocation; it must pass validateAllocation. */
export async function submitPriorities(
  deps: PbDeps,
  person: { id: string },
  input: SubmitPrioritiesInput,
): Promise<PbResult<{ replaced: boolean }> | { ok: false; error: PbError & { allocationErrors?: AllocationError[] } }> {
  const [row] = await deps.db.db
    .select()
    .from(pbPriorities)
    .where(and(eq(pbPriorities.id, input.id), eq(pbPriorities.tenantId, input.tenantId)));
  if (!row) return fail("errors.notFound", 404);
  if (row.status !== "open" || (row.closesAt && deps.now() >= row.closesAt))
    return fail("errors.prioritiesClosed", 409);
  if (input.area && !row.areas.includes(input.area)) return fail("errors.areaInvalid", 400, { field: "area" });
  if (input.ageBand && !(AGE_BANDS as readonly string[]).includes(input.ageBand))
    return fail("errors.ageBandInvalid", 400, { field: "ageBand" });
  const check = validateAllocation(specOf(row, "nb"), input.allocation);
  if (!check.ok)
    return { ok: false, error: { code: "errors.allocationInvalid", status: 400, allocationErrors: check.errors } };
  const amounts = Object.fromEntries(Object.entries(check.normalized.amounts).map(([k, v]) => [k, v.toString()]));
  const now = deps.now();
  const [res] = await deps.db.db
    .insert(pbPriorityResponses)
    .values({
      tenantId: input.tenantId,
      prioritiesId: row.id,
      personId: person.id,
      amounts,
      revenue: [...check.normalized.revenue],
      area: input.area || null,
      ageBand: input.ageBand || null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [pbPriorityResponses.prioritiesId, pbPriorityResponses.personId],
      set: {
        amounts,
        revenue: [...check.normalized.revenue],
        area: input.area || null,
        ageBand: input.ageBand || null,
        updatedAt: now,
        submissions: sql`${pbPriorityResponses.submissions} + 1`,
      },
    })
    .returning({ submissions: pbPriorityResponses.submissions });
  deps.bus.publish({ type: "budgeting.priorities.submitted", tenantId: input.tenantId, prioritiesId: row.id });
  return ok({ replaced: (res?.submissions ?? 1) > 1 });
}

/** The person's current response, to fill the form again. */
export async function myPriorities(db: Db, id: string, personId: string) {
  const [r] = await db
    .select()
    .from(pbPriorityResponses)
    .where(and(eq(pbPriorityResponses.prioritiesId, id), eq(pbPriorityResponses.personId, personId)));
  return r ?? null;
}

/** The aggregate of all responses, weighted by the stored population margins (area, ageBand) when there are any. */
export async function prioritiesResults(db: Db, row: PrioritiesRow): Promise<PrioritiesAggregate> {
  const rows = await db.select().from(pbPriorityResponses).where(eq(pbPriorityResponses.prioritiesId, row.id));
  const spec = specOf(row, "nb");
  const responses = rows.map((r) => ({
    allocation: {
      amounts: Object.fromEntries(Object.entries(r.amounts).map(([k, v]) => [k, BigInt(v)])),
      revenue: r.revenue,
    },
    profile: Object.fromEntries(
      [
        ["area", r.area],
        ["ageBand", r.ageBand],
      ].filter((e): e is [string, string] => !!e[1]),
    ),
  }));
  const margins = Object.fromEntries(Object.entries(row.margins).filter(([, v]) => Object.keys(v).length));
  // Raking needs every respondent to have the feature: weight only by categories everyone answered.
  const usable = Object.fromEntries(
    Object.entries(margins).filter(([cat]) => responses.every((r) => r.profile[cat] !== undefined)),
  );
  return aggregate(spec, responses, Object.keys(usable).length ? { margins: usable } : {});
}
