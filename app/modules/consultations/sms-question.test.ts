import { describe, expect, it } from "vitest";
import { readSmsAnswer, smsExpecting, smsLabels, type SmsQuestion } from "./sms-question.ts";

const single: SmsQuestion = {
  id: "q",
  kind: "single",
  options: [{ id: "yes" }, { id: "no" }],
  scaleMin: null,
  scaleMax: null,
};
const multi: SmsQuestion = { ...single, kind: "multi", options: [{ id: "park" }, { id: "road" }, { id: "school" }] };
const scale: SmsQuestion = { id: "s", kind: "scale", options: [], scaleMin: 0, scaleMax: 10 };
const text: SmsQuestion = { id: "t", kind: "text", options: [], scaleMin: null, scaleMax: null };

describe("a consultation question read from an SMS reply", () => {
  it("numbers the options, spans the scale and asks free text in own words", () => {
    expect(smsLabels(single)).toEqual(["1", "2"]);
    expect(smsLabels(scale)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(smsExpecting(multi)).toEqual({ kind: "choices", options: ["1", "2", "3"], min: 1, max: 3 });
    expect(smsExpecting(text)).toEqual({ kind: "free" });
  });

  it("reads a number as the option it stands for, in any script", () => {
    expect(readSmsAnswer(single, "2", "nb")).toEqual({ ok: true, answer: { questionId: "q", options: ["no"] } });
    expect(readSmsAnswer(single, "١", "ar")).toEqual({ ok: true, answer: { questionId: "q", options: ["yes"] } });
    expect(readSmsAnswer(multi, "1 og 3", "nb")).toEqual({
      ok: true,
      answer: { questionId: "q", options: ["park", "school"] },
    });
    expect(readSmsAnswer(scale, "10", "en")).toEqual({ ok: true, answer: { questionId: "s", scale: 10 } });
    expect(readSmsAnswer(text, "  Mer lys i parken ", "nb")).toEqual({
      ok: true,
      answer: { questionId: "t", text: "Mer lys i parken" },
    });
  });

  it("says what was wrong", () => {
    expect(readSmsAnswer(single, "7", "nb")).toEqual({ ok: false, reason: "outOfRange" });
    expect(readSmsAnswer(single, "1 2", "nb")).toEqual({ ok: false, reason: "tooMany" });
    expect(readSmsAnswer(single, "kanskje", "nb")).toEqual({ ok: false, reason: "unrecognized" });
    expect(readSmsAnswer(scale, "11", "nb")).toEqual({ ok: false, reason: "outOfRange" });
    expect(readSmsAnswer(text, " ", "nb")).toEqual({ ok: false, reason: "empty" });
  });
});
