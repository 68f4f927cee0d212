import { describe, expect, it } from "vitest";
import { checkComment, cleanText, COMMENT_MAX, pseudonymise, redact, REDACTED, type CommentFact } from "./pseudonym.ts";

const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 10, m));
const c = (id: string, personKey: string, m: number, body: string, extra: Partial<CommentFact> = {}): CommentFact => ({
  id,
  personKey,
  parentId: null,
  body,
  createdAt: at(m),
  publicName: null,
  hidden: false,
  supports: 0,
  ...extra,
});

describe("pseudonymise", () => {
  const comments = [
    c("c3", "kari", 3, "Enig med deltaker 1", { parentId: "c1", publicName: "Kari" }),
    c("c1", "ola", 1, "Vi trenger en ny gangvei", { supports: 4 }),
    c("c2", "troll", 2, "spam", { hidden: true }),
    c("c4", "ola", 4, "Ring meg på 912 34 567 eller ola@example.no"),
  ];
  it("numbers people by first comment, follows replies, leaves hidden comments out", () => {
    const r = pseudonymise(comments, "pseudonym");
    expect(r.map((x) => [x.id, x.participant, x.replyTo, x.name])).toEqual([
      ["c1", 1, null, null],
      ["c3", 2, 1, null],
      ["c4", 1, null, null],
    ]);
    expect(r[0]!.supports).toBe(4);
    expect(JSON.stringify(r)).not.toContain("ola@");
    expect(JSON.stringify(r)).not.toContain("kari");
  });
  it("shows a chosen public name only when the process shows names", () => {
    expect(pseudonymise(comments, "public-names").find((x) => x.id === "c3")!.name).toBe("Kari");
  });
});

describe("redact", () => {
  it("blanks e-mail addresses, phone numbers and national identity numbers", () => {
    expect(redact("Skriv til per.hansen@kommune.no")).toBe(`Skriv til ${REDACTED}`);
    expect(redact("Tlf +47 912 34 567, 91234567 eller 0047 91234567")).toBe(
      `Tlf ${REDACTED}, ${REDACTED} eller ${REDACTED}`,
    );
    expect(redact("fnr 01019912345 her")).toBe(`fnr ${REDACTED} her`);
    expect(redact("Bygget i 2025 for 300 barn")).toBe("Bygget i 2025 for 300 barn");
  });
});

describe("checkComment", () => {
  it("cleans control characters and refuses empty or too long text", () => {
    expect(cleanText("  hei\r\nder\u0000\u202E ")).toBe("hei\nder");
    expect(checkComment("   ")).toEqual({ ok: false, error: "empty" });
    expect(checkComment("x".repeat(COMMENT_MAX + 1))).toEqual({ ok: false, error: "tooLong" });
    expect(checkComment("<script>alert(1)</script>")).toEqual({ ok: true, text: "<script>alert(1)</script>" });
  });
});
