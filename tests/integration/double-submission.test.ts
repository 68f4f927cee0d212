import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultationComments, pbProposals } from "#db/schema/index.ts";
import { addComment, createConsultation } from "#app/modules/consultations/commands.server.ts";
import { createRound, movePhase, submitProposal, type PbDeps } from "#app/modules/budgeting/commands.server.ts";
import { AREA, consultationFixture, must } from "./consultations-setup.ts";
import { politicalWorld } from "./political-setup.ts";

// Issue 17: a second click, or a reload that sends the form again, creates nothing. (One support
// per person and one ballot per person and round are held by unique constraints and tested in
// consultations.test.ts and budgeting-commands.test.ts.)
let w: Awaited<ReturnType<typeof politicalWorld>>;
let f: Awaited<ReturnType<typeof consultationFixture>>;
let consultationId: string;

beforeAll(async () => {
  w = await politicalWorld();
  f = await consultationFixture(w.h, w.vadso, { sequence: 4242 });
  consultationId = must(
    await createConsultation(w.deps, f.secretary, {
      tenantId: w.vadso,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      meetingId: f.meetings.m2,
      title: { nb: "Gangveien" },
      summary: { nb: "Si din mening." },
      opensAt: new Date("2026-11-01T08:00:00Z"),
      closeDaysBeforeNotice: 2,
      mapArea: AREA,
      pinCategories: [],
      questions: [],
    }),
  ).id;
});
afterAll(async () => {
  await w?.dispose();
});

describe("a form sent twice creates one row", () => {
  it("a comment sent five times at once is stored once, and every call answers with the same comment", async () => {
    const kari = await f.resident("Kari");
    const send = () =>
      addComment(w.deps, kari, { tenantId: w.vadso, consultationId, body: "Lys langs gangveien, takk." });
    const results = await Promise.all(Array.from({ length: 5 }, send));
    const ids = new Set(results.map((r) => must(r).id));
    expect(ids.size).toBe(1);
    const rows = await w.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationComments)
      .where(
        and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.personId, kari.personId)),
      );
    expect(rows[0]!.n).toBe(1);
    // A reload later sends the same form again: still one.
    expect(must(await send()).id).toBe([...ids][0]);
    // Another text is another comment; the same text by someone else is theirs.
    must(await addComment(w.deps, kari, { tenantId: w.vadso, consultationId, body: "Og en benk." }));
    const per = await f.resident("Per");
    const perComment = must(
      await addComment(w.deps, per, { tenantId: w.vadso, consultationId, body: "Lys langs gangveien, takk." }),
    );
    expect(ids.has(perComment.id)).toBe(false);
    const all = await w.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consultationComments)
      .where(eq(consultationComments.consultationId, consultationId));
    expect(all[0]!.n).toBe(3);
  });

  it("a PB proposal sent three times at once is stored once, with one code", async () => {
    // The political test world carries what budgeting's commands use (db, bus, clock, env).
    const deps = w.deps as unknown as PbDeps;
    const roundId = must(
      await createRound(deps, f.secretary, {
        tenantId: w.vadso,
        key: "dobbel",
        title: { nb: "Dobbel" },
        budget: 100_000n,
        rules: { ballot: { kind: "knapsack" }, tally: { rule: "greedy" } },
        categories: [],
      }),
    ).id;
    must(await movePhase(deps, f.secretary, { tenantId: w.vadso, roundId, to: "proposals" }));
    const ola = await f.resident("Ola");
    const send = () =>
      submitProposal(
        deps,
        { id: ola.personId },
        { tenantId: w.vadso, roundId, title: "Benk ved fjæra", estimatedCost: 20_000n },
      );
    const results = await Promise.all([send(), send(), send()]);
    expect(new Set(results.map((r) => must(r).code))).toEqual(new Set(["P1"]));
    const rows = await w.h.db.select().from(pbProposals).where(eq(pbProposals.roundId, roundId));
    expect(rows).toHaveLength(1);
    // A different proposal by the same person is a new one.
    expect(
      must(
        await submitProposal(
          deps,
          { id: ola.personId },
          { tenantId: w.vadso, roundId, title: "Gatelys i bakken", estimatedCost: 30_000n },
        ),
      ).code,
    ).toBe("P2");
  });
});
