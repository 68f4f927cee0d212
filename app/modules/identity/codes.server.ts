import { randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Deps } from "#app/lib/deps.ts";
import type { Locale } from "#app/lib/i18n.ts";
import { tFor } from "#app/lib/i18next.server.ts";
import { normalizePhone } from "#app/modules/sms/phone.ts";
import { persons, signInCodes } from "#db/schema/index.ts";
import { audit } from "./audit.server.ts";
import { keyedHash } from "./keys.server.ts";
import { block, consume, pruneRateLimits, type Limit } from "./rate-limit.server.ts";
import { canSend, sendMessage } from "./outbox.server.ts";
import { fail, ok, type Result } from "#app/lib/result.ts";

// One-time sign-in codes (issue 3; docs/decisions/011-one-time-codes-and-oidc.md):
// 6 digits from a CSPRNG, stored as a keyed hash of (row id, code), valid 10
// minutes, single use, dead after 5 wrong tries. Requests are limited per
// identifier and per IP (in the database, shared by every process and kept
// over restarts: ./rate-limit.server.ts); a code
// that dies of wrong tries blocks new codes for that identifier for a while.
export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 10 * 60_000;
export const MAX_TRIES = 5;
export const LIMITS = {
  /** Codes sent to one address or number. */
  sendPerIdentifier: { points: 5, duration: 15 * 60 },
  /** Codes requested from one IP address. */
  sendPerIp: { points: 20, duration: 15 * 60 },
  /** Code checks from one IP address (right or wrong). */
  verifyPerIp: { points: 50, duration: 15 * 60 },
  /** How long an identifier is blocked after a code died of wrong tries (seconds). */
  lockoutSeconds: 15 * 60,
};

export type Channel = "email" | "phone";

const LIMITERS = {
  sendId: { prefix: "code-id", ...LIMITS.sendPerIdentifier },
  sendIp: { prefix: "code-ip", ...LIMITS.sendPerIp },
  verifyIp: { prefix: "verify-ip", ...LIMITS.verifyPerIp },
} satisfies Record<string, Limit>;

const emailSchema = z.string().trim().toLowerCase().max(254).email();

/** Validates and normalises what the person typed: e-mail lower-cased, phone to E.164 (Norway by default). */
export function normalizeIdentifier(channel: Channel, raw: string): Result<string> {
  if (channel === "email") {
    if (!raw.trim()) return fail("email.required", 400, { field: "identifier" });
    const r = emailSchema.safeParse(raw);
    return r.success ? ok(r.data) : fail("email.invalid", 400, { field: "identifier" });
  }
  const r = normalizePhone(raw);
  return r.ok ? ok(r.value as string) : fail(r.error.code, 400, { field: "identifier" });
}

/** Sends a fresh code (earlier unused codes for the identifier die). */
export async function requestCode(
  deps: Deps,
  input: { channel: Channel; identifier: string; ip: string; locale: Locale },
): Promise<Result<{ identifier: string; expiresAt: Date }>> {
  const norm = normalizeIdentifier(input.channel, input.identifier);
  if (!norm.ok) return norm;
  const identifier = norm.value;
  const transport = input.channel === "email" ? "email" : "sms";
  if (!canSend(deps, transport)) return fail("code.cannotSend", 503, { field: "identifier" });
  const waitIp = await consume(deps, LIMITERS.sendIp, input.ip);
  const waitId = waitIp ? 0 : await consume(deps, LIMITERS.sendId, identifier);
  const wait = waitIp || waitId;
  if (wait) return fail("code.rateLimited", 429, { field: "identifier", params: { minutes: Math.ceil(wait / 60) } });

  const now = deps.now();
  await pruneRateLimits(deps);
  const id = randomUUID();
  const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await deps.db.db.transaction(async (tx) => {
    await tx
      .delete(signInCodes)
      .where(
        or(
          and(eq(signInCodes.identifier, identifier), isNull(signInCodes.usedAt)),
          lt(signInCodes.expiresAt, new Date(now.getTime() - 24 * 3600_000)),
        ),
      );
    await tx.insert(signInCodes).values({
      id,
      channel: input.channel,
      identifier,
      codeHash: keyedHash(deps.env, "code", `${id}:${code}`),
      createdAt: now,
      expiresAt,
    });
  });
  const t = tFor(input.locale);
  const text = t("code.message", { ns: "identity", code, minutes: CODE_TTL_MS / 60_000 });
  try {
    await sendMessage(deps, {
      channel: transport,
      to: identifier,
      subject: t("code.subject", { ns: "identity", code }),
      text,
    });
  } catch (e) {
    deps.log.error({ err: e, channel: transport }, "could not send a sign-in code");
    await deps.db.db.delete(signInCodes).where(eq(signInCodes.id, id));
    return fail("code.cannotSend", 503, { field: "identifier" });
  }
  return ok({ identifier, expiresAt });
}

