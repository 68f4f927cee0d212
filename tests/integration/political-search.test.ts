import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAgendaItem, createMeeting } from "#app/modules/meetings/commands.server.ts";
import { createBody } from "#app/modules/bodies/commands.server.ts";
import { createCase, recordDecision, uploadDocument } from "#app/modules/cases/commands.server.ts";
import { hasNorwegianSearch, searchCases, searchCasesSimple } from "#app/modules/cases/queries.server.ts";
import { brokenPdf, makePdf } from "./political-fixtures.ts";
import { politicalWorld } from "./political-setup.ts";

// Full-text search on the run's driver (PGlite or PostgreSQL): the 'norwegian'
// configuration exists and stems alike on both, and the documented fallback
// (docs/decisions/015-full-text-search.md) finds the same cases for plain words.
let w: Awaited<ReturnType<typeof politicalWorld>>;
const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const numbers = (hits: { year: number; sequence: number }[]) => hits.map((h) => `${h.year}/${h.sequence}`).sort();

beforeAll(async () => {
  w = await politicalWorld();
  const a = must(
    await createCase(w.deps, w.admin, {
      tenantId: w.vadso,
      year: 2026,
      sequence: 1,
      title: { nb: "Trafikksikkerhetsplan for skolevegene" },
      summary: { nb: "Tryggere kryssinger ved skolene." },
    }),
  );
  must(
    await createCase(w.deps, w.admin, {
      tenantId: w.vadso,
      year: 2026,
      sequence: 2,
      title: { nb: "Ny barnehage i sentrum" },
      summary: { nb: "Bygging av barnehager." },
    }),
  );
  const c = must(
    await createCase(w.deps, w.admin, { tenantId: w.vadso, year: 2026, sequence: 3, title: { nb: "Havneutvikling" } }),
  );
  must(
    await recordDecision(w.deps, w.admin, {
      tenantId: w.vadso,
      caseId: c.id,
      decisionText: "Kommunestyret vedtar reguleringsplanen for moloen.",
    }),
  );
  must(
    await uploadDocument(w.deps, w.admin, {
      tenantId: w.vadso,
      caseId: a.id,
      kind: "saksfremlegg",
      title: "Saksfremlegg",
      fileName: "s.pdf",
      bytes: makePdf(["Fartsdumper ved Vadsø skole"]),
    }),
  );
  // A PDF that cannot be read is stored and found by its title only.
  const broken = must(
    await uploadDocument(w.deps, w.admin, {
      tenantId: w.vadso,
      caseId: c.id,
      kind: "vedlegg",
      title: "Kaiplan skannet",
      fileName: "k.pdf",
      bytes: brokenPdf(),
    }),
  );
  expect(broken.warning).toBe("extractionFailed");
  // A case on a closed item: never found.
  const secret = must(
    await createCase(w.deps, w.admin, {
      tenantId: w.vadso,
      year: 2026,
      sequence: 4,
      title: { nb: "Personalsak skole" },
    }),
  );
  const body = must(
    await createBody(w.deps, w.admin, {
      tenantId: w.vadso,
      key: "ks",
      kind: "kommunestyre",
      name: { nb: "Kommunestyret" },
    }),
  );
  const m = must(
    await createMeeting(w.deps, w.admin, {
      tenantId: w.vadso,
      bodyId: body.id,
      startsAt: new Date("2026-12-10T16:00:00Z"),
    }),
  );
  must(
    await addAgendaItem(w.deps, w.admin, {
      tenantId: w.vadso,
      meetingId: m.id,
      caseId: secret.id,
      closed: true,
      closedBasis: "Offl. § 25",
    }),
  );
});
afterAll(async () => {
  await w?.dispose();
});

describe("full-text search", () => {
  it("has the 'norwegian' configuration, which stems compounds' inflections alike on this driver", async () => {
    expect(await hasNorwegianSearch(w.h)).toBe(true);
    const [r] = await w.h.rows<{ v: string }>(
      sql`select to_tsvector('norwegian', 'Trafikksikkerhetsplanene for skolevegene og barnehagene')::text as v`,
    );
    expect(r!.v).toBe("'barnehag':5 'skoleveg':3 'trafikksikkerhetsplan':1");
  });

  it("finds by inflected words in titles, summaries, decisions and extracted PDF text", async () => {
    expect(numbers(await searchCases(w.h, w.vadso, "skolevegen"))).toEqual(["2026/1"]);
    expect(numbers(await searchCases(w.h, w.vadso, "barnehagene"))).toEqual(["2026/2"]);
    expect(numbers(await searchCases(w.h, w.vadso, "reguleringsplanen"))).toEqual(["2026/3"]);
    const hits = await searchCases(w.h, w.vadso, "fartsdumpene");
    expect(numbers(hits)).toEqual(["2026/1"]);
    expect(hits[0]!.matchedDocuments).toEqual(["Saksfremlegg"]);
    expect(numbers(await searchCases(w.h, w.vadso, "kaiplan"))).toEqual(["2026/3"]); // the unreadable PDF, by its title
    expect(numbers(await searchCases(w.h, w.vadso, "2026/2"))).toEqual(["2026/2"]);
    expect(numbers(await searchCases(w.h, w.vadso, "personalsak"))).toEqual([]);
    expect(numbers(await searchCases(w.h, w.vadso, "skole"))).toEqual(["2026/1"]); // not the closed case's title
    expect(await searchCases(w.h, w.oslo, "skolevegen")).toEqual([]);
    expect(await searchCases(w.h, w.vadso, "   ")).toEqual([]);
    expect(await searchCases(w.h, w.vadso, '"unbalanced ( or -- ;')).toEqual([]);
  });

  it("the fallback finds the same cases for whole words, with the same visibility and tenant rules", async () => {
    for (const q of ["barnehage", "reguleringsplanen", "fartsdumper", "kaiplan", "skole", "personalsak"]) {
      expect(numbers(await searchCasesSimple(w.h, w.vadso, q)), q).toEqual(numbers(await searchCases(w.h, w.vadso, q)));
    }
    const fd = await searchCasesSimple(w.h, w.vadso, "fartsdumper");
    expect(fd[0]!.matchedDocuments, JSON.stringify(fd)).toEqual(["Saksfremlegg"]);
    expect(await searchCasesSimple(w.h, w.oslo, "barnehage")).toEqual([]);
    expect(await searchCasesSimple(w.h, w.vadso, "100%_\\")).toEqual([]);
  });
});
