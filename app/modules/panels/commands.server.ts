import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Deps } from "#app/lib/deps.ts";
import { appendAudit } from "#app/modules/identity/audit.server.ts";
import { can, type Actor } from "#app/modules/identity/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import type { Db } from "#db/client.ts";
import {
  cases,
  panelInvitations,
  panelMembers,
  panelPoolMembers,
  panelQuotas,
  panels,
  panelSelectionEntries,
  panelSelections,
  type SelectionProgress,
} from "#db/schema/index.ts";
import type { LocalizedText } from "#db/schema/types.ts";
import { checkQuotaRows, instanceOf, profileIssues, type QuotaRow } from "./quotas.ts";
import { chooseReplacement } from "./replacement.ts";
import { compile, SortitionInputError } from "./sortition/instance.ts";
import { auditOf, selectPanel, type Method } from "./sortition/select.ts";
import { LeximinAborted } from "./sortition/leximin.ts";

// Commands of citizen panels: (deps, actor, input) → Result (STYLE.md §2).
// Every command checks `manage:panel:tenant` (or, for joining, a signed-in
// person) and the tenant boundary itself. Errors are keys in the "panels"
// namespace. docs/decisions/025-panels-selection-jobs-and-audit.md.

export type PanelDeps = Pick<Deps, "db" | "now" | "bus" | "log">;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const MANAGE = "manage:panel:tenant" as const;
/** The error code a draw stopped at its time limit ends with (translated on the staff page). */
export const DRAW_TIMEOUT = "errors.drawTimeout";
const forbidden = () => fail("errors.forbidden", 403);
const notFound = () => fail("errors.notFound", 404);
/** Version of the consent text a volunteer agrees to (bumped when the text changes). */
export const CONSENT_VERSION = "panels-consent-1";

function publish(
  deps: Pick<Deps, "bus" | "log">,
  type: string,
  tenantId: string,
  payload: Record<string, unknown> = {},
): void {
  try {
    deps.bus.publish({ type, tenantId, ...payload });
  } catch (e) {
    deps.log.warn({ err: e, type }, "event listener failed");
  }
}

export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: string; cause?: unknown } | undefined, i = 0; x && i < 4; x = x.cause as typeof x, i++) {
    if (x.code === "23505") return true;
  }
  return false;
}

async function panelOf(db: Db | Tx, tenantId: string, panelId: string) {
  const [p] = await db
    .select()
    .from(panels)
    .where(and(eq(panels.id, panelId), eq(panels.tenantId, tenantId)));
  return p ?? null;
}

// ---------------------------------------------------------------------------
// Panels and quotas

export interface CreatePanelInput {
  tenantId: string;
  key: string;
  title: LocalizedText;
  purpose?: LocalizedText;
  size: number;
  method?: Method;
  caseId?: string | null;
  processId?: string | null;
}

export async function createPanel(
  deps: PanelDeps,
  actor: Actor,
  input: CreatePanelInput,
): Promise<Result<{ id: string }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.key)) return fail("errors.keyInvalid", 400, { field: "key" });
  if (!Object.values(input.title).some((v) => v && v.trim()))
    return fail("errors.titleRequired", 400, { field: "title" });
  if (!Number.isInteger(input.size) || input.size < 1 || input.size > 10_000)
    return fail("errors.sizeInvalid", 400, { field: "size" });
  const now = deps.now();
  try {
    const id = await deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(panels)
        .values({
          tenantId: input.tenantId,
          key: input.key,
          title: input.title,
          purpose: input.purpose ?? {},
          size: input.size,
          method: input.method ?? "leximin",
          caseId: input.caseId ?? null,
          processId: input.processId ?? null,
          createdAt: now,
        })
        .returning({ id: panels.id });
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "panels.panel.created",
        subjectType: "panel",
        subjectId: row!.id,
        data: { key: input.key, size: input.size },
      });
      return row!.id;
    });
    publish(deps, "panels.panel.created", input.tenantId, { panelId: id });
    return ok({ id });
  } catch (e) {
    if (isUniqueViolation(e)) return fail("errors.keyTaken", 409, { field: "key" });
    throw e;
  }
}

