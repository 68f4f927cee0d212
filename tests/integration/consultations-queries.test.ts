import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultationComments, consultationSupports, persons } from "#db/schema/index.ts";
import { addComment, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { publicConsultation, reportData } from "#app/modules/consultations/queries.server.ts";
import { politicalWorld } from "./political-setup.ts";
import { AREA, consultationFixture, must } from "./consultations-setup.ts";

// No N+1: the public consultation page and the report read a fixed number of
// queries whatever the number of comments. Every statement drizzle prepares
// is counted (the session's prepareQuery), for 3 comments and for 300.
let w: Awaited<ReturnType<typeof politicalWorld>>;
beforeAll(async () => {
  w = await politicalWorld();
});
afterAll(async () => {
  await w?.dispose();
});

function counting<T>(fn: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const session = (w.h.db as unknown as { session: { prepareQuery: (...a: unknown[]) => unknown } }).session;
  const original = session.prepareQuery;
  let queries = 0;
  session.prepareQuery = function (this: unknown, ...a: unknown[]) {
    queries++;
    return original.apply(this, a);
  };
  return fn()
    .then((value) => ({ value, queries }))
    .finally(() => {
      session.prepareQuery = original;
    });
}

async function withComments(n: number, sequence: number) {
  const f = await consultationFixture(w.h, w.vadso, { sequence });
  const { id } = must(
    await createConsultation(w.deps, f.secretary, {
      tenantId: w.vadso,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m1,
      title: { nb: "Mange kommentarer" },
      opensAt: new Date("2026-11-01T08:00:00Z"),
      mapArea: AREA,
      pinCategories: ["x"],
      questions: [{ kind: "text", prompt: { nb: "Noe annet?" } }],
    }),
  );
  const author = await f.resident("Forfatter");
  const first = must(await addComment(w.deps, author, { tenantId: w.vadso, consultationId: id, body: "Første" }));
  const people = await w.h.db
    .insert(persons)
    .values(
      Array.from({ length: n }, (_, i) => ({ email: `p${sequence}-${i}@example.org`, emailVerifiedAt: new Date() })),
    )
    .returning({ id: persons.id });
  await w.h.db.insert(consultationComments).values(
    people.slice(1).map((p, i) => ({
      tenantId: w.vadso,
      consultationId: id,
      personId: p.id,
      body: `Kommentar ${i}`,
      state: "published" as const,
    })),
  );
  await w.h.db
    .insert(consultationSupports)
    .values(people.map((p) => ({ tenantId: w.vadso, consultationId: id, commentId: first.id, personId: p.id })));
  return { id, viewer: people[0]!.id };
}

describe("consultation reads", () => {
  it("use the same number of queries for 3 and for 300 comments, and count the supports right", async () => {
    const small = await withComments(3, 701);
    const big = await withComments(300, 702);
    const a = await counting(() => publicConsultation(w.h.db, w.vadso, small.id, small.viewer));
    const b = await counting(() => publicConsultation(w.h.db, w.vadso, big.id, big.viewer));
    expect(b.value!.comments).toHaveLength(300);
    expect(b.value!.comments[0]).toMatchObject({ body: "Første", supports: 300, supported: true });
    expect(b.queries).toBe(a.queries);
    expect(a.queries).toBeGreaterThanOrEqual(4); // the head, then questions, comments, pins and own answers at once
    expect(a.queries).toBeLessThanOrEqual(5);
    const ra = await counting(() => reportData(w.h.db, w.vadso, small.id));
    const rb = await counting(() => reportData(w.h.db, w.vadso, big.id));
    expect(rb.queries).toBe(ra.queries);
    expect(rb.value!.comments).toHaveLength(300);
  });
});
