// Understanding SMS replies: opt-out/opt-in/help keywords, yes/no, choice
// lists and free text, in the languages we send in. Pure; the inbound-SMS
// command decides what to do with the result. The grammar is described in
// README.md next to this file.

import { foldForMatch, stripBidiControls } from "./text.ts";

export const REPLY_LOCALES = ["nb", "nn", "se", "en", "pl", "uk", "so", "ar"] as const;
export type ReplyLocale = (typeof REPLY_LOCALES)[number];

export type Expecting =
  | {
      kind: "yesno";
      /** Further whole replies that mean yes here, e.g. the invitation code printed in a letter. */
      alsoYes?: readonly string[];
    }
  | {
      kind: "choices";
      /** Labels as printed in the message: ['1','2',…] or ['A','B',…]. */
      options: readonly string[];
      /** Fewest choices accepted. Default 1. */
      min?: number;
      /** Most choices accepted. Default 1. */
      max?: number;
    }
  | { kind: "free" };

export type InvalidReason =
  /** Nothing but whitespace, punctuation or invisible characters. */
  | "empty"
  /** Words we could not read as an answer of the expected kind. */
  | "unrecognized"
  /** A number or letter that is not one of the options. */
  | "outOfRange"
  /** Fewer distinct choices than `min`. */
  | "tooFew"
  /** More distinct choices than `max`. */
  | "tooMany";

export type ParsedReply =
  | { kind: "stop" }
  | { kind: "start" }
  | { kind: "help" }
  | { kind: "yes" }
  | { kind: "no" }
  | { kind: "choices"; values: string[] }
  | { kind: "text"; text: string }
  | { kind: "invalid"; reason: InvalidReason; tokens?: string[] };

type Lexicon = {
  stop: readonly string[];
  start: readonly string[];
  help: readonly string[];
  yes: readonly string[];
  no: readonly string[];
  /** Words for "and" that may join choices: "1, 3 og 7". */
  and: readonly string[];
};

/**
 * Twilio's default keywords on long codes. A message that is exactly one of
 * these is also acted on by Twilio itself (opt-out → later sends fail with
 * 21610; opt-in lifts that), so we must read them the same way.
 */
export const TWILIO_KEYWORDS = {
  stop: ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"],
  start: ["START", "UNSTOP", "YES"],
  help: ["HELP", "INFO"],
} as const;

// Per-language words. Written as people would type them; folded at load.
// The Northern Sami, Somali and Arabic lists are our best reading of
// dictionaries and have not yet been checked by native speakers (README).
const LEXICON: Record<ReplyLocale, Lexicon> = {
  nb: {
    stop: ["STOPP", "STOPPALL", "AVMELD", "MELD AV", "AVSLUTT", "SLUTT"],
    start: ["START", "MELD PÅ"],
    help: ["HJELP"],
    yes: ["JA", "JA TAKK", "JO", "JEPP", "J"],
    no: ["NEI", "NEI TAKK", "NEPP", "N"],
    and: ["OG"],
  },
  nn: {
    stop: ["STOPP", "AVMELD", "MELD AV", "AVSLUTT", "SLUTT"],
    start: ["START", "MELD PÅ"],
    help: ["HJELP"],
    yes: ["JA", "JA TAKK", "JO", "J"],
    no: ["NEI", "NEI TAKK", "N"],
    and: ["OG"],
  },
  se: {
    // bissehit "stop (something)", heaitit "quit, stop doing": infinitives
    // and the imperative forms people are likely to type.
    stop: ["BISSET", "BISSE", "BISSEHIT", "HEAITTE", "HEAITE", "HEAITIT"],
    start: ["ÁLGGE", "ÁLGIT"],
    help: ["VEAHKKI", "VEAHKE", "VEAHKET"],
    yes: ["JUO", "JUO GIITU"],
    no: ["II", "II GIITU"],
    // In Northern Sami "ja" means "and"; it is only a conjunction between
    // choices, so the Norwegian "JA" (yes) still works for yes/no.
    and: ["JA"],
  },
  en: {
    stop: [...TWILIO_KEYWORDS.stop, "OPT OUT"],
    start: ["START", "UNSTOP"],
    help: ["HELP", "INFO"],
    yes: ["YES", "Y", "YEAH", "YEP", "YES PLEASE"],
    no: ["NO", "N", "NOPE", "NO THANKS", "NO THANK YOU"],
    and: ["AND"],
  },
  pl: {
    stop: ["STOP", "WYPISZ", "REZYGNUJĘ", "KONIEC"],
    start: ["START"],
    help: ["POMOC"],
    yes: ["TAK"],
    no: ["NIE"],
    and: ["I", "ORAZ"],
  },
  uk: {
    stop: ["СТОП", "ВІДПИСАТИСЯ", "ВІДПИСКА"],
    start: ["СТАРТ"],
    help: ["ДОПОМОГА", "ІНФО"],
    yes: ["ТАК", "TAK"],
    no: ["НІ", "NI"],
    and: ["І", "Й", "ТА"],
  },
  so: {
    stop: ["JOOJI", "JOOJ"],
    start: ["BILOW"],
    help: ["CAAWI", "CAAWIMAAD"],
    yes: ["HAA", "HAAH"],
    no: ["MAYA"],
    and: ["IYO"],
  },
  ar: {
    stop: ["توقف", "أوقف", "إيقاف", "إلغاء", "إلغاء الاشتراك"],
    start: ["ابدأ", "اشتراك"],
    help: ["مساعدة", "معلومات"],
    yes: ["نعم", "أجل", "أيوه", "أيوا", "NAAM"],
    no: ["لا", "كلا", "LA"],
    and: ["و"],
  },
};

