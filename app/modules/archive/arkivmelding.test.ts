import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { asciiRef, buildArkivmelding, messageZip, type ArchiveFile } from "./arkivmelding.ts";
import { xmllint } from "#tests/setup/xmllint.ts";

const file = (title: string, fileName: string, mimeType: string, format: string, text: string): ArchiveFile => {
  const bytes = new TextEncoder().encode(text);
  return {
    title,
    fileName,
    ref: asciiRef(fileName),
    mimeType,
    format,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
};
const main = file(
  "Innspillsrapport: Ny gangvei & <lys>",
  "Innspillsrapport – gangvei.pdf",
  "application/pdf",
  "PDF",
  "%PDF-1.7 fake",
);
const json = file("Innspillsrapport (JSON)", "innspillsrapport.json", "application/json", "JSON", '{"a":1}');
const input = {
  caseNumber: { year: 2025, sequence: 1234 },
  title: "Innspill fra innbyggerne: Ny gangvei langs Strandgata",
  externalKey: "consultation/6d1c0f4e-0c7a-4d4e-9f54-2c1f1b0f0a01/report/1",
  sender: "Medvirk – innspill fra innbyggere",
  documentDate: new Date("2026-11-20T10:00:00Z"),
  receivedAt: new Date("2026-11-20T10:05:00Z"),
  main,
  attachments: [json],
};

describe("buildArkivmelding", () => {
  const xml = buildArkivmelding(input);

  it("validates against the Fiks Arkiv V1 arkivmelding XSD", () => {
    const r = xmllint(xml);
    expect(r.output).toContain("validates");
    expect(r.ok).toBe(true);
  });

  it("is an incoming journalpost in the existing case, PDF as main document and JSON as attachment", () => {
    expect(xml).toContain("<saksaar>2025</saksaar><sakssekvensnummer>1234</sakssekvensnummer>");
    expect(xml).toMatch(/<journalposttype><kode[^>]*>I<\/kode>/);
    expect(xml).toMatch(
      /<tilknyttetRegistreringSom><kode[^>]*>H<\/kode><\/tilknyttetRegistreringSom><dokumentnummer>1<\/dokumentnummer>[\s\S]*<referanseDokumentfil>Innspillsrapport-gangvei.pdf</,
    );
    expect(xml).toMatch(
      /<tilknyttetRegistreringSom><kode[^>]*>V<\/kode>[\s\S]*<referanseDokumentfil>innspillsrapport.json</,
    );
    expect(xml).toContain("<antallFiler>2</antallFiler>");
    expect(xml).toContain(
      `<noekkel xmlns="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1">${input.externalKey}</noekkel>`,
    );
    expect(xml).toContain(`<sjekksum>${main.sha256}</sjekksum>`);
    expect(xml).toContain("Ny gangvei &amp; &lt;lys&gt;");
  });

  it("is the same for the same report (a retry carries the same external key and bytes)", () => {
    expect(buildArkivmelding(input)).toBe(xml);
    expect(messageZip(xml, [main, json])).toEqual(messageZip(xml, [main, json]));
  });

  it.each([
    ["system", /<system>[^<]*<\/system>\n/],
    ["tittel of the journalpost", /<tittel>Innspill fra innbyggerne[^<]*<\/tittel>\n/],
    ["journalposttype", /<journalposttype>.*?<\/journalposttype>\n/],
    ["antallFiler", /<antallFiler>\d+<\/antallFiler>\n/],
    ["filnavn", /<filnavn>[^<]*<\/filnavn>/],
  ])("fails validation when the required %s is removed", (_name, re) => {
    const broken = xml.replace(re, "");
    expect(broken).not.toBe(xml);
    const r = xmllint(broken);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/fails to validate/);
  });
});

describe("messageZip", () => {
  it("holds arkivmelding.xml and every file under its referanseDokumentfil", () => {
    const xml = buildArkivmelding(input);
    const entries = unzipSync(messageZip(xml, [main, json]));
    expect(Object.keys(entries).sort()).toEqual([
      "Innspillsrapport-gangvei.pdf",
      "arkivmelding.xml",
      "innspillsrapport.json",
    ]);
    expect(strFromU8(entries["arkivmelding.xml"]!)).toBe(xml);
    expect(entries["innspillsrapport.json"]).toEqual(json.bytes);
  });
  it("refuses two files with the same name inside the message", () => {
    expect(() => buildArkivmelding({ ...input, attachments: [{ ...json, ref: main.ref }] })).toThrow(/share/);
  });
});

describe("asciiRef", () => {
  it("keeps names ASCII", () => {
    expect(asciiRef("Høringsuttalelse fra Ungdomsrådet – Vadsø.pdf")).toBe(
      "Horingsuttalelse-fra-Ungdomsradet-Vadso.pdf",
    );
    expect(asciiRef("///")).toBe("dokument");
  });
});