/** Replaces the panel's quotas. Refused once a draw has been made; line-precise errors otherwise. */
export async function setQuotas(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; panelId: string; rows: QuotaRow[] },
): Promise<Result<{ count: number }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  const now = deps.now();
  return deps.db.db.transaction(async (tx) => {
    const [panel] = await tx
      .select()
      .from(panels)
      .where(and(eq(panels.id, input.panelId), eq(panels.tenantId, input.tenantId)))
      .for("update");
    if (!panel) return notFound();
    if (panel.status === "selected" || panel.status === "closed") return fail("errors.quotasFrozen", 409);
    const issues = checkQuotaRows(input.rows, panel.size);
    if (issues.length) {
      const first = issues[0]!;
      return fail(`errors.quota.${first.code}`, 400, {
        field: "quotas",
        params: {
          line: first.line,
          category: first.category ?? "",
          feature: first.feature ?? "",
          value: first.value ?? 0,
          k: panel.size,
        },
      });
    }
    await tx.delete(panelQuotas).where(eq(panelQuotas.panelId, panel.id));
    await tx.insert(panelQuotas).values(
      input.rows.map((r, i) => ({
        tenantId: input.tenantId,
        panelId: panel.id,
        position: i,
        category: r.category.trim(),
        feature: r.feature.trim(),
        min: r.min,
        max: r.max,
        populationShare: r.populationShare,
        tolerance: r.tolerance,
      })),
    );
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "panels.quotas.set",
      subjectType: "panel",
      subjectId: panel.id,
      data: { rows: input.rows },
    });
    publish(deps, "panels.quotas.set", input.tenantId, { panelId: panel.id });
    return ok({ count: input.rows.length });
  });
}

/** Opens (or closes) recruitment into the pool. */
export async function setRecruiting(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; panelId: string; open: boolean },
): Promise<Result<{ status: string }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  const panel = await panelOf(deps.db.db, input.tenantId, input.panelId);
  if (!panel) return notFound();
  if (panel.status === "selected" || panel.status === "closed") return fail("errors.panelSelected", 409);
  if (input.open) {
    const [{ n }] = (await deps.db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(panelQuotas)
      .where(eq(panelQuotas.panelId, panel.id))) as [{ n: number }];
    if (n === 0) return fail("errors.noQuotas", 409);
  }
  const status = input.open ? "recruiting" : "draft";
  await deps.db.db.update(panels).set({ status }).where(eq(panels.id, panel.id));
  publish(deps, "panels.panel.updated", input.tenantId, { panelId: panel.id });
  return ok({ status });
}

// ---------------------------------------------------------------------------
// The pool

export interface JoinInput {
  tenantId: string;
  panelId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  profile: Record<string, string>;
  consent: boolean;
  source?: "web" | "sms" | "invitation";
  /** The invitation (from a sampling frame) this sign-up answers; marked accepted. */
  invitationCode?: string | null;
}

/** A signed-in person (web) or an SMS conversation (personId null) joins the pool with a profile and consent. */
export async function joinPool(
  deps: PanelDeps,
  personId: string | null,
  input: JoinInput,
): Promise<Result<{ id: string }>> {
  const panel = await panelOf(deps.db.db, input.tenantId, input.panelId);
  if (!panel) return notFound();
  if (panel.status !== "recruiting") return fail("errors.notRecruiting", 409);
  if (!input.consent) return fail("errors.consentRequired", 400, { field: "consent" });
  const name = input.name.trim();
  if (!name || name.length > 200) return fail("errors.nameRequired", 400, { field: "name" });
  const rows = await deps.db.db
    .select({ category: panelQuotas.category, feature: panelQuotas.feature })
    .from(panelQuotas)
    .where(eq(panelQuotas.panelId, panel.id))
    .orderBy(asc(panelQuotas.position));
  const issues = profileIssues(rows, input.profile);
  if (issues.length)
    return fail(`errors.profile.${issues[0]!.code}`, 400, {
      field: `profile.${issues[0]!.category}`,
      params: { category: issues[0]!.category },
    });
  const profile = Object.fromEntries(rows.map((r) => [r.category, input.profile[r.category]!]));
  const now = deps.now();
  try {
    const [row] = await deps.db.db
      .insert(panelPoolMembers)
      .values({
        tenantId: input.tenantId,
        panelId: panel.id,
        personId,
        source: input.source ?? (input.invitationCode ? "invitation" : "web"),
        name,
        email: input.email || null,
        phone: input.phone || null,
        profile,
        consentAt: now,
        consentVersion: CONSENT_VERSION,
        createdAt: now,
      })
      .returning({ id: panelPoolMembers.id });
    if (input.invitationCode) {
      await deps.db.db
        .update(panelInvitations)
        .set({ acceptedAt: now })
        .where(
          and(
            eq(panelInvitations.tenantId, input.tenantId),
            eq(panelInvitations.panelId, panel.id),
            eq(panelInvitations.code, input.invitationCode.toUpperCase()),
            isNull(panelInvitations.acceptedAt),
          ),
        );
    }
    publish(deps, "panels.pool.changed", input.tenantId, { panelId: panel.id });
    return ok({ id: row!.id });
  } catch (e) {
    if (isUniqueViolation(e)) return fail("errors.alreadyJoined", 409);
    throw e;
  }
}

