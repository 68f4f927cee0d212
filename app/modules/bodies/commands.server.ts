import { and, eq, max } from "drizzle-orm";
import { bodies, bodyMembers } from "#db/schema/index.ts";
import { publish, type PoliticalDeps } from "#app/modules/meetings/deps.ts";
import { can, type Actor } from "#app/modules/meetings/permissions.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";
import { defaultNoticeLeadDays } from "#app/modules/meetings/status.ts";
import { parseInput } from "#app/modules/meetings/validate.ts";
import { parseArea } from "./geo.ts";
import { BodyInput, BodyUpdate, MemberInput } from "./schemas.ts";

// Commands on bodies and their members: (deps, actor, input) → Result.
type Ctx = { tenantId: string };
const forbidden = () => fail("errors.forbidden", 403);
const isUnique = (e: unknown) => {
  let c = e as { code?: string; cause?: unknown } | undefined;
  while (c) {
    if (c.code === "23505") return true;
    c = c.cause as typeof c;
  }
  return false;
};

function areaOf(input: unknown): Result<unknown | null | undefined> {
  if (input === undefined) return ok(undefined);
  if (input === null || input === "") return ok(null);
  const a = parseArea(input);
  return a.ok
    ? ok(a.value)
    : fail(`errors.${a.error}`, 400, { details: [{ field: "area", code: `errors.${a.error}` }] });
}

export async function createBody(
  deps: PoliticalDeps,
  actor: Actor,
  input: BodyInput & Ctx,
): Promise<Result<{ id: string; key: string }>> {
  if (!can(actor, "manage:body:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(BodyInput, input);
  if (!v.ok) return v;
  const area = areaOf(v.value.area);
  if (!area.ok) return area;
  try {
    const [row] = await deps.db.db
      .insert(bodies)
      .values({
        tenantId: input.tenantId,
        key: v.value.key,
        kind: v.value.kind,
        name: v.value.name,
        description: v.value.description ?? {},
        noticeLeadDays: v.value.noticeLeadDays ?? defaultNoticeLeadDays(v.value.kind),
        area: area.value ?? null,
      })
      .returning({ id: bodies.id, key: bodies.key });
    publish(deps, "bodies.body.created", input.tenantId, { bodyId: row!.id });
    return ok(row!);
  } catch (e) {
    if (isUnique(e)) return fail("errors.keyTaken", 409, { details: [{ field: "key", code: "errors.keyTaken" }] });
    throw e;
  }
}

export async function updateBody(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { bodyId: string } & Partial<BodyInput>,
): Promise<Result<{ id: string }>> {
  if (!can(actor, "manage:body:tenant", { tenantId: input.tenantId })) return forbidden();
  const v = parseInput(BodyUpdate, input);
  if (!v.ok) return v;
  const area = areaOf(v.value.area);
  if (!area.ok) return area;
  const { bodyId, area: _a, ...rest } = v.value;
  const set = Object.fromEntries(Object.entries({ ...rest, area: area.value }).filter(([, x]) => x !== undefined));
  if (!Object.keys(set).length) return ok({ id: bodyId });
  try {
    const rows = await deps.db.db
      .update(bodies)
      .set(set)
      .where(and(eq(bodies.id, bodyId), eq(bodies.tenantId, input.tenantId)))
      .returning({ id: bodies.id });
    if (!rows.length) return fail("errors.notFound", 404);
    publish(deps, "bodies.body.updated", input.tenantId, { bodyId });
    return ok({ id: bodyId });
  } catch (e) {
    if (isUnique(e)) return fail("errors.keyTaken", 409, { details: [{ field: "key", code: "errors.keyTaken" }] });
    throw e;
  }
}

export async function addMember(
  deps: PoliticalDeps,
  actor: Actor,
  input: MemberInput & Ctx,
): Promise<Result<{ id: string }>> {
  if (!can(actor, "manage:body:tenant", { tenantId: input.tenantId, bodyId: input.bodyId })) return forbidden();
  const v = parseInput(MemberInput, input);
  if (!v.ok) return v;
  return deps.db.db.transaction(async (tx) => {
    const [body] = await tx
      .select({ id: bodies.id })
      .from(bodies)
      .where(and(eq(bodies.id, v.value.bodyId), eq(bodies.tenantId, input.tenantId)));
    if (!body) return fail("errors.notFound", 404);
    const [last] = await tx
      .select({ p: max(bodyMembers.position) })
      .from(bodyMembers)
      .where(eq(bodyMembers.bodyId, body.id));
    const [row] = await tx
      .insert(bodyMembers)
      .values({
        tenantId: input.tenantId,
        ...v.value,
        party: v.value.party ?? null,
        termStart: v.value.termStart ?? null,
        termEnd: v.value.termEnd ?? null,
        position: (last?.p ?? 0) + 1,
      })
      .returning({ id: bodyMembers.id });
    publish(deps, "bodies.member.added", input.tenantId, { bodyId: body.id, memberId: row!.id });
    return ok(row!);
  });
}

export async function removeMember(
  deps: PoliticalDeps,
  actor: Actor,
  input: Ctx & { memberId: string },
): Promise<Result<{ id: string }>> {
  const [m] = await deps.db.db
    .select({ id: bodyMembers.id, bodyId: bodyMembers.bodyId })
    .from(bodyMembers)
    .where(and(eq(bodyMembers.id, input.memberId), eq(bodyMembers.tenantId, input.tenantId)));
  if (!m) return fail("errors.notFound", 404);
  if (!can(actor, "manage:body:tenant", { tenantId: input.tenantId, bodyId: m.bodyId })) return forbidden();
  await deps.db.db.delete(bodyMembers).where(eq(bodyMembers.id, m.id));
  publish(deps, "bodies.member.removed", input.tenantId, { bodyId: m.bodyId, memberId: m.id });
  return ok({ id: m.id });
}
