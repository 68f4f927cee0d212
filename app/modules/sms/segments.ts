// SMS encoding and segment arithmetic (3GPP TS 23.038 / 23.040), written for
// what Twilio bills: one price per segment. Pure: the message composer in the
// browser and the outbox on the server call the same functions.
//
// Vocabulary
// - character: one Unicode code point (what `Array.from(text)` yields).
// - unit: what a segment is measured in. GSM-7 counts septets (a character of
//   the extension table costs two: ESC + code). UCS-2 counts UTF-16 code units
//   (a character outside the BMP, e.g. most emoji, costs two: a surrogate pair).
// - segment: one SMS on the air. A message that fits in one carries 160
//   septets / 70 code units. Longer messages are split and every part carries
//   a 6-octet concatenation header, leaving 153 septets / 67 code units.

import { err, ok, type Result } from "#app/lib/result.ts";

export type SmsEncoding = "GSM-7" | "UCS-2";

/** Segment capacity in units, by encoding: [single message, each concatenated part]. */
export const SEGMENT_CAPACITY = {
  "GSM-7": { single: 160, concatenated: 153 },
  "UCS-2": { single: 70, concatenated: 67 },
} as const satisfies Record<SmsEncoding, { single: number; concatenated: number }>;

export type SmsLimits = { maxSegments: number; maxCharacters: number };

/**
 * Our ceiling for one outgoing message. Twilio accepts up to 1,600 characters
 * and advises staying under 320; ten segments is where a municipal message
 * stops being a text message and should become a link.
 */
export const DEFAULT_SMS_LIMITS: SmsLimits = { maxSegments: 10, maxCharacters: 1600 };

// The GSM 03.38 default alphabet, in septet order (index = code). 0x1B is the
// escape to the extension table and is not a character a message can contain.
const GSM7_BASIC_TABLE =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_ESCAPE = "\u001b";
// The characters of the default extension table. Each costs ESC + code.
// National language shift tables are not modelled (see ADR 012).
const GSM7_EXTENSION_TABLE = "\f^{}\\[~]|€";

/** @internal exported for the table's own tests. */
export const GSM7_TABLES = { basic: GSM7_BASIC_TABLE, extension: GSM7_EXTENSION_TABLE };

const GSM7_BASIC = new Set(Array.from(GSM7_BASIC_TABLE).filter((c) => c !== GSM7_ESCAPE));
const GSM7_EXTENSION = new Set(Array.from(GSM7_EXTENSION_TABLE));

/** Septets one character costs in GSM-7, or undefined when GSM-7 cannot carry it. */
export function gsm7Septets(char: string): 1 | 2 | undefined {
  if (GSM7_BASIC.has(char)) return 1;
  if (GSM7_EXTENSION.has(char)) return 2;
  return undefined;
}

export type SmsAnalysis = {
  encoding: SmsEncoding;
  /** Unicode code points in the text. */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2), without concatenation headers. */
  units: number;
  /** Segments Twilio will bill; 0 for an empty text. */
  segments: number;
  /** Capacity of each segment of this message: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perSegment: number;
  /** Units still free in the last segment before one more segment is needed. */
  remaining: number;
  /**
   * The characters that forced UCS-2, each once, in order of appearance, as
   * the user sees them (grapheme clusters). Empty for GSM-7.
   */
  unicodeChars: string[];
  limits: SmsLimits;
  /** True when the message exceeds `limits` and must not be queued. */
  tooLong: boolean;
};

/**
 * Works out how `text` will travel: encoding, size and segments. The text is
 * analysed exactly as given, so run it through `prepareSmsBody` first and
 * queue the prepared string.
 */
