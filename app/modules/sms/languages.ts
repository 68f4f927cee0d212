// Which of our eight languages an inbound SMS is written in, as far as a
// short reply can tell, and whether it is written in a language we do not
// read. Pure; the inbound command uses it to answer in the sender's language
// and to switch a conversation's language (docs/decisions/060-sms-replies-in-the-recipients-language.md).

import { REPLY_LOCALES, ownWordKeys, replyKey, type ReplyLocale } from "./replies.ts";

// Words that say nothing about the writer's language: Twilio's keywords are
// typed the same way by everyone, and so are "OK" and single letters.
const INTERNATIONAL = new Set(["STOP", "START", "INFO", "HELP", "OK", "OKAY", "SMS"].map(replyKey));

const OWN = Object.fromEntries(REPLY_LOCALES.map((l) => [l, ownWordKeys(l)])) as Record<ReplyLocale, Set<string>>;

/** The languages whose own words (yes, no, stop, start, help) the whole reply is, in our order (nb first). */
export function replyLanguages(text: string): ReplyLocale[] {
  const key = replyKey(text);
  if (Array.from(key).length < 2 || INTERNATIONAL.has(key)) return [];
  return REPLY_LOCALES.filter((l) => OWN[l].has(key));
}

/**
 * The language a reply is written in: `current` when the reply fits it (JA in
 * Nynorsk stays Nynorsk), else the first language whose word it is, else null
 * (numbers, codes, ballots and free text say nothing).
 */
export function replyLanguage(text: string, current?: ReplyLocale | null): ReplyLocale | null {
  const ls = replyLanguages(text);
  if (current && ls.includes(current)) return current;
  return ls[0] ?? null;
}

// Norwegian and English words are borrowed by everyone who lives here: a Polish
// speaker answers JA, a Sami speaker NEI, a Bokmål reader YES. They set a
// language we do not know yet, but never move one we know.
const BORROWED = new Set<ReplyLocale>(["nb", "nn", "en"]);

/**
 * The language to switch to when a reply written in `written` arrives where
 * we write in `current`, or null to stay. Any of our languages sets an unknown
 * one; a known one moves only to a language nobody borrows from (Sami, Polish,
 * Ukrainian, Somali, Arabic). A Sami word always moves to Sami: whoever writes
 * Sami to a municipality has the right to an answer in Sami (sameloven § 3-3).
 */
export function languageSwitch(current: ReplyLocale | null, written: ReplyLocale | null): ReplyLocale | null {
  if (!written || written === current) return null;
  if (!current) return written;
  return BORROWED.has(written) ? null : written;
}

// Yes, no and thanks in languages we do not offer, typed as people type them
// (folded: case and accents do not matter). Persian and Dari share the Arabic
// script, so their words are listed too.
const FOREIGN_WORDS = new Set(
  [
    "SÍ",
    "SI",
    "OUI",
    "NON",
    "MERCI",
    "GRACIAS",
    "GRAZIE",
    "DANKE",
    "NEIN",
    "EVET",
    "HAYIR",
    "TEŞEKKÜRLER",
    "SIM",
    "NÃO",
    "OBRIGADO",
    "OBRIGADA",
    "KYLLÄ",
    "KIITOS",
    "ANO",
    "DA",
    "ДА",
    "НЕТ",
    "СПАСИБО",
    "بله",
    "آره",
    "نه",
    "ممنون",
    "مرسی",
  ].map(replyKey),
);
// Scripts none of our languages is written in.
const UNSUPPORTED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Sinhala}\p{Script=Tibetan}\p{Script=Ethiopic}\p{Script=Greek}\p{Script=Hebrew}\p{Script=Armenian}\p{Script=Georgian}]/u;
// Letters of the Arabic script that Arabic does not use (Persian, Dari, Urdu, Kurdish, Pashto).
const NON_ARABIC_LETTERS = /[پچژگڵۆێڕٹڈڑں]/u;

/**
 * The reply is written in a language we do not read: a common yes, no or
 * thanks of another language, or a script none of ours uses. A reply that
 * is one of our own words never is.
 */
export function isUnsupportedLanguage(text: string): boolean {
  if (replyLanguages(text).length) return false;
  if (FOREIGN_WORDS.has(replyKey(text))) return true;
  return UNSUPPORTED_SCRIPT.test(text) || NON_ARABIC_LETTERS.test(text);
}

/** A guess from the script alone, for a sender we know nothing about: Arabic script, Cyrillic, Sami letters. */
export function scriptLanguage(text: string): ReplyLocale | null {
  if (isUnsupportedLanguage(text)) return null;
  if (/\p{Script=Arabic}/u.test(text)) return "ar";
  if (/\p{Script=Cyrillic}/u.test(text)) return "uk";
  if (/[đŋŧĐŊŦ]/u.test(text)) return "se";
  return null;
}
