import { describe, expect, it } from "vitest";
import { parseRecipientsCsv, previewCampaign, renderMerge } from "./campaigns.ts";

describe("campaign recipients from CSV", () => {
  it("reads phone, language and name; lists bad lines with their line number", () => {
    const csv =
      "telefon,språk,navn\n412 34 567,nb,Kari\n+47 412 34 568,se,Máret\n123,nb,Feil\n41234569,xx,Ukjent\n\n0047 412 34 567,en,Duplikat\n";
    const r = parseRecipientsCsv(csv);
    expect(r.recipients).toEqual([
      { phone: "+4741234567", lang: "nb", name: "Kari", line: 2 },
      { phone: "+4741234568", lang: "se", name: "Máret", line: 3 },
    ]);
    expect(r.invalid).toEqual([
      { line: 4, value: "123", code: "phone.invalid" },
      { line: 5, value: "xx", code: "campaign.language" },
    ]);
  });
  it("accepts semicolons and a missing language (the default)", () => {
    expect(parseRecipientsCsv("41234567;;Ola").recipients).toEqual([
      { phone: "+4741234567", lang: "nb", name: "Ola", line: 1 },
    ]);
  });
});

describe("campaign composer preview", () => {
  it("fills merge fields", () => {
    expect(renderMerge("Hei {{ name }}, møte {{date}}.", { name: "Kari" })).toBe("Hei Kari, møte .");
  });
  it("shows GSM-7 for Norwegian and UCS-2 for Sami, with segments and cost per language", () => {
    const recipients = parseRecipientsCsv("41234567,nb\n41234568,se\n41234569,se\n41234570,pl").recipients;
    const p = previewCampaign(
      {
        nb: "Hei {{name}}! Velkommen til folkemøte på rådhuset i kveld kl. 19.",
        se: "Bures {{name}}! Boađe álbmotčoahkkimii gávpotviesus odne eahkes diibmu 19.",
      },
      recipients,
      0.07,
    );
    expect(p.map((x) => [x.lang, x.analysis.encoding, x.analysis.segments, x.recipients])).toEqual([
      ["nb", "GSM-7", 1, 2], // the Polish recipient gets the bokmål text
      ["se", "UCS-2", 2, 2],
    ]);
    expect(p[1]!.analysis.unicodeChars).toEqual(expect.arrayContaining(["đ", "á", "č"]));
    expect(p[1]!.cost).toBeCloseTo(0.28);
  });
});