/** A volunteer withdraws (consent withdrawn): out of the pool and out of future draws. */
export async function leavePool(
  deps: PanelDeps,
  personId: string,
  input: { tenantId: string; panelId: string },
): Promise<Result<{ left: boolean }>> {
  const r = await deps.db.db
    .update(panelPoolMembers)
    .set({ withdrawnAt: deps.now() })
    .where(
      and(
        eq(panelPoolMembers.tenantId, input.tenantId),
        eq(panelPoolMembers.panelId, input.panelId),
        eq(panelPoolMembers.personId, personId),
        isNull(panelPoolMembers.withdrawnAt),
      ),
    )
    .returning({ id: panelPoolMembers.id });
  if (r.length) publish(deps, "panels.pool.changed", input.tenantId, { panelId: input.panelId });
  return ok({ left: r.length > 0 });
}

// ---------------------------------------------------------------------------
// Selection: a job row, run off the request path (server/panels.ts)

/**
 * Queues a draw. At most one draw per panel is queued or running (a partial
 * unique index): asking again returns the job already there.
 */
export async function requestDraw(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; panelId: string; method?: Method; seed?: string },
): Promise<Result<{ id: string; existing: boolean }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  const panel = await panelOf(deps.db.db, input.tenantId, input.panelId);
  if (!panel) return notFound();
  if (panel.status === "selected" || panel.status === "closed") return fail("errors.panelSelected", 409);
  const seed = input.seed?.trim() || randomBytes(8).toString("hex");
  if (seed.length > 200) return fail("errors.seedInvalid", 400, { field: "seed" });
  const active = async () => {
    const [j] = await deps.db.db
      .select({ id: panelSelections.id })
      .from(panelSelections)
      .where(and(eq(panelSelections.panelId, panel.id), inArray(panelSelections.status, ["queued", "running"])));
    return j ?? null;
  };
  const existing = await active();
  if (existing) return ok({ id: existing.id, existing: true });
  const now = deps.now();
  try {
    const id = await deps.db.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(panelSelections)
        .values({
          tenantId: input.tenantId,
          panelId: panel.id,
          method: input.method ?? panel.method,
          seed,
          requestedByPersonId: actor.id,
          requestedAt: now,
        })
        .returning({ id: panelSelections.id });
      await appendAudit(tx, now, {
        tenantId: input.tenantId,
        actorPersonId: actor.id,
        action: "panels.draw.requested",
        subjectType: "panel_selection",
        subjectId: row!.id,
        data: { panelId: panel.id, method: input.method ?? panel.method, seed },
      });
      return row!.id;
    });
    publish(deps, "panels.selection.requested", input.tenantId, { panelId: panel.id, selectionId: id });
    return ok({ id, existing: false });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const j = await active();
    if (j) return ok({ id: j.id, existing: true });
    throw e;
  }
}

