// Text folding for matching what people type on a phone against short word
// lists. Lossy on purpose: the output is a key to compare, never to show.

// Bidirectional controls: LRM, RLM, ALM, the embeddings/overrides and the
// isolates, plus the BOM. Phones insert them around Arabic text.
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Removes bidi controls only; keeps ZWJ/ZWNJ, which shape emoji and scripts. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

// Zero digits of the decimal digit sets people in our audience type:
// Arabic-Indic (٠), Eastern Arabic-Indic / Persian / Urdu (۰), fullwidth (０).
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];
const FOREIGN_DIGIT = /[\u0660-\u0669\u06F0-\u06F9\uFF10-\uFF19]/g;

/** "١٢٣" / "۱۲۳" → "123". */
export function toAsciiDigits(text: string): string {
  return text.replace(FOREIGN_DIGIT, (d) => {
    const cp = d.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9) ?? cp;
    return String(cp - zero);
  });
}

// Letters that carry no combining mark to strip, folded by hand. Sami đ ŋ ŧ,
// Norwegian/Danish ø æ, Polish ł, dotless ı; Arabic letter variants that
// people use interchangeably (alef maqsura/yeh, Persian yeh and kaf, teh
// marbuta/heh).
const LETTER_FOLDS: Record<string, string> = {
  đ: "d",
  ŋ: "n",
  ŧ: "t",
  ø: "o",
  æ: "ae",
  ł: "l",
  ı: "i",
  ß: "ss",
  ى: "ي",
  ی: "ي",
  ک: "ك",
  ة: "ه",
};
// eslint-disable-next-line security/detect-non-literal-regexp -- built from the constant table above
const LETTER_FOLD_RE = new RegExp(`[${Object.keys(LETTER_FOLDS).join("")}]`, "g");

/**
 * Case-, mark- and width-insensitive form of `text`: lower case, no
 * diacritics (á→a, č→c, й→и, أ→ا, Arabic vowel marks gone), no invisible
 * format characters or tatweel, ASCII digits, compatibility forms unfolded
 * (fullwidth letters, Arabic presentation forms). Whitespace and punctuation
 * are kept; callers decide what separates words.
 */
export function foldForMatch(text: string): string {
  return toAsciiDigits(
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[\p{Cf}\u0640]/gu, "")
      .replace(LETTER_FOLD_RE, (c) => LETTER_FOLDS[c] ?? c),
  ).normalize("NFC");
}