export function analyzeSms(text: string, limits: SmsLimits = DEFAULT_SMS_LIMITS): SmsAnalysis {
  const chars = Array.from(text);
  const septets: number[] = [];
  let fitsGsm7 = true;
  for (const char of chars) {
    const cost = gsm7Septets(char);
    if (cost === undefined) {
      fitsGsm7 = false;
      break;
    }
    septets.push(cost);
  }

  const encoding: SmsEncoding = fitsGsm7 ? "GSM-7" : "UCS-2";
  // In UCS-2 a code point costs its UTF-16 length: 1, or 2 for a surrogate
  // pair. A lone surrogate is one code unit and is counted as such.
  const sizes = fitsGsm7 ? septets : chars.map((c) => c.length);
  const { segments, used } = pack(sizes, SEGMENT_CAPACITY[encoding]);
  const perSegment = segments > 1 ? SEGMENT_CAPACITY[encoding].concatenated : SEGMENT_CAPACITY[encoding].single;
  const units = sizes.reduce((sum, n) => sum + n, 0);

  return {
    encoding,
    characters: chars.length,
    units,
    segments,
    perSegment,
    remaining: perSegment - used,
    unicodeChars: fitsGsm7 ? [] : nonGsm7Graphemes(text),
    limits,
    tooLong: segments > limits.maxSegments || chars.length > limits.maxCharacters,
  };
}

/**
 * Packs characters into segments the way the network does: greedily, and
 * never splitting an ESC pair (GSM-7) or a surrogate pair (UCS-2) across two
 * segments, so a part can hold one unit less than its capacity.
 */
function pack(
  sizes: readonly number[],
  capacity: { single: number; concatenated: number },
): { segments: number; used: number } {
  const total = sizes.reduce((sum, n) => sum + n, 0);
  if (total === 0) return { segments: 0, used: 0 };
  if (total <= capacity.single) return { segments: 1, used: total };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity.concatenated) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { segments, used };
}

const graphemes =
  typeof Intl !== "undefined" && "Segmenter" in Intl
    ? new Intl.Segmenter("und", { granularity: "grapheme" })
    : undefined;

function nonGsm7Graphemes(text: string): string[] {
  const clusters = graphemes ? Array.from(graphemes.segment(text), (s) => s.segment) : Array.from(text);
  const seen = new Set<string>();
  for (const cluster of clusters) {
    if (!seen.has(cluster) && Array.from(cluster).some((c) => gsm7Septets(c) === undefined)) {
      seen.add(cluster);
    }
  }
  return [...seen];
}

/**
 * The form of a body we queue and analyse: NFC (so "a" + combining ring
 * becomes "å", which GSM-7 carries) and LF line ends (browsers submit
 * textareas with CRLF, which would cost an extra septet per line).
 */
export function prepareSmsBody(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n");
}

export type SmsBodyError =
  | { code: "sms.empty"; status: 400 }
  | {
      code: "sms.tooLong";
      status: 400;
      encoding: SmsEncoding;
      segments: number;
      maxSegments: number;
      characters: number;
      maxCharacters: number;
    };

/** Accepts a prepared body for sending, or says why not with a stable code and the numbers. */
export function validateSmsBody(
  text: string,
  limits: SmsLimits = DEFAULT_SMS_LIMITS,
): Result<SmsAnalysis, SmsBodyError> {
  if (text.trim() === "") return err({ code: "sms.empty", status: 400 });
  const analysis = analyzeSms(text, limits);
  if (analysis.tooLong) {
    return err({
      code: "sms.tooLong",
      status: 400,
      encoding: analysis.encoding,
      segments: analysis.segments,
      maxSegments: limits.maxSegments,
      characters: analysis.characters,
      maxCharacters: limits.maxCharacters,
    });
  }
  return ok(analysis);
}

export type CostEstimate = { totalSegments: number; total: number };

/**
 * Segments times recipients times the price of one segment. The price is in
 * major currency units (e.g. 0.0725 USD); the total is rounded to six decimals
 * to drop binary floating-point noise, which is finer than any SMS price.
 */
export function estimateCost(segments: number, recipients: number, pricePerSegment: number): CostEstimate {
  if (!Number.isSafeInteger(segments) || segments < 0) {
    throw new RangeError(`segments must be a non-negative integer, got ${segments}`);
  }
  if (!Number.isSafeInteger(recipients) || recipients < 0) {
    throw new RangeError(`recipients must be a non-negative integer, got ${recipients}`);
  }
  if (!Number.isFinite(pricePerSegment) || pricePerSegment < 0) {
    throw new RangeError(`pricePerSegment must be a non-negative number, got ${pricePerSegment}`);
  }
  const totalSegments = segments * recipients;
  const total = Math.round(totalSegments * pricePerSegment * 1e6) / 1e6;
  return { totalSegments, total };
}