/** Claims the oldest queued draw (atomically: two workers never run one job). */
export async function claimNextSelection(deps: PanelDeps): Promise<string | null> {
  const queued = await deps.db.db
    .select({ id: panelSelections.id })
    .from(panelSelections)
    .where(eq(panelSelections.status, "queued"))
    .orderBy(asc(panelSelections.requestedAt))
    .limit(5);
  for (const q of queued) {
    const [c] = await deps.db.db
      .update(panelSelections)
      .set({ status: "running", startedAt: deps.now(), progress: { phase: "starting" } })
      .where(and(eq(panelSelections.id, q.id), eq(panelSelections.status, "queued")))
      .returning({ id: panelSelections.id });
    if (c) return c.id;
  }
  return null;
}

/** The pool of a panel in row order (the order of the draw): active members by joining time. */
export async function poolRows(db: Db | Tx, panelId: string) {
  return db
    .select({ id: panelPoolMembers.id, profile: panelPoolMembers.profile })
    .from(panelPoolMembers)
    .where(and(eq(panelPoolMembers.panelId, panelId), isNull(panelPoolMembers.withdrawnAt)))
    .orderBy(asc(panelPoolMembers.createdAt), asc(panelPoolMembers.id));
}

export async function quotaRows(db: Db | Tx, panelId: string): Promise<QuotaRow[]> {
  return db
    .select({
      category: panelQuotas.category,
      feature: panelQuotas.feature,
      min: panelQuotas.min,
      max: panelQuotas.max,
      populationShare: panelQuotas.populationShare,
      tolerance: panelQuotas.tolerance,
    })
    .from(panelQuotas)
    .where(eq(panelQuotas.panelId, panelId))
    .orderBy(asc(panelQuotas.position));
}

/**
 * Runs a claimed draw: reads the pool, selects with the pure module, stores
 * every member's probability, seats the drawn panel and the audit. Progress
 * goes out as `panels.selection.progress` bus events (socket.io relays them).
 */
