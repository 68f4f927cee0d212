import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consultations } from "#db/schema/index.ts";
import { createConsultation, MIN_OPEN_DAYS } from "#app/modules/consultations/commands.server.ts";
import { AREA, consultationFixture, must } from "./consultations-setup.ts";
import { politicalWorld } from "./political-setup.ts";

// Issue 17: a consultation tied to a meeting whose notice is near would open with a few hours
// left, without a word to the staff member. The staff form now asks for an explicit choice when
// residents would get fewer than the minimum days; nothing is stored until then.
let w: Awaited<ReturnType<typeof politicalWorld>>;
let f: Awaited<ReturnType<typeof consultationFixture>>;
const NOW = new Date("2026-12-03T09:00:00Z");

beforeAll(async () => {
  w = await politicalWorld();
  w.deps.now = () => NOW;
  // Meeting 17 Dec 16:00Z, notice 7 days before (10 Dec), close 2 days before that: 8 Dec.
  f = await consultationFixture(w.h, w.vadso, { sequence: 5151, first: "2026-12-17T16:00:00Z" });
});
afterAll(async () => {
  await w?.dispose();
});

const input = (requireMinimumDays: boolean, meeting: "m1" | "m2" = "m1") => ({
  tenantId: w.vadso,
  caseId: f.caseId,
  bodyId: f.bodies.deciding,
  meetingId: f.meetings[meeting],
  title: { nb: "Kort frist" },
  opensAt: NOW,
  closeDaysBeforeNotice: 2,
  mapArea: AREA,
  requireMinimumDays,
});

const count = async () =>
  (
    await w.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(consultations)
      .where(eq(consultations.caseId, f.caseId))
  )[0]!.n;

describe("the short-deadline warning", () => {
  it("refuses a deadline closer than the minimum until staff choose it, and stores nothing meanwhile", async () => {
    const before = await count();
    const r = await createConsultation(w.deps, f.secretary, input(true));
    expect(r).toMatchObject({
      ok: false,
      error: {
        status: 409,
        code: "errors.deadlineTooClose",
        field: "acceptShortDeadline",
        params: { days: 5, min: 7 },
      },
    });
    expect(MIN_OPEN_DAYS).toBe(7);
    expect(await count()).toBe(before);
    // Seen and chosen: it opens, with the derived deadline.
    const ok = must(await createConsultation(w.deps, f.secretary, input(false)));
    expect(ok.closesAt.toISOString()).toBe("2026-12-08T16:00:00.000Z");
    expect(await count()).toBe(before + 1);
  });

  it("asks nothing when the deciding meeting leaves enough days", async () => {
    // The January meeting: weeks ahead.
    must(await createConsultation(w.deps, f.secretary, input(true, "m2")));
  });
});
