// KS Fiks Arkiv V1: the `arkivmelding` that files the input report in the
// municipality's archive (message type no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett).
// Pure: builds the XML and the message zip (arkivmelding.xml + the files),
// docs/decisions/042-arkivmelding-export.md.
//
// The report is an incoming journalpost (journalposttype "I") in the case that
// already exists in the archive, addressed by saksnummer (saksaar +
// sakssekvensnummer from the case number). The PDF is the main document
// (tilknyttetRegistreringSom "H"), the JSON an attachment ("V"). The external
// key (referanseEksternNoekkel: fagsystem + noekkel) is stable per report
// version, so an archive that receives the same message twice recognises it
// (idempotent retries).
import { zipSync, strToU8 } from "fflate";

export const ARKIVMELDING_TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
export const NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
export const NS_MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
export const FAGSYSTEM = "Medvirk";

export interface ArchiveFile {
  /** The document's title (dokumentbeskrivelse/tittel). */
  title: string;
  /** The name offered on download (filnavn); may contain any characters. */
  fileName: string;
  /** The name inside the message zip (referanseDokumentfil): ASCII only. */
  ref: string;
  mimeType: string;
  /** Noark format code, e.g. "RA-PDF" for PDF/A, "PDF", "JSON". */
  format: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface ArkivmeldingInput {
  system?: string;
  caseNumber: { year: number; sequence: number };
  title: string;
  /** A public title without personal data (offentligTittel). */
  publicTitle?: string;
  /** Stable per report version, e.g. "consultation/<id>/report/3". */
  externalKey: string;
  /** The sender (korrespondansepart, avsender): e.g. "Medvirk – innspill fra innbyggere". */
  sender: string;
  documentDate: Date;
  receivedAt: Date;
  main: ArchiveFile;
  attachments: readonly ArchiveFile[];
}

const esc = (s: string) =>
  s
    // XML 1.0 forbids most control characters; drop them rather than emit invalid XML.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
const el = (name: string, value: string | number) => `<${name}>${esc(String(value))}</${name}>`;
const mdk = (name: string, value: string | number) => `<${name} xmlns="${NS_MDK}">${esc(String(value))}</${name}>`;
const kode = (name: string, code: string) => `<${name}>${mdk("kode", code)}</${name}>`;
const date = (d: Date) => d.toISOString().slice(0, 10);
const dateTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** An ASCII file name for use inside the zip (referanseDokumentfil). */
export function asciiRef(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[æÆ]/g, "ae")
    .replace(/[øØ]/g, "o")
    .replace(/[åÅ]/g, "a")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return base || "dokument";
}

function dokumentbeskrivelse(f: ArchiveFile, role: "H" | "V", number: number): string {
  return [
    "<dokumentbeskrivelse>",
    kode("dokumenttype", "DOK"),
    kode("dokumentstatus", "F"),
    el("tittel", f.title),
    kode("tilknyttetRegistreringSom", role),
    el("dokumentnummer", number),
    "<dokumentobjekt>",
    el("versjonsnummer", 1),
    kode("variantformat", "A"),
    kode("format", f.format),
    el("mimeType", f.mimeType),
    el("filnavn", f.fileName),
    el("referanseDokumentfil", f.ref),
    el("sjekksum", f.sha256),
    el("sjekksumAlgoritme", "SHA256"),
    el("filstoerrelse", f.bytes.byteLength),
    "</dokumentobjekt>",
    "</dokumentbeskrivelse>",
  ].join("");
}

export function buildArkivmelding(i: ArkivmeldingInput): string {
  const files = [i.main, ...i.attachments];
  const refs = new Set(files.map((f) => f.ref));
  if (refs.size !== files.length) throw new Error("arkivmelding: two files share a referanseDokumentfil");
  const body = [
    `<arkivmelding xmlns="${NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    el("system", i.system ?? FAGSYSTEM),
    el("antallFiler", files.length),
    `<registrering xsi:type="journalpost">`,
    el("opprettetAv", i.system ?? FAGSYSTEM),
    "<referanseForelderMappe>",
    `<saksnummer xmlns="${NS_MDK}"><saksaar>${i.caseNumber.year}</saksaar><sakssekvensnummer>${i.caseNumber.sequence}</sakssekvensnummer></saksnummer>`,
    "</referanseForelderMappe>",
    dokumentbeskrivelse(i.main, "H", 1),
    ...i.attachments.map((a, n) => dokumentbeskrivelse(a, "V", n + 2)),
    el("tittel", i.title),
    i.publicTitle ? el("offentligTittel", i.publicTitle) : "",
    "<korrespondansepart>",
    kode("korrespondanseparttype", "EA"),
    el("korrespondansepartNavn", i.sender),
    "</korrespondansepart>",
    "<referanseEksternNoekkel>",
    mdk("fagsystem", i.system ?? FAGSYSTEM),
    mdk("noekkel", i.externalKey),
    "</referanseEksternNoekkel>",
    kode("journalposttype", "I"),
    kode("journalstatus", "M"),
    el("dokumentetsDato", date(i.documentDate)),
    el("mottattDato", dateTime(i.receivedAt)),
    el("antallVedlegg", i.attachments.length),
    "</registrering>",
    "</arkivmelding>",
  ].join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}\n`;
}

/** The Fiks IO message payload: a zip with arkivmelding.xml and every file under its referanseDokumentfil. */
export function messageZip(xml: string, files: readonly ArchiveFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date("2000-01-01T00:00:00Z"); // fixed, so the same message gives the same bytes
  entries["arkivmelding.xml"] = [strToU8(xml), { mtime }];
  for (const f of files) entries[f.ref] = [f.bytes, { mtime }];
  return zipSync(entries, { level: 6 });
}