export async function runSelection(
  deps: PanelDeps,
  selectionId: string,
  opts: { progressEveryMs?: number; maxSeconds?: number } = {},
): Promise<void> {
  const [sel] = await deps.db.db.select().from(panelSelections).where(eq(panelSelections.id, selectionId));
  if (!sel || sel.status !== "running") return;
  const panel = (await deps.db.db.select().from(panels).where(eq(panels.id, sel.panelId)))[0]!;
  const tenantId = sel.tenantId;
  const finish = async (set: Partial<typeof panelSelections.$inferInsert>) => {
    await deps.db.db
      .update(panelSelections)
      .set({ ...set, finishedAt: deps.now() })
      .where(eq(panelSelections.id, sel.id));
    publish(deps, "panels.selection.finished", tenantId, {
      panelId: panel.id,
      selectionId: sel.id,
      status: set.status,
    });
  };
  try {
    const [rows, pool] = await Promise.all([quotaRows(deps.db.db, panel.id), poolRows(deps.db.db, panel.id)]);
    const instance = instanceOf(
      rows,
      panel.size,
      pool.map((p) => p.profile),
    );
    const started = performance.now();
    let total = 0;
    try {
      total = compile(instance).types.length;
    } catch {
      /* reported by selectPanel below */
    }
    let last = 0;
    const every = opts.progressEveryMs ?? 250;
    const onProgress = (e: { stage: number; columns: number; fixedTypes: number }) => {
      const t = performance.now();
      if (t - last < every) return;
      last = t;
      const progress: SelectionProgress = {
        phase: "leximin",
        level: e.stage,
        fixed: e.fixedTypes,
        columns: e.columns,
        total,
      };
      publish(deps, "panels.selection.progress", tenantId, { panelId: panel.id, selectionId: sel.id, progress });
    };
    // A draw that cannot finish in its time (LEXIMIN over very many feature combinations) ends as
    // failed with errors.drawTimeout instead of holding the worker for ever.
    const signal =
      opts.maxSeconds === undefined
        ? undefined
        : opts.maxSeconds <= 0
          ? AbortSignal.abort()
          : AbortSignal.timeout(opts.maxSeconds * 1000);
    const outcome = await selectPanel(instance, { method: sel.method, seed: sel.seed, onProgress, signal });
    const seconds = (performance.now() - started) / 1000;
    if (!outcome.ok)
      return await finish({ status: "infeasible", report: outcome.message, seconds, n: pool.length, k: panel.size });
    const s = outcome.selection;
    const audit = auditOf(outcome.model, s, {
      anonymity: panel.anonymity,
      instanceDir: `${panel.key}-${sel.id.slice(0, 8)}`,
    });
    const now = deps.now();
    await deps.db.db.transaction(async (tx) => {
      for (let i = 0; i < pool.length; i += 500) {
        await tx.insert(panelSelectionEntries).values(
          pool.slice(i, i + 500).map((p, j) => ({
            tenantId,
            selectionId: sel.id,
            poolMemberId: p.id,
            row: i + j,
            probability: s.probabilities[i + j]!,
          })),
        );
      }
      await tx.insert(panelMembers).values(
        s.panel.map((r) => ({
          tenantId,
          panelId: panel.id,
          selectionId: sel.id,
          poolMemberId: pool[r]!.id,
          joinedAt: now,
        })),
      );
      await tx
        .update(panelSelections)
        .set({
          status: "done",
          algorithmVersion: s.algorithmVersion,
          n: s.n,
          k: s.k,
          minProbability: s.minProbability,
          audit: audit as unknown as Record<string, unknown>,
          seconds,
          progress: { phase: "done" },
          finishedAt: now,
        })
        .where(eq(panelSelections.id, sel.id));
      await tx.update(panels).set({ status: "selected" }).where(eq(panels.id, panel.id));
      await appendAudit(tx, now, {
        tenantId,
        actorPersonId: sel.requestedByPersonId,
        action: "panels.draw.done",
        subjectType: "panel_selection",
        subjectId: sel.id,
        data: {
          method: s.method,
          seed: s.seed,
          algorithmVersion: s.algorithmVersion,
          n: s.n,
          k: s.k,
          minProbability: s.minProbability,
        },
      });
    });
    publish(deps, "panels.selection.finished", tenantId, { panelId: panel.id, selectionId: sel.id, status: "done" });
  } catch (e) {
    if (e instanceof SortitionInputError)
      return await finish({ status: "failed", error: e.issues.map((i) => i.message).join("; ") });
    if (e instanceof LeximinAborted) {
      deps.log.warn(
        { selectionId, progress: e.progress, maxSeconds: opts.maxSeconds },
        "panel draw stopped at its time limit",
      );
      return await finish({
        status: "failed",
        error: DRAW_TIMEOUT,
        progress: {
          phase: "timeout",
          level: e.progress?.stage ?? 0,
          fixed: e.progress?.fixedTypes ?? 0,
          columns: e.progress?.columns ?? 0,
        } satisfies SelectionProgress,
      });
    }
    deps.log.error({ err: e, selectionId }, "panel draw failed");
    await finish({ status: "failed", error: e instanceof Error ? e.message : String(e) });
  }
}

/** Publishes a finished draw's audit page. */
export async function publishSelection(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; selectionId: string },
): Promise<Result<{ id: string }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  const now = deps.now();
  const r = await deps.db.db
    .update(panelSelections)
    .set({ publishedAt: now })
    .where(
      and(
        eq(panelSelections.id, input.selectionId),
        eq(panelSelections.tenantId, input.tenantId),
        eq(panelSelections.status, "done"),
        isNull(panelSelections.publishedAt),
      ),
    )
    .returning({ id: panelSelections.id, panelId: panelSelections.panelId });
  if (!r.length) return notFound();
  await appendAudit(deps.db.db, now, {
    tenantId: input.tenantId,
    actorPersonId: actor.id,
    action: "panels.audit.published",
    subjectType: "panel_selection",
    subjectId: input.selectionId,
  });
  publish(deps, "panels.audit.published", input.tenantId, { panelId: r[0]!.panelId, selectionId: input.selectionId });
  return ok({ id: input.selectionId });
}