/**
 * Checks a code. On success the code is spent and the person (found by the
 * address or number, or created) gets it marked as confirmed.
 */
export async function verifyCode(
  deps: Deps,
  input: { channel: Channel; identifier: string; code: string; ip: string },
): Promise<Result<{ personId: string; created: boolean }>> {
  const norm = normalizeIdentifier(input.channel, input.identifier);
  if (!norm.ok) return norm;
  const identifier = norm.value;
  const spent = await spendCode(deps, { channel: input.channel, identifier, code: input.code, ip: input.ip });
  if (!spent.ok) return spent;

  const { db } = deps.db;
  const now = deps.now();
  const byEmail = input.channel === "email";
  const col = byEmail ? persons.email : persons.phone;
  const [existing] = await db
    .select({ id: persons.id, deletedAt: persons.deletedAt })
    .from(persons)
    .where(eq(col, identifier))
    .limit(1);
  if (existing && !existing.deletedAt) {
    await db
      .update(persons)
      .set(byEmail ? { emailVerifiedAt: now } : { phoneVerifiedAt: now })
      .where(
        and(eq(persons.id, existing.id), byEmail ? isNull(persons.emailVerifiedAt) : isNull(persons.phoneVerifiedAt)),
      );
    return ok({ personId: existing.id, created: false });
  }
  const [created] = await db
    .insert(persons)
    .values(byEmail ? { email: identifier, emailVerifiedAt: now } : { phone: identifier, phoneVerifiedAt: now })
    .returning({ id: persons.id });
  return ok({ personId: created!.id, created: true });
}

/**
 * Checks a code sent to a (normalised) identifier and spends it: a wrong code counts an attempt,
 * the fifth locks the identifier. Shared by sign-in and by adding a phone to a signed-in person.
 */
export async function spendCode(
  deps: Deps,
  input: { channel: Channel; identifier: string; code: string; ip: string },
): Promise<Result<null>> {
  const { identifier } = input;
  const code = input.code.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(code)) return fail("code.format", 400, { field: "code", params: { digits: CODE_DIGITS } });
  const wait = await consume(deps, LIMITERS.verifyIp, input.ip);
  if (wait) return fail("code.rateLimited", 429, { field: "code", params: { minutes: Math.ceil(wait / 60) } });

  const { db } = deps.db;
  const now = deps.now();
  const [row] = await db
    .select()
    .from(signInCodes)
    .where(
      and(eq(signInCodes.identifier, identifier), eq(signInCodes.channel, input.channel), isNull(signInCodes.usedAt)),
    )
    .orderBy(desc(signInCodes.createdAt))
    .limit(1);
  if (!row || row.expiresAt <= now) return fail("code.expired", 400, { field: "code" });
  if (row.attempts >= MAX_TRIES) return fail("code.locked", 400, { field: "code" });

  const expected = Buffer.from(row.codeHash, "hex");
  const given = Buffer.from(keyedHash(deps.env, "code", `${row.id}:${code}`), "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const [u] = await db
      .update(signInCodes)
      .set({ attempts: sql`${signInCodes.attempts} + 1` })
      .where(eq(signInCodes.id, row.id))
      .returning({ attempts: signInCodes.attempts });
    const attempts = u?.attempts ?? MAX_TRIES;
    if (attempts >= MAX_TRIES) {
      await block(deps, LIMITERS.sendId, identifier, LIMITS.lockoutSeconds);
      await audit(db, now, { action: "identity.code.locked", data: { channel: input.channel } });
      return fail("code.locked", 400, { field: "code" });
    }
    return fail("code.wrong", 400, { field: "code", params: { left: MAX_TRIES - attempts } });
  }
  // Spend it: only one request can flip used_at.
  const spent = await db
    .update(signInCodes)
    .set({ usedAt: now })
    .where(and(eq(signInCodes.id, row.id), isNull(signInCodes.usedAt), lt(signInCodes.attempts, MAX_TRIES)))
    .returning({ id: signInCodes.id });
  if (!spent.length) return fail("code.expired", 400, { field: "code" });

  return ok(null);
}