// Many recipients answer in Norwegian or English whatever language we wrote
// in, and Sami speakers in Norway switch freely between Sami and Norwegian.
const YES_NO_ALSO_FROM: Record<ReplyLocale, readonly ReplyLocale[]> = {
  nb: ["nn", "se", "en"],
  nn: ["nb", "se", "en"],
  se: ["nb", "nn", "en"],
  en: ["nb", "nn"],
  pl: ["nb", "en"],
  uk: ["nb", "en"],
  so: ["nb", "en"],
  ar: ["nb", "en"],
};
// Borrowed words that mean something else in the reply language: in Polish
// "no" is a colloquial "yeah", so an English "NO" would be a coin toss.
const YES_NO_NOT_FROM: Partial<Record<ReplyLocale, readonly string[]>> = {
  pl: ["no"],
};

const YES_EMOJI = ["👍", "✅", "✔", "☑", "👌"];
const NO_EMOJI = ["👎", "❌", "✖", "❎"];

/** The comparison key of a whole reply: folded, without spaces or punctuation. */
function keyOf(text: string): string {
  return foldForMatch(text).replace(/[\s\p{P}\p{S}]/gu, "");
}

// The key of a reply that is only emoji: without spaces, variation
// selectors and skin-tone modifiers, so 👍🏽 reads as 👍.
function emojiKeyOf(text: string): string {
  // eslint-disable-next-line no-misleading-character-class -- the lone skin-tone modifiers are what is removed
  return text.replace(/[\s\p{Cf}\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, "");
}

const keys = (words: Iterable<string>) => new Set(Array.from(words, keyOf));
const all = (pick: (l: Lexicon) => readonly string[]) => REPLY_LOCALES.flatMap((l) => pick(LEXICON[l]));

// Opt-out, opt-in and help are read in every language whatever the locale:
// an opt-out must never be missed because we guessed the language wrong.
const STOP_KEYS = keys([...TWILIO_KEYWORDS.stop, ...all((l) => l.stop)]);
const HELP_KEYS = keys([...TWILIO_KEYWORDS.help, ...all((l) => l.help)]);
// Twilio's "YES" is both opt-in and an answer; see `parseReply`.
const TWILIO_YES = keyOf("YES");
const START_KEYS = keys([...TWILIO_KEYWORDS.start, ...all((l) => l.start)].filter((w) => keyOf(w) !== TWILIO_YES));

function yesNoKeys(locale: ReplyLocale, pick: (l: Lexicon) => readonly string[]): Set<string> {
  const words = [locale, ...YES_NO_ALSO_FROM[locale]].flatMap((l) => pick(LEXICON[l]));
  const excluded = new Set(YES_NO_NOT_FROM[locale] ?? []);
  return new Set([...keys(words)].filter((k) => !excluded.has(k)));
}
const byLocale = <T>(make: (locale: ReplyLocale) => T) =>
  Object.fromEntries(REPLY_LOCALES.map((l) => [l, make(l)])) as Record<ReplyLocale, T>;
const YES_KEYS = byLocale((l) => yesNoKeys(l, (x) => x.yes));
const NO_KEYS = byLocale((l) => yesNoKeys(l, (x) => x.no));
const AND_KEYS = byLocale((l) => keys([...LEXICON[l].and, ...LEXICON.en.and]));

/** The folded words of one language's own lexicon (stop, start, help, yes, no; not "and"), for language detection. */
export function ownWordKeys(locale: ReplyLocale): Set<string> {
  const x = LEXICON[locale];
  return keys([...x.stop, ...x.start, ...x.help, ...x.yes, ...x.no]);
}

/** The comparison key of a whole reply (folded, no spaces or punctuation). */
export const replyKey = keyOf;

/** @internal for tests: the folded keyword sets one locale reads. */
export function keywordSets(locale: ReplyLocale) {
  return {
    stop: STOP_KEYS,
    start: START_KEYS,
    help: HELP_KEYS,
    yes: YES_KEYS[locale],
    no: NO_KEYS[locale],
    and: AND_KEYS[locale],
  };
}

/**
 * Reads one inbound SMS from a recipient whose language is `locale`, given
 * what we asked them.
 *
 * A keyword counts only when it is the whole message, ignoring case,
 * accents, spacing and punctuation; Twilio likewise acts only on a message
 * that is a single keyword. "STOPP" opts out, "Stopp byggingen!" is an
 * opinion.
 */
export function parseReply(text: string, locale: ReplyLocale, expecting: Expecting): ParsedReply {
  const key = keyOf(text);
  if (key === "" && emojiKeyOf(text) === "") return { kind: "invalid", reason: "empty" };

  if (STOP_KEYS.has(key)) return { kind: "stop" };
  if (START_KEYS.has(key)) return { kind: "start" };
  if (HELP_KEYS.has(key)) return { kind: "help" };

  switch (expecting.kind) {
    case "yesno": {
      if (key === "") {
        const emoji = emojiKeyOf(text);
        if (YES_EMOJI.includes(emoji)) return { kind: "yes" };
        if (NO_EMOJI.includes(emoji)) return { kind: "no" };
        return { kind: "invalid", reason: "unrecognized" };
      }
      if (YES_KEYS[locale].has(key)) return { kind: "yes" };
      if (NO_KEYS[locale].has(key)) return { kind: "no" };
      if (expecting.alsoYes?.some((w) => keyOf(w) === key)) return { kind: "yes" };
      return { kind: "invalid", reason: "unrecognized" };
    }
    case "choices":
      // Twilio has already treated a bare "YES" as an opt-in; follow it.
      if (key === TWILIO_YES) return { kind: "start" };
      return parseChoices(text, locale, expecting);
    case "free": {
      if (key === TWILIO_YES) return { kind: "start" };
      const clean = stripBidiControls(text).normalize("NFC").trim();
      return clean === "" ? { kind: "invalid", reason: "empty" } : { kind: "text", text: clean };
    }
  }
}

// Cyrillic letters that look like Latin option letters. A Ukrainian keyboard
// answering "А" or "С" means A or C.
const CYRILLIC_LOOKALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  с: "c",
  е: "e",
  н: "h",
  і: "i",
  к: "k",
  м: "m",
  о: "o",
  р: "p",
  т: "t",
  х: "x",
};

