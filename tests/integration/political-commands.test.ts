import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createBody, updateBody } from "#app/modules/bodies/commands.server.ts";
import { getBodyByKey, listAreas } from "#app/modules/bodies/queries.server.ts";
import { createCase, recordDecision, setJourney, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { getPublicCase, listRecentCases, searchCases } from "#app/modules/cases/queries.server.ts";
import {
  addAgendaItem,
  createMeeting,
  publishNotice,
  removeAgendaItem,
  setMeetingStatus,
} from "#app/modules/meetings/commands.server.ts";
import { importAgenda } from "#app/modules/meetings/import.server.ts";
import { getMeeting, listMeetings } from "#app/modules/meetings/queries.server.ts";
import { brokenPdf, makePdf } from "./political-fixtures.ts";
import { politicalWorld } from "./political-setup.ts";

let w: Awaited<ReturnType<typeof politicalWorld>>;
beforeAll(async () => {
  w = await politicalWorld();
});
afterAll(async () => {
  await w?.dispose();
});

const AREA = {
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
const SECRET = "Oppsigelse av navngitt ansatt";
const SECRET_DOC = "Fortrolig personalmappe";
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

const ids: Record<string, string> = {};

describe("bodies and members", () => {
  it("creates bodies with the notice lead time by kind, validates areas, and keys are unique per municipality", async () => {
    const ks = must(
      await createBody(w.deps, w.admin, {
        tenantId: w.vadso,
        key: "kommunestyre",
        kind: "kommunestyre",
        name: { nb: "Kommunestyret" },
      }),
    );
    const plan = must(
      await createBody(w.deps, w.admin, {
        tenantId: w.vadso,
        key: "plan",
        kind: "utvalg",
        name: { nb: "Planutvalget", nn: "Planutvalet" },
      }),
    );
    const grend = must(
      await createBody(w.deps, w.admin, {
        tenantId: w.vadso,
        key: "sentrum",
        kind: "omraadeutvalg",
        name: { nb: "Sentrum nærmiljøråd" },
        area: JSON.stringify(AREA),
      }),
    );
    Object.assign(ids, { ks: ks.id, plan: plan.id, grend: grend.id });
    const rows = await w.h.rows<{ key: string; notice_lead_days: number }>(
      sql`select key, notice_lead_days from bodies where tenant_id = ${w.vadso} order by key`,
    );
    expect(rows).toEqual([
      { key: "kommunestyre", notice_lead_days: 10 },
      { key: "plan", notice_lead_days: 7 },
      { key: "sentrum", notice_lead_days: 7 },
    ]);
    const dup = await createBody(w.deps, w.admin, {
      tenantId: w.vadso,
      key: "plan",
      kind: "utvalg",
      name: { nb: "X" },
    });
    expect(dup).toMatchObject({ ok: false, error: { code: "errors.keyTaken", status: 409 } });
    // the same key in another municipality is fine
    expect(
      (await createBody(w.deps, w.osloAdmin, { tenantId: w.oslo, key: "plan", kind: "utvalg", name: { nb: "Plan" } }))
        .ok,
    ).toBe(true);
    const badArea = await updateBody(w.deps, w.admin, {
      tenantId: w.vadso,
      bodyId: plan.id,
      area: {
        type: "Polygon",
        coordinates: [
          [
            [29, 70],
            [30, 70],
            [29, 70],
          ],
        ],
      },
    });
    expect(badArea).toMatchObject({ ok: false, error: { code: "errors.geo.ringTooShort", status: 400 } });
    expect((await listAreas(w.h.db, w.vadso)).map((a) => a.key)).toEqual(["sentrum"]);
  });

  it("only an admin manages bodies; a secretary is refused", async () => {
    const r = await createBody(w.deps, w.secretary, { tenantId: w.vadso, key: "x", kind: "annet", name: { nb: "X" } });
    expect(r).toMatchObject({ ok: false, error: { status: 403 } });
    const other = await createBody(w.deps, w.osloAdmin, {
      tenantId: w.vadso,
      key: "y",
      kind: "annet",
      name: { nb: "Y" },
    });
    expect(other).toMatchObject({ ok: false, error: { status: 403 } });
  });

  it("adds members with role, party and term, leader first", async () => {
    must(
      await addMember(w.deps, w.admin, {
        tenantId: w.vadso,
        bodyId: ids.plan!,
        name: "Kari Medlem",
        role: "member",
        party: "Sp",
        termStart: "2023-10-01",
        termEnd: "2027-09-30",
      }),
    );
    must(
      await addMember(w.deps, w.admin, {
        tenantId: w.vadso,
        bodyId: ids.plan!,
        name: "Ola Leder",
        role: "leader",
        party: "Ap",
      }),
    );
    const bad = await addMember(w.deps, w.admin, {
      tenantId: w.vadso,
      bodyId: ids.plan!,
      name: "Feil",
      termStart: "2027-01-01",
      termEnd: "2023-01-01",
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "errors.invalidInput", details: [{ field: "termEnd", code: "errors.termOrder" }] },
    });
    const body = await getBodyByKey(w.h.db, w.vadso, "plan");
    expect(body!.members.map((m) => [m.name, m.role, m.party])).toEqual([
      ["Ola Leder", "leader", "Ap"],
      ["Kari Medlem", "member", "Sp"],
    ]);
  });
});

describe("case numbers", () => {
  it("are unique per municipality and year", async () => {
    const a = must(
      await createCase(w.deps, w.secretary, {
        tenantId: w.vadso,
        year: 2026,
        sequence: 101,
        title: { nb: "Trafikksikkerhetsplan" },
        summary: { nb: "Tryggere skoleveier." },
      }),
    );
    expect(a.number).toBe("2026/101");
    ids.traffic = a.id;
    const dup = await createCase(w.deps, w.secretary, {
      tenantId: w.vadso,
      year: 2026,
      sequence: 101,
      title: { nb: "Dobbel" },
    });
    expect(dup).toMatchObject({ ok: false, error: { code: "errors.caseNumberTaken", status: 409 } });
    // next year, or another municipality: the same sequence is free
    expect(
      must(
        await createCase(w.deps, w.secretary, {
          tenantId: w.vadso,
          year: 2027,
          sequence: 101,
          title: { nb: "Neste år" },
        }),
      ).number,
    ).toBe("2027/101");
    expect(
      must(
        await createCase(w.deps, w.osloAdmin, {
          tenantId: w.oslo,
          year: 2026,
          sequence: 101,
          title: { nb: "Oslo-sak" },
        }),
      ).number,
    ).toBe("2026/101");
    // without a sequence: the next free number of the year
    expect(
      must(
        await createCase(w.deps, w.secretary, {
          tenantId: w.vadso,
          year: 2026,
          title: { nb: "Ny park i sentrum" },
          geo: { type: "Point", coordinates: [29.75, 70.07] },
        }),
      ).number,
    ).toBe("2026/102");
    const n = await w.h.rows<{ n: number }>(
      sql`select count(*)::int as n from cases where tenant_id = ${w.vadso} and year = 2026 and sequence = 101`,
    );
    expect(n[0]!.n).toBe(1);
  });

  it("tags a case by point with the area it lies in", async () => {
    const park = await getPublicCase(w.h, w.vadso, { year: 2026, sequence: 102 });
    expect(park!.area?.key).toBe("sentrum");
    expect((await listRecentCases(w.h.db, w.vadso, { areaBodyId: ids.grend })).map((c) => c.sequence)).toEqual([102]);
  });
});

describe("meetings, agenda and notice", () => {
  it("refuses to publish the notice of an empty agenda, then publishes a three-item agenda with one closed item", async () => {
    w.setClock(new Date("2026-11-20T10:00:00Z"));
    const meeting = must(
      await createMeeting(w.deps, w.secretary, {
        tenantId: w.vadso,
        bodyId: ids.plan!,
        startsAt: new Date("2026-12-03T16:00:00Z"),
        location: "Bystyresalen",
        streamUrl: "https://example.org/live",
      }),
    );
    ids.meeting = meeting.id;
    const empty = await publishNotice(w.deps, w.secretary, { tenantId: w.vadso, meetingId: meeting.id });
    expect(empty).toMatchObject({ ok: false, error: { code: "errors.emptyAgenda", status: 409 } });
    expect((await getMeeting(w.h.db, w.vadso, meeting.id))!.noticePublishedAt).toBeNull();

    const secretCase = must(
      await createCase(w.deps, w.secretary, {
        tenantId: w.vadso,
        year: 2026,
        sequence: 150,
        title: { nb: SECRET },
        summary: { nb: SECRET },
      }),
    );
    ids.secret = secretCase.id;
    must(
      await uploadDocument(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: secretCase.id,
        kind: "saksfremlegg",
        title: SECRET_DOC,
        fileName: "p.pdf",
        bytes: makePdf([SECRET_DOC, "hemmelig innhold"]),
      }),
    );
    must(await addAgendaItem(w.deps, w.secretary, { tenantId: w.vadso, meetingId: meeting.id, caseId: ids.traffic }));
    const noBasis = await addAgendaItem(w.deps, w.secretary, {
      tenantId: w.vadso,
      meetingId: meeting.id,
      caseId: secretCase.id,
      closed: true,
    });
    expect(noBasis).toMatchObject({
      ok: false,
      error: { details: [{ field: "closedBasis", code: "errors.closedNeedsBasis" }] },
    });
    must(
      await addAgendaItem(w.deps, w.secretary, {
        tenantId: w.vadso,
        meetingId: meeting.id,
        caseId: secretCase.id,
        closed: true,
        closedBasis: "Kml. § 11-5 jf. Offl. § 25",
      }),
    );
    must(
      await addAgendaItem(w.deps, w.secretary, {
        tenantId: w.vadso,
        meetingId: meeting.id,
        title: { nb: "Referatsaker" },
      }),
    );

    const before = await listMeetings(w.h.db, w.vadso, {});
    expect(before[0]!.agenda).toBeNull(); // not public before the notice

    const pub = must(await publishNotice(w.deps, w.secretary, { tenantId: w.vadso, meetingId: meeting.id }));
    expect(pub.publishedAt.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(pub.late).toBe(false);
    const m = (await getMeeting(w.h.db, w.vadso, meeting.id))!;
    expect(m.status).toBe("notice_published");
    expect(m.noticePublishedAt!.toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect(m.agenda).toEqual([
      {
        position: 1,
        closed: false,
        caseNumber: "2026/101",
        caseSlug: "2026-101",
        title: { nb: "Trafikksikkerhetsplan" },
      },
      { position: 2, closed: true, basis: "Kml. § 11-5 jf. Offl. § 25" },
      { position: 3, closed: false, caseNumber: null, caseSlug: null, title: { nb: "Referatsaker" } },
    ]);
    expect(w.events.map((e) => e.type)).toContain("meetings.notice.published");
    expect((await publishNotice(w.deps, w.secretary, { tenantId: w.vadso, meetingId: meeting.id })).ok).toBe(false);
  });

  it("says when a notice is later than the body's lead time (kommunestyre: 10 days)", async () => {
    const mt = must(
      await createMeeting(w.deps, w.secretary, {
        tenantId: w.vadso,
        bodyId: ids.ks!,
        startsAt: new Date("2026-11-27T16:00:00Z"),
      }),
    );
    must(await addAgendaItem(w.deps, w.secretary, { tenantId: w.vadso, meetingId: mt.id, caseId: ids.traffic }));
    const r = must(await publishNotice(w.deps, w.secretary, { tenantId: w.vadso, meetingId: mt.id }));
    expect(r.late).toBe(true);
    expect(r.deadline.toISOString()).toBe("2026-11-17T16:00:00.000Z");
    expect(w.warnings.length).toBeGreaterThan(0);
    // status machine
    expect(
      (await setMeetingStatus(w.deps, w.secretary, { tenantId: w.vadso, meetingId: mt.id, status: "finished" })).ok,
    ).toBe(false);
    expect(
      must(await setMeetingStatus(w.deps, w.secretary, { tenantId: w.vadso, meetingId: mt.id, status: "in_progress" }))
        .status,
    ).toBe("in_progress");
  });

  it("lets a body's secretary manage only that body's meetings", async () => {
    const planSecretary = { id: "ps", memberships: [{ tenantId: w.vadso, bodyId: ids.plan!, role: "secretary" }] };
    expect(
      (
        await createMeeting(w.deps, planSecretary, {
          tenantId: w.vadso,
          bodyId: ids.ks!,
          startsAt: new Date("2027-01-10T16:00:00Z"),
        })
      ).ok,
    ).toBe(false);
    const own = must(
      await createMeeting(w.deps, planSecretary, {
        tenantId: w.vadso,
        bodyId: ids.plan!,
        startsAt: new Date("2027-01-10T16:00:00Z"),
      }),
    );
    const a = must(
      await addAgendaItem(w.deps, planSecretary, { tenantId: w.vadso, meetingId: own.id, title: { nb: "A" } }),
    );
    must(await addAgendaItem(w.deps, planSecretary, { tenantId: w.vadso, meetingId: own.id, title: { nb: "B" } }));
    must(await removeAgendaItem(w.deps, planSecretary, { tenantId: w.vadso, itemId: a.id }));
    const rows = await w.h.rows<{ position: number }>(
      sql`select position from agenda_items where meeting_id = ${own.id}`,
    );
    expect(rows).toEqual([{ position: 1 }]);
  });
});

describe("closed items never reach public reads", () => {
  it("hides the closed case from meetings, case pages, lists and search (serialized output)", async () => {
    const wire = JSON.stringify([
      await listMeetings(w.h.db, w.vadso, {}),
      await getMeeting(w.h.db, w.vadso, ids.meeting!),
      await listRecentCases(w.h.db, w.vadso),
      await searchCases(w.h, w.vadso, "ansatt"),
      await searchCases(w.h, w.vadso, "personalmappe"),
      await searchCases(w.h, w.vadso, "2026/150"),
    ]);
    expect(wire).not.toContain(SECRET);
    expect(wire).not.toContain(SECRET_DOC);
    expect(wire).not.toContain("2026/150");
    expect(await getPublicCase(w.h, w.vadso, { year: 2026, sequence: 150 })).toBeNull();
  });
});

describe("documents", () => {
  it("extracts PDF text for Norwegian full-text search (stemmed), journey and decision on the case", async () => {
    const r = must(
      await uploadDocument(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        kind: "saksfremlegg",
        title: "Saksfremlegg",
        fileName: "saksfremlegg.pdf",
        bytes: makePdf(["Kommunedirektorens innstilling", "Fotgjengerfeltene ved Kirkegata skal lyssettes."]),
      }),
    );
    expect(r.warning).toBeNull();
    const hits = await searchCases(w.h, w.vadso, "fotgjengerfeltet i Kirkegata");
    expect(hits.map((h) => h.sequence)).toEqual([101]);
    expect(hits[0]!.matchedDocuments).toEqual(["Saksfremlegg"]);
    expect((await searchCases(w.h, w.vadso, "skoleveiene")).map((h) => h.sequence)).toEqual([101]); // summary "skoleveier", stemmed
    must(
      await setJourney(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        steps: [
          { bodyId: ids.plan!, kind: "innstilling", date: "2026-12-03", meetingId: ids.meeting },
          { bodyId: ids.ks!, kind: "vedtak", date: "2026-12-17" },
        ],
      }),
    );
    must(
      await recordDecision(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        decisionText: "Kommunestyret vedtar planen med endringer om belysning.",
      }),
    );
    expect((await searchCases(w.h, w.vadso, "belysning")).map((h) => h.sequence)).toEqual([101]);
    const c = (await getPublicCase(w.h, w.vadso, { year: 2026, sequence: 101 }))!;
    expect(c.steps.map((s) => [s.bodyKey, s.kind, s.date])).toEqual([
      ["plan", "innstilling", "2026-12-03"],
      ["kommunestyre", "vedtak", "2026-12-17"],
    ]);
    expect(c.documents.map((d) => [d.title, d.fileName, d.mimeType])).toEqual([
      ["Saksfremlegg", "saksfremlegg.pdf", "application/pdf"],
    ]);
    expect(c.decided).toBe(true);
  });

  it("refuses an oversized or wrong-type file and stores nothing", async () => {
    const files = w.storedFiles().length;
    const rows = async () => (await w.h.rows<{ n: number }>(sql`select count(*)::int as n from case_documents`))[0]!.n;
    const n = await rows();
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(Buffer.from("%PDF-1.4\n"));
    expect(
      await uploadDocument(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        kind: "vedlegg",
        title: "Stor",
        fileName: "stor.pdf",
        bytes: big,
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.tooLarge", status: 413, params: { max: 1 } } });
    expect(
      await uploadDocument(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        kind: "vedlegg",
        title: "Exe",
        fileName: "vedlegg.pdf",
        bytes: new Uint8Array(Buffer.from("MZ\x90\x00\x03 not a pdf")),
      }),
    ).toMatchObject({ ok: false, error: { code: "errors.wrongType", status: 415 } });
    expect(w.storedFiles()).toHaveLength(files);
    expect(await rows()).toBe(n);
  });

  it("removes the stored file when the row cannot be written (nothing half-way)", async () => {
    const files = w.storedFiles().length;
    const other = {
      ...w.deps,
      db: {
        ...w.deps.db,
        db: new Proxy(w.deps.db.db, {
          get: (t, p) => (p === "transaction" ? () => Promise.reject(new Error("disk full")) : Reflect.get(t, p)),
        }),
      },
    };
    await expect(
      uploadDocument(other, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        kind: "vedlegg",
        title: "V",
        fileName: "v.pdf",
        bytes: makePdf(["x"]),
      }),
    ).rejects.toThrow("disk full");
    expect(w.storedFiles()).toHaveLength(files);
  });

  it("stores a malicious filename safely and a PDF that fails extraction, searchable by title only, with a warning", async () => {
    const r = must(
      await uploadDocument(w.deps, w.secretary, {
        tenantId: w.vadso,
        caseId: ids.traffic!,
        kind: "vedlegg",
        title: "Kart over kryssene",
        fileName: "../../../etc/passwd\u0000.pdf",
        bytes: brokenPdf(),
      }),
    );
    expect(r.fileName).toBe("passwd.pdf");
    expect(r.warning).toBe("extractionFailed");
    expect(w.warnings.at(-1)).toMatchObject({ documentId: r.id });
    const [row] = await w.h.rows<{ storage_key: string; extraction: string; extracted_text: string | null }>(
      sql`select storage_key, extraction, extracted_text from case_documents where id = ${r.id}`,
    );
    expect(row!.extraction).toBe("failed");
    expect(row!.extracted_text).toBeNull();
    expect(row!.storage_key).toMatch(new RegExp(`^${w.vadso}/[0-9a-f-]{36}$`));
    expect(w.storedFiles().every((f) => !f.includes("passwd"))).toBe(true);
    expect((await searchCases(w.h, w.vadso, "kryssene")).map((h) => h.matchedDocuments)).toEqual([
      ["Kart over kryssene"],
    ]);
  });
});

