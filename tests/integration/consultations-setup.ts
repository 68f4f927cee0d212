import { agendaItems, bodies, cases, meetings, persons } from "#db/schema/index.ts";
import type { Actor } from "#app/modules/identity/permissions.ts";
import type { Resident } from "#app/modules/consultations/commands.server.ts";
import type { DbHandle } from "#db/client.ts";

// A small municipality world for the consultation tests: a deciding body with
// two meetings, the three statutory councils and an area council, a case on
// the first meeting's agenda, staff and residents as real person rows.
export const AREA = {
  type: "Polygon",
  coordinates: [
    [
      [29.6, 70.0],
      [29.9, 70.0],
      [29.9, 70.2],
      [29.6, 70.2],
      [29.6, 70.0],
    ],
  ],
};

export const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

export async function consultationFixture(
  h: DbHandle,
  tenantId: string,
  opts: { year?: number; sequence?: number; first?: string; second?: string } = {},
) {
  const db = h.db;
  const person = async (name: string) =>
    (
      await db
        .insert(persons)
        .values({ email: `${name}-${crypto.randomUUID()}@example.org`, displayName: name, emailVerifiedAt: new Date() })
        .returning({ id: persons.id })
    )[0]!.id;
  const body = async (key: string, kind: (typeof bodies.$inferInsert)["kind"], area?: unknown) =>
    (
      await db
        .insert(bodies)
        .values({
          tenantId,
          key: `${key}-${crypto.randomUUID().slice(0, 8)}`,
          kind,
          name: { nb: key },
          noticeLeadDays: 7,
          area,
        })
        .returning({ id: bodies.id })
    )[0]!.id;
  const deciding = await body("Formannskapet", "formannskap");
  const youth = await body("Ungdomsrådet", "ungdomsraad");
  const elders = await body("Eldrerådet", "eldreraad");
  const disabled = await body("Rådet for personer med funksjonsnedsettelse", "funksjonshemmederaad");
  const area = await body("Områdeutvalg Nord", "omraadeutvalg", AREA);
  const meeting = async (startsAt: string) =>
    (
      await db
        .insert(meetings)
        .values({ tenantId, bodyId: deciding, key: `m-${crypto.randomUUID()}`, startsAt: new Date(startsAt) })
        .returning({ id: meetings.id })
    )[0]!.id;
  const m1 = await meeting(opts.first ?? "2026-12-17T16:00:00Z");
  const m2 = await meeting(opts.second ?? "2027-01-21T16:00:00Z");
  const [c] = await db
    .insert(cases)
    .values({
      tenantId,
      year: opts.year ?? 2025,
      sequence: opts.sequence ?? 1234,
      title: { nb: "Ny gangvei langs Strandgata" },
      summary: { nb: "Forslag om gangvei." },
      areaBodyId: area,
    })
    .returning({ id: cases.id });
  const item = (
    await db
      .insert(agendaItems)
      .values({ tenantId, meetingId: m1, caseId: c!.id, position: 1 })
      .returning({ id: agendaItems.id })
  )[0]!.id;
  const secId = await person("Sekretær");
  const youthSecId = await person("Ungdomssekretær");
  const modId = await person("Moderator");
  const secretary: Actor = {
    id: secId,
    memberships: [{ tenantId, role: "secretary", bodyId: null }],
    platformAdmin: false,
  };
  const youthSecretary: Actor = {
    id: youthSecId,
    memberships: [{ tenantId, role: "secretary", bodyId: youth }],
    platformAdmin: false,
  };
  const moderator: Actor = {
    id: modId,
    memberships: [{ tenantId, role: "moderator", bodyId: null }],
    platformAdmin: false,
  };
  const resident = async (name: string, level: Resident["level"] = "email"): Promise<Resident> => ({
    personId: await person(name),
    level,
  });
  return {
    bodies: { deciding, youth, elders, disabled, area },
    meetings: { m1, m2 },
    caseId: c!.id,
    agendaItemId: item,
    secretary,
    youthSecretary,
    moderator,
    resident,
  };
}