function parseChoices(
  text: string,
  locale: ReplyLocale,
  expecting: Extract<Expecting, { kind: "choices" }>,
): ParsedReply {
  const min = expecting.min ?? 1;
  const max = expecting.max ?? 1;
  const byKey = new Map<string, { label: string; index: number }>();
  expecting.options.forEach((label, index) => {
    const k = foldForMatch(label);
    if (!/^[\p{L}\p{N}]+$/u.test(k)) {
      throw new Error(`choice labels must be single words of letters or digits: ${JSON.stringify(label)}`);
    }
    if (byKey.has(k)) throw new Error(`choice labels must be distinct: ${JSON.stringify(label)}`);
    byKey.set(k, { label, index });
  });
  const allSingle = [...byKey.keys()].every((k) => Array.from(k).length === 1);
  const numeric = [...byKey.keys()].every((k) => /^\d+$/.test(k));
  const lookup = (t: string) => byKey.get(t) ?? byKey.get(CYRILLIC_LOOKALIKES[t] ?? t);

  // Punctuation, symbols and the Arabic "و" (written joined to the next
  // word: "١و٣") separate choices; then split on whitespace. Dashes do not:
  // "1-3" may mean a range, so it is left as one unreadable token.
  const raw = foldForMatch(text)
    .replace(/(?!\p{Pd})[\p{P}\p{S}]|و/gu, " ")
    .split(/\s+/)
    .filter((t) => t !== "");
  // "og"/"and"/… count only between two choices, so a lone "I" still picks
  // option I in Polish.
  const tokens = raw.filter((t, i) => !(i > 0 && i < raw.length - 1 && AND_KEYS[locale].has(t) && !byKey.has(t)));
  if (tokens.length === 0) return { kind: "invalid", reason: "empty" };

  const picked = new Map<number, string>();
  const unrecognized: string[] = [];
  const outOfRange: string[] = [];
  for (const token of tokens) {
    const hit = lookup(token);
    if (hit) {
      picked.set(hit.index, hit.label);
      continue;
    }
    // "137" or "AC" for 1, 3, 7 / A, C: only when every label is a single
    // character, more than one choice is allowed, and every part is a label.
    const parts = Array.from(token, lookup);
    if (allSingle && max > 1 && parts.length > 1 && parts.every((p) => p !== undefined)) {
      for (const p of parts) if (p) picked.set(p.index, p.label);
      continue;
    }
    const looksLikeLabel = numeric ? /^\d+$/.test(token) : allSingle && /^\p{L}$/u.test(token);
    (looksLikeLabel ? outOfRange : unrecognized).push(token);
  }

  if (unrecognized.length > 0) return { kind: "invalid", reason: "unrecognized", tokens: unrecognized };
  if (outOfRange.length > 0) return { kind: "invalid", reason: "outOfRange", tokens: outOfRange };
  if (picked.size < min) return { kind: "invalid", reason: "tooFew" };
  if (picked.size > max) return { kind: "invalid", reason: "tooMany" };
  const values = [...picked].sort(([a], [b]) => a - b).map(([, label]) => label);
  return { kind: "choices", values };
}