/** A seated member drops out: a replacement from the pool keeps every quota (replacement.ts). */
export async function replaceMember(
  deps: PanelDeps,
  actor: Actor,
  input: { tenantId: string; panelMemberId: string },
): Promise<Result<{ replacementId: string; sameProfile: boolean }>> {
  if (!can(actor, MANAGE, { tenantId: input.tenantId })) return forbidden();
  const now = deps.now();
  const r = await deps.db.db.transaction(async (tx) => {
    const [leaving] = await tx
      .select()
      .from(panelMembers)
      .where(and(eq(panelMembers.id, input.panelMemberId), eq(panelMembers.tenantId, input.tenantId)))
      .for("update");
    if (!leaving) return notFound();
    if (leaving.status !== "active") return fail("errors.alreadyDropped", 409);
    const [sel] = await tx.select().from(panelSelections).where(eq(panelSelections.id, leaving.selectionId));
    const panel = (await tx.select().from(panels).where(eq(panels.id, leaving.panelId)).for("update"))[0]!;
    const entries = await tx
      .select({ poolMemberId: panelSelectionEntries.poolMemberId, row: panelSelectionEntries.row })
      .from(panelSelectionEntries)
      .where(eq(panelSelectionEntries.selectionId, sel!.id))
      .orderBy(asc(panelSelectionEntries.row));
    const pool = await tx
      .select({ id: panelPoolMembers.id, profile: panelPoolMembers.profile, withdrawnAt: panelPoolMembers.withdrawnAt })
      .from(panelPoolMembers)
      .where(eq(panelPoolMembers.panelId, panel.id));
    const byId = new Map(pool.map((p) => [p.id, p]));
    const rowOf = new Map(entries.map((e) => [e.poolMemberId, e.row]));
    const seated = await tx.select().from(panelMembers).where(eq(panelMembers.selectionId, sel!.id));
    const everSeated = new Set(seated.map((m) => m.poolMemberId));
    const active = seated.filter((m) => m.status === "active").map((m) => rowOf.get(m.poolMemberId)!);
    const rows = await quotaRows(tx, panel.id);
    const model = compile(
      instanceOf(
        rows,
        panel.size,
        entries.map((e) => byId.get(e.poolMemberId)!.profile),
      ),
    );
    const available = entries
      .filter((e) => !everSeated.has(e.poolMemberId) && !byId.get(e.poolMemberId)!.withdrawnAt)
      .map((e) => e.row);
    const choice = chooseReplacement(
      model,
      active,
      rowOf.get(leaving.poolMemberId)!,
      available,
      `${sel!.seed}/replacement/${seated.length}`,
    );
    if (!choice) return fail("errors.noReplacement", 409);
    const replacement = entries[choice.row]!.poolMemberId;
    await tx.update(panelMembers).set({ status: "dropped", droppedAt: now }).where(eq(panelMembers.id, leaving.id));
    const [added] = await tx
      .insert(panelMembers)
      .values({
        tenantId: input.tenantId,
        panelId: panel.id,
        selectionId: sel!.id,
        poolMemberId: replacement,
        replacesId: leaving.id,
        joinedAt: now,
      })
      .returning({ id: panelMembers.id });
    await appendAudit(tx, now, {
      tenantId: input.tenantId,
      actorPersonId: actor.id,
      action: "panels.member.replaced",
      subjectType: "panel_member",
      subjectId: leaving.id,
      data: { replacement: added!.id, sameProfile: choice.sameProfile, candidates: choice.candidates },
    });
    return ok({ replacementId: added!.id, sameProfile: choice.sameProfile, panelId: panel.id });
  });
  if (!r.ok) return r;
  publish(deps, "panels.member.replaced", input.tenantId, { panelId: r.value.panelId });
  return ok({ replacementId: r.value.replacementId, sameProfile: r.value.sameProfile });
}

/** At process start: draws left "running" by a stopped process go back to the queue. */
export async function requeueStaleSelections(deps: PanelDeps): Promise<number> {
  const r = await deps.db.db
    .update(panelSelections)
    .set({ status: "queued", startedAt: null, progress: null })
    .where(eq(panelSelections.status, "running"))
    .returning({ id: panelSelections.id });
  return r.length;
}

/** A case of the municipality by its number (2025/1234), for tying a panel to it. */
export async function caseIdByNumber(
  db: Db,
  tenantId: string,
  n: { year: number; sequence: number },
): Promise<string | null> {
  const [c] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.year, n.year), eq(cases.sequence, n.sequence)));
  return c?.id ?? null;
}
