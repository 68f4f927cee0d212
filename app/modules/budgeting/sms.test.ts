import { describe, expect, it } from "vitest";
import { i18nFor } from "#app/lib/i18next.server.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { analyzeSms } from "#app/modules/sms/segments.ts";
import { ballotRulesOf } from "./round.ts";
import { validateBallot } from "./rules.ts";
import {
  parseSmsBallot,
  smsBallotErrors,
  smsConfirmation,
  smsInstructions,
  smsMoney,
  smsUnreadable,
  type SmsProject,
} from "./sms.ts";

const tOf = (locale: Locale) =>
  i18nFor(locale).getFixedT(locale, "budgeting") as unknown as (k: string, p?: Record<string, unknown>) => string;
const t = tOf("nb");
const projects: SmsProject[] = [
  { code: "P1", title: "Benker i parken", cost: 35_000n },
  { code: "P2", title: "Ny ballbinge ved skolen", cost: 60_000n },
  { code: "P3", title: "Lys i lysløypa", cost: 40_000n },
  { code: "P4", title: "Blomsterbed", cost: 20_000n },
];

describe("parseSmsBallot", () => {
  it("reads codes in the forms people type, in any separator, once each", () => {
    for (const text of [
      "P1 P4",
      "p1,p4",
      "P 1 og P 4",
      "1 4",
      "P1; P4.",
      "р1 р4",
      "P1/P4",
      "P1 + P4",
      "P1 P4 P1",
      "  p01  4 ",
    ]) {
      expect(parseSmsBallot(text, "nb", "approval"), text).toEqual({
        kind: "ballot",
        ballot: { projects: ["P1", "P4"] },
      });
    }
    expect(parseSmsBallot("١ ٤", "ar", "approval")).toEqual({ kind: "ballot", ballot: { projects: ["P1", "P4"] } });
  });

  it("keeps the order for ranking and reads points for cumulative ballots", () => {
    expect(parseSmsBallot("P3 P1 P2", "nb", "ranking")).toEqual({
      kind: "ballot",
      ballot: { projects: ["P3", "P1", "P2"] },
    });
    for (const text of ["P1:3 P2:2", "P1=3, P2=2", "p1 3 p2 2", "P1 : 3 og P2x2", "P1:1 P2:2 P1:2"]) {
      expect(parseSmsBallot(text, "nb", "cumulative"), text).toEqual({
        kind: "ballot",
        ballot: { projects: ["P1", "P2"], points: [3, 2] },
      });
    }
    expect(parseSmsBallot("P1 P2", "nb", "cumulative")).toEqual({ kind: "unreadable", tokens: ["p1", "p2"] });
  });

  it("recognises keywords first and refuses words it cannot read, naming them", () => {
    expect(parseSmsBallot("STOPP", "nb", "approval")).toEqual({ kind: "keyword", keyword: "stop" });
    expect(parseSmsBallot("hjelp", "nb", "approval")).toEqual({ kind: "keyword", keyword: "help" });
    expect(parseSmsBallot(" . ", "nb", "approval")).toEqual({ kind: "empty" });
    expect(parseSmsBallot("P1 og benkene", "nb", "approval")).toEqual({ kind: "unreadable", tokens: ["benkene"] });
    expect(parseSmsBallot("P1-P3", "nb", "approval")).toEqual({ kind: "unreadable", tokens: ["p1-p3"] });
  });

  it("the parsed ballot goes through the same rules: unknown codes and limits are named", () => {
    const p = parseSmsBallot("P1 P2 P9", "nb", "knapsack");
    if (p.kind !== "ballot") throw new Error(p.kind);
    const check = validateBallot(
      ballotRulesOf({ kind: "knapsack" }, 100_000n),
      projects.map((x) => ({ id: x.code, cost: x.cost })),
      p.ballot,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const reply = smsBallotErrors(t, check.errors, 0);
    expect(reply).toContain("Stemmen ble ikke registrert.");
    expect(reply).toContain('"P9" er ikke på stemmeseddelen.');
    expect(reply).toContain("Svar på nytt med kodene.");
  });
});

describe("SMS replies", () => {
  it("money has plain spaces, so Norwegian replies stay GSM-7", () => {
    expect(smsMoney(1_234_567n)).toBe("1 234 567 kr");
    expect(smsMoney(123_450n, 2)).toBe("1 234,50 kr");
  });

  it("instructions list the projects with codes and costs and say how to answer", () => {
    const text = smsInstructions(t, {
      roundTitle: "Innbyggerbudsjett 2027",
      rules: { kind: "approval", maxProjects: 5 },
      budget: 100_000n,
      scale: 0,
      projects,
      minAge: 13,
      closesAt: "1. desember",
    });
    expect(text).toContain("Svar med kodene til opptil 5 prosjekter, f.eks. P1 P2.");
    expect(text).toContain("P2 Ny ballbinge ved skolen (60 000 kr)");
    expect(text).toContain("minst 13 år");
    expect(text).toContain("til 1. desember");
    expect(
      smsInstructions(t, {
        roundTitle: "X",
        rules: { kind: "cumulative", points: 10 },
        budget: 1n,
        scale: 0,
        projects,
      }),
    ).toContain("f.eks. P1:2 P2:1");
  });

  it("the confirmation summarises the ballot, the total, how to change it and the receipt, within 3 segments", () => {
    const text = smsConfirmation(t, {
      roundTitle: "Innbyggerbudsjett 2027",
      kind: "knapsack",
      ballot: { projects: ["P1", "P4"] },
      projects,
      budget: 100_000n,
      scale: 0,
      receipt: "ABCDE-FGH23",
      replaced: false,
    });
    expect(text).toBe(
      'Takk! Stemmen din i "Innbyggerbudsjett 2027" er registrert: P1 Benker i parken, P4 Blomsterbed. Sum 55 000 kr av 100 000 kr. Du kan endre stemmen ved å sende nye koder til avstemningen stenger. Den siste stemmen teller. Kvittering: ABCDE-FGH23',
    );
    expect(analyzeSms(text).encoding).toBe("GSM-7");
    const changed = smsConfirmation(t, {
      roundTitle: "R",
      kind: "cumulative",
      ballot: { projects: ["P2", "P1"], points: [7, 3] },
      projects,
      budget: 1n,
      scale: 0,
      receipt: "X",
      replaced: true,
    });
    expect(changed).toContain(
      'Den nye stemmen din i "R" erstatter den forrige: P2 Ny ballbinge ved skolen: 7 poeng, P1 Benker i parken: 3 poeng.',
    );
    const ranked = smsConfirmation(t, {
      roundTitle: "R",
      kind: "ranking",
      ballot: { projects: ["P3", "P1"] },
      projects,
      budget: 1n,
      scale: 0,
      receipt: "X",
      replaced: false,
    });
    expect(ranked).toContain("1. P3 Lys i lysløypa, 2. P1 Benker i parken.");
  });

  it("long titles are shortened, then left out, so the confirmation never passes 3 segments", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      code: `P${i + 1}`,
      title: `Et svært langt prosjektnavn nummer ${i + 1} med mange ord i seg`,
      cost: 1_000n,
    }));
    const text = smsConfirmation(t, {
      roundTitle: "Innbyggerbudsjett",
      kind: "approval",
      ballot: { projects: many.slice(0, 10).map((p) => p.code) },
      projects: many,
      budget: 100_000n,
      scale: 0,
      receipt: "ABCDE-FGH23",
      replaced: false,
    });
    expect(analyzeSms(text).segments).toBeLessThanOrEqual(3);
    expect(text).toContain("P10");
    expect(text).toContain("Kvittering: ABCDE-FGH23");
  });

  it("every locale has the replies (no key falls through)", () => {
    for (const locale of ["nb", "nn", "se", "en", "pl", "uk", "so", "ar"] as Locale[]) {
      const tl = tOf(locale);
      const c = smsConfirmation(tl, {
        roundTitle: "R",
        kind: "approval",
        ballot: { projects: ["P1"] },
        projects,
        budget: 1n,
        scale: 0,
        receipt: "ABCDE-FGH23",
        replaced: false,
      });
      expect(c, locale).not.toMatch(/sms\./);
      expect(c).toContain("ABCDE-FGH23");
      expect(smsUnreadable(tl, ["xyz"], "approval", projects)).toContain("xyz");
    }
  });
});
