import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "#app/lib/deps.ts";
import {
  addComment,
  answerQuestions,
  closeConsultation,
  createConsultation,
  setProfile,
} from "#app/modules/consultations/commands.server.ts";
import { updateConsultation } from "#app/modules/consultations/edit.server.ts";
import { devInbox } from "#app/modules/identity/outbox.server.ts";
import { consultationFixture, must } from "./consultations-setup.ts";
import { politicalWorld } from "./political-setup.ts";

// Issue 17: a consultation can be edited after creation (texts, questions, deadline), and a
// changed deadline is told to its participants in their language; a closed one is not edited,
// and questions already answered stay as residents saw them.
let w: Awaited<ReturnType<typeof politicalWorld>>;
let deps: Deps;
let f: Awaited<ReturnType<typeof consultationFixture>>;
const NOW = new Date("2026-12-03T09:00:00Z");
beforeAll(async () => {
  w = await politicalWorld();
  w.deps.now = () => NOW;
  deps = { ...w.deps, env: { ...w.deps.env, NODE_ENV: "test" } } as unknown as Deps;
  f = await consultationFixture(w.h, w.vadso, { sequence: 6161 });
});
afterAll(async () => w?.dispose());

const open = async (title: string, questions = true) =>
  must(
    await createConsultation(deps, f.secretary, {
      tenantId: w.vadso,
      caseId: f.caseId,
      bodyId: f.bodies.deciding,
      title: { nb: title },
      opensAt: NOW,
      closesAt: new Date("2027-01-10T22:00:00Z"),
      questions: questions
        ? [{ kind: "single", prompt: { nb: "Er du enig?" }, options: [{ nb: "Ja" }, { nb: "Nei" }] }]
        : [],
    }),
  ).id;

describe("editing a consultation", () => {
  it("changes texts, questions and deadline, tells each participant of the new deadline in their language, and audits it", async () => {
    const id = await open("Badeplass i Kiby");
    const kari = await f.resident("Kari");
    const ali = await f.resident("Ali");
    must(await addComment(deps, kari, { tenantId: w.vadso, consultationId: id, body: "Flott idé." }));
    must(await setProfile(deps, ali, { tenantId: w.vadso, consultationId: id, notify: "email" }));
    await w.h.db.execute(sql`update persons set locale = 'ar' where id = ${ali.personId}`);
    const before = devInbox(deps).length;

    const r = must(
      await updateConsultation(deps, f.secretary, {
        tenantId: w.vadso,
        consultationId: id,
        title: { nb: "Ny badeplass i Kiby" },
        questions: [{ kind: "scale", prompt: { nb: "Hvor viktig er dette?" } }],
        closesAt: new Date("2027-01-20T22:00:00Z"),
      }),
    );
    expect(r).toEqual({ changed: ["title", "closesAt", "questions"], notified: 2 });
    const [c] = await w.h.rows<{ title: { nb: string }; closes_at: string; p_closes: string }>(
      sql`select c.title, c.closes_at::text, p.closes_at::text as p_closes from consultations c join processes p on p.id = c.process_id where c.id = ${id}`,
    );
    expect(c!.title.nb).toBe("Ny badeplass i Kiby");
    expect(c!.closes_at).toBe(c!.p_closes);
    const qs = await w.h.rows<{ kind: string }>(
      sql`select kind from consultation_questions where consultation_id = ${id}`,
    );
    expect(qs).toEqual([{ kind: "scale" }]);
    const sent = devInbox(deps).slice(0, devInbox(deps).length - before);
    expect(sent).toHaveLength(2);
    expect(sent.map((m) => m.text).join("\n")).toContain("Kommunen har endret fristen for «Ny badeplass i Kiby»");
    expect(sent.some((m) => m.text.includes("غيّرت البلدية الموعد النهائي"))).toBe(true);
    const audit = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from audit_events where action = 'consultation.updated' and subject_id = ${id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it("keeps answered questions, refuses a deadline in the past or one set by the deciding meeting, and changes nothing then", async () => {
    const id = await open("Lekeplass");
    const [q] = await w.h.rows<{ id: string; options: { id: string }[] }>(
      sql`select id, options from consultation_questions where consultation_id = ${id}`,
    );
    must(
      await answerQuestions(deps, await f.resident("Per"), {
        tenantId: w.vadso,
        consultationId: id,
        answers: [{ questionId: q!.id, options: [q!.options[0]!.id] }],
      }),
    );
    const edit = (e: Parameters<typeof updateConsultation>[2]) => updateConsultation(deps, f.secretary, e);
    expect(
      await edit({
        tenantId: w.vadso,
        consultationId: id,
        title: { nb: "Ny" },
        questions: [{ kind: "text", prompt: { nb: "?" } }],
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.questionsAnswered", status: 409 } });
    expect(
      await edit({ tenantId: w.vadso, consultationId: id, closesAt: new Date("2026-12-01T00:00:00Z") }),
    ).toMatchObject({
      ok: false,
      error: { code: "errors.closesBeforeOpening", status: 400 },
    });
    const [t] = await w.h.rows<{ title: { nb: string } }>(sql`select title from consultations where id = ${id}`);
    expect(t!.title.nb).toBe("Lekeplass");

    const tied = must(
      await createConsultation(deps, f.secretary, {
        tenantId: w.vadso,
        caseId: f.caseId,
        bodyId: f.bodies.deciding,
        meetingId: f.meetings.m2,
        title: { nb: "Knyttet til møtet" },
        opensAt: NOW,
      }),
    ).id;
    expect(
      await edit({ tenantId: w.vadso, consultationId: tied, closesAt: new Date("2027-01-05T22:00:00Z") }),
    ).toMatchObject({
      ok: false,
      error: { code: "errors.deadlineFromMeeting" },
    });
  });

  it("refuses a closed consultation, another municipality's staff and moderators", async () => {
    const id = await open("Stengt", false);
    expect(
      await updateConsultation(deps, f.moderator, { tenantId: w.vadso, consultationId: id, title: { nb: "x" } }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    expect(
      await updateConsultation(deps, f.secretary, { tenantId: w.oslo, consultationId: id, title: { nb: "x" } }),
    ).toMatchObject({ ok: false, error: { status: 403 } });
    must(await closeConsultation(deps, f.secretary, { tenantId: w.vadso, consultationId: id }));
    expect(
      await updateConsultation(deps, f.secretary, { tenantId: w.vadso, consultationId: id, title: { nb: "Etterpå" } }),
    ).toMatchObject({ ok: false, error: { code: "errors.editClosed", status: 409 } });
  });
});
