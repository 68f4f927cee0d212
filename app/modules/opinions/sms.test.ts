import { describe, expect, it } from "vitest";
import { readStatementReply } from "./sms.ts";

describe("a reply to an opinion statement sent by SMS", () => {
  it("reads 1 agree, 2 disagree, 3 pass, in any script", () => {
    expect(readStatementReply("1", "nb")).toEqual({ ok: true, vote: 1 });
    expect(readStatementReply(" 2. ", "en")).toEqual({ ok: true, vote: -1 });
    expect(readStatementReply("٣", "ar")).toEqual({ ok: true, vote: 0 });
  });

  it("reads the yes / no words of our languages as agree / disagree", () => {
    expect(readStatementReply("Ja", "nb")).toEqual({ ok: true, vote: 1 });
    expect(readStatementReply("JUO", "se")).toEqual({ ok: true, vote: 1 });
    expect(readStatementReply("nie", "pl")).toEqual({ ok: true, vote: -1 });
    expect(readStatementReply("ні", "uk")).toEqual({ ok: true, vote: -1 });
    expect(readStatementReply("haa", "so")).toEqual({ ok: true, vote: 1 });
    expect(readStatementReply("لا", "ar")).toEqual({ ok: true, vote: -1 });
    expect(readStatementReply("NEI", "en")).toEqual({ ok: true, vote: -1 }); // Norwegian is borrowed
  });

  it("says what was wrong", () => {
    expect(readStatementReply("7", "nb")).toEqual({ ok: false, reason: "outOfRange" });
    expect(readStatementReply("1 2", "nb")).toEqual({ ok: false, reason: "tooMany" });
    expect(readStatementReply("kanskje", "nb")).toEqual({ ok: false, reason: "unrecognized" });
    expect(readStatementReply(" … ", "nb")).toEqual({ ok: false, reason: "empty" });
  });
});
