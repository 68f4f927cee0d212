// Phone numbers for SMS: one canonical form (E.164, e.g. "+4740612345") for
// storing, sending and matching. Pure; the keyed hash lives in phone.server.ts.
//
// We use libphonenumber-js with its "max" metadata because it is the only one
// that tells a mobile number from a landline. Sending to a Norwegian landline
// fails at Twilio with error 21614, so we refuse such numbers up front.

import { parsePhoneNumberFromString, type CountryCode, type NumberType } from "libphonenumber-js/max";
import { err, ok, type Result } from "#app/lib/result.ts";

export type { CountryCode };

/** A phone number in E.164 form, produced only by `normalizePhone` / `parseE164`. */
export type E164 = string & { readonly __brand: "E164" };

export const DEFAULT_PHONE_REGION: CountryCode = "NO";

export type PhoneErrorCode = "phone.required" | "phone.invalid" | "phone.notMobile";
export type PhoneError = { code: PhoneErrorCode; status: 400 };

export type NormalizePhoneOptions = {
  /** Region assumed for numbers written without a country code. Default 'NO'. */
  defaultRegion?: CountryCode;
  /**
   * Refuse numbers that are known not to take SMS (landline, freephone,
   * premium…). Default true. Turn off when matching a number someone typed
   * against stored ones, where the question is identity, not reachability.
   */
  requireMobile?: boolean;
};

// Types that can receive an SMS. `undefined` means the metadata cannot tell
// (some countries do not separate the ranges); we give those the benefit of
// the doubt rather than refuse a number that may well work.
const SMS_CAPABLE: ReadonlySet<NumberType> = new Set<NumberType>(["MOBILE", "FIXED_LINE_OR_MOBILE", undefined]);

// Bidirectional marks and other invisible format characters arrive with
// numbers pasted from right-to-left text or from contact cards.
const INVISIBLE = /\p{Cf}/gu;

/**
 * Turns what a person typed ("406 12 345", "+47 406 12 345", "0047…",
 * "٤٠٦١٢٣٤٥") into E.164, or a stable error code.
 */
export function normalizePhone(input: string, options: NormalizePhoneOptions = {}): Result<E164, PhoneError> {
  const { defaultRegion = DEFAULT_PHONE_REGION, requireMobile = true } = options;
  const cleaned = input.replace(INVISIBLE, "").trim();
  if (cleaned === "") return err({ code: "phone.required", status: 400 });

  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion);
  // An extension ("… ext. 12") cannot receive an SMS and would be lost in E.164.
  if (!parsed || !parsed.isValid() || parsed.ext) return err({ code: "phone.invalid", status: 400 });
  if (requireMobile && !SMS_CAPABLE.has(parsed.getType())) {
    return err({ code: "phone.notMobile", status: 400 });
  }
  return ok(parsed.number as E164);
}

/**
 * Accepts a value that must already be E.164 (a stored number, or `From` in a
 * Twilio webhook) and brands it. Unlike `normalizePhone` it does not guess a
 * region or reformat: "40612345" is refused.
 */
export function parseE164(value: string): Result<E164, PhoneError> {
  if (value === "") return err({ code: "phone.required", status: 400 });
  if (!/^\+[1-9]\d{1,14}$/.test(value)) return err({ code: "phone.invalid", status: 400 });
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed || !parsed.isValid() || parsed.number !== value) return err({ code: "phone.invalid", status: 400 });
  return ok(value as E164);
}

/**
 * For display to staff: national format for numbers in `homeRegion`
 * ("40 61 23 45"), international otherwise ("+46 70 123 45 67").
 */
export function formatPhone(phone: E164, homeRegion: CountryCode = DEFAULT_PHONE_REGION): string {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return phone;
  return parsed.country === homeRegion ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * For logs and support screens: keeps the country code and the last three
 * digits ("+47•••••345"), enough to tell two numbers apart in a conversation
 * without writing the number down.
 */
export function maskPhone(phone: E164): string {
  const parsed = parsePhoneNumberFromString(phone);
  const prefix = parsed ? `+${parsed.countryCallingCode}` : phone.slice(0, 3);
  const rest = phone.slice(prefix.length);
  const visible = Math.min(3, rest.length);
  return prefix + "•".repeat(rest.length - visible) + rest.slice(rest.length - visible);
}

/** A keyed hash of an E.164 number: "<keyId>.<base64url HMAC-SHA-256>". */
export type PhoneHash = string & { readonly __brand: "PhoneHash" };

/**
 * Computes the lookup hash of a number. Rows store this next to the encrypted
 * number, so "do we know this phone?" (inbound SMS, opt-out list, duplicate
 * check) is an indexed equality query that never decrypts anything. Takes an
 * E164 so that only normalised numbers are hashed: two spellings of one
 * number must give one hash. Built by `createPhoneHasher` in phone.server.ts
 * and passed to commands through their deps.
 */
export type PhoneHasher = (phone: E164) => PhoneHash;
