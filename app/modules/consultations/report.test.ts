import { describe, expect, it } from "vitest";
import { ageBandOf, aggregateReport, type ParticipantFacts } from "./report.ts";

const people = (n: number, f: Omit<ParticipantFacts, "key">, prefix: string): ParticipantFacts[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, ...f }));

describe("aggregateReport", () => {
  const participants = [
    ...people(10, { ageBand: "16-19", gender: "female", area: "Nord" }, "a"),
    ...people(6, { ageBand: "45-66", gender: "male", area: "Sør" }, "b"),
    ...people(2, { ageBand: "67+", gender: null }, "c"),
    ...people(2, {}, "d"),
  ];
  const r = aggregateReport({
    participants,
    comments: 12,
    replies: 3,
    supports: 40,
    pins: 5,
    hidden: 1,
    questions: [
      { id: "q1", kind: "single", options: ["yes", "no"] },
      { id: "q2", kind: "multi", options: ["park", "road", "school"] },
      { id: "q3", kind: "scale", options: [], scaleMin: 1, scaleMax: 5 },
      { id: "q4", kind: "text", options: [] },
    ],
    answers: [
      { questionId: "q1", personKey: "a0", options: ["yes"] },
      { questionId: "q1", personKey: "a1", options: ["yes"] },
      { questionId: "q1", personKey: "b0", options: ["no"], channel: "sms" },
      { questionId: "q2", personKey: "a0", options: ["park", "school"] },
      { questionId: "q2", personKey: "b0", options: ["park"] },
      { questionId: "q3", personKey: "a0", scale: 5 },
      { questionId: "q3", personKey: "b0", scale: 2, channel: "sms" },
      { questionId: "q4", personKey: "a0", text: "Mer lys" },
      { questionId: "q4", personKey: "a1", text: "  " },
    ],
    population: {
      total: 5000,
      ageBands: { "16-19": 250, "45-66": 1750, "67+": 1000, "20-29": 500, "30-44": 1000, u16: 500 },
      genders: { female: 2500, male: 2500 },
    },
  });

  it("counts participants, comments, supports, pins and answers", () => {
    expect(r).toMatchObject({
      participants: 20,
      comments: 12,
      replies: 3,
      supports: 40,
      pins: 5,
      hidden: 1,
      answers: 9,
      perThousand: 4,
    });
  });

  it("counts SMS answers together with web answers, and each channel apart", () => {
    expect(r.answersByChannel).toEqual({ web: 7, sms: 2 });
    expect(r.questions[0]!.options.map((o) => o.count)).toEqual([2, 1]);
  });

  it("counts answers per question", () => {
    expect(r.questions[0]).toMatchObject({
      respondents: 3,
      options: [
        { id: "yes", count: 2 },
        { id: "no", count: 1 },
      ],
    });
    expect(r.questions[0]!.options[0]!.share).toBeCloseTo(2 / 3, 3);
    expect(r.questions[1]!.options.map((o) => o.count)).toEqual([2, 0, 1]);
    expect(r.questions[2]).toMatchObject({
      mean: 3.5,
      scale: [
        { value: 1, count: 0 },
        { value: 2, count: 1 },
        { value: 3, count: 0 },
        { value: 4, count: 0 },
        { value: 5, count: 1 },
      ],
    });
    expect(r.questions[3]).toMatchObject({ respondents: 2, texts: 1 });
  });

  it("compares participation with the population and suppresses small cells", () => {
    const teen = r.byAgeBand.find((g) => g.group === "16-19")!;
    expect(teen).toEqual({ group: "16-19", participants: 10, share: 0.5556, populationShare: 0.05 });
    expect(r.byAgeBand.find((g) => g.group === "67+")).toEqual({
      group: "67+",
      participants: null,
      share: null,
      populationShare: 0.2,
    });
    expect(r.byAgeBand.find((g) => g.group === "u16")).toEqual({
      group: "u16",
      participants: 0,
      share: 0,
      populationShare: 0.1,
    });
    expect(r.unknown).toEqual({ ageBand: 2, gender: 4, area: 4 });
    expect(r.byGender.map((g) => [g.group, g.participants])).toEqual([
      ["female", 10],
      ["male", 6],
    ]);
    expect(r.byArea.map((g) => [g.group, g.participants, g.populationShare])).toEqual([
      ["Nord", 10, null],
      ["Sør", 6, null],
    ]);
  });

  it("works with no participants and no population figures", () => {
    const empty = aggregateReport({
      participants: [],
      comments: 0,
      replies: 0,
      supports: 0,
      pins: 0,
      hidden: 0,
      questions: [],
      answers: [],
      population: { total: 0 },
    });
    expect(empty).toMatchObject({ participants: 0, perThousand: 0, byAgeBand: [], byGender: [], byArea: [] });
  });
});

describe("ageBandOf", () => {
  it("bands ages", () => {
    expect([2012, 2008, 2000, 1990, 1970, 1950].map((y) => ageBandOf(y, 2026))).toEqual([
      "u16",
      "16-19",
      "20-29",
      "30-44",
      "45-66",
      "67+",
    ]);
  });
});