describe("agenda import", () => {
  const counts = async () =>
    (
      await w.h.rows<{ cases: number; items: number; steps: number }>(
        sql`select (select count(*)::int from cases) as cases, (select count(*)::int from agenda_items) as items, (select count(*)::int from case_steps) as steps`,
      )
    )[0]!;

  it("rejects a bad file with line-numbered errors and changes nothing", async () => {
    const mt = must(
      await createMeeting(w.deps, w.secretary, {
        tenantId: w.vadso,
        bodyId: ids.plan!,
        startsAt: new Date("2027-02-04T16:00:00Z"),
      }),
    );
    ids.importMeeting = mt.id;
    const before = await counts();
    const csv =
      "case_number,title,closed,closed_basis,step\n2027/10,Ny skole,nei,,innstilling\n2027/x,Feil nummer,nei,,\n2027/11,Lukket uten hjemmel,ja,,\n";
    const r = await importAgenda(w.deps, w.secretary, {
      tenantId: w.vadso,
      meetingId: mt.id,
      format: "csv",
      text: csv,
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: "errors.importRejected",
        status: 400,
        details: [
          { line: 3, code: "errors.import.badCaseNumber" },
          { line: 4, code: "errors.import.closedNeedsBasis" },
        ],
      },
    });
    expect(await counts()).toEqual(before);
  });

  it("rolls back every change when writing fails part-way (one transaction)", async () => {
    const before = await counts();
    let calls = 0;
    const failing = {
      ...w.deps,
      now: () =>
        ++calls > 0
          ? (() => {
              throw new Error("clock broke");
            })()
          : new Date(),
    };
    // item 1 is new (inserted), item 2 exists (its update calls now() and fails)
    const json = JSON.stringify([
      { caseNumber: "2027/20", title: "Ny sak" },
      { caseNumber: "2026/101", title: "Trafikksikkerhetsplan" },
    ]);
    await expect(
      importAgenda(failing, w.secretary, {
        tenantId: w.vadso,
        meetingId: ids.importMeeting!,
        format: "json",
        text: json,
      }),
    ).rejects.toThrow("clock broke");
    expect(await counts()).toEqual(before);
  });

  it("imports an agenda with its cases from CSV, reusing an existing case", async () => {
    const csv =
      "case_number;title;summary;closed;closed_basis;step\n2027/30;Ny barnehage på Ekkerøy;Forslag om ny barnehage.;nei;;innstilling\n2027/31;Personalsak;;ja;Offl. § 25;\n2026/101;Trafikksikkerhetsplan 2027–2030;Tryggere skoleveier.;nei;;vedtak\n";
    const r = must(
      await importAgenda(w.deps, w.secretary, {
        tenantId: w.vadso,
        meetingId: ids.importMeeting!,
        format: "csv",
        text: csv,
      }),
    );
    expect(r).toEqual({ items: 3, casesCreated: 2, casesUpdated: 1 });
    must(await publishNotice(w.deps, w.secretary, { tenantId: w.vadso, meetingId: ids.importMeeting! }));
    const m = (await getMeeting(w.h.db, w.vadso, ids.importMeeting!))!;
    expect(m.agenda!.map((a) => (a.closed ? `closed:${a.basis}` : a.caseNumber))).toEqual([
      "2027/30",
      "closed:Offl. § 25",
      "2026/101",
    ]);
    expect(JSON.stringify(m)).not.toContain("Personalsak");
    const c = (await getPublicCase(w.h, w.vadso, { year: 2027, sequence: 30 }))!;
    expect(c.steps).toMatchObject([{ bodyKey: "plan", kind: "innstilling", date: "2027-02-04" }]);
  });
});
