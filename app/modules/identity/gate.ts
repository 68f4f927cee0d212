import { levelOf, meetsLevel, type VerificationFacts, type VerificationLevel } from "./levels.ts";

// The verification gate of a process action (pure): used by the page that
// shows the requirement before the resident starts, and again by the command
// that records the action (vote, comment, …).
export type GateResult =
  | { ok: true; have: VerificationLevel; need: VerificationLevel }
  | { ok: false; have: VerificationLevel; need: VerificationLevel; reason: "signIn" | "level" };

export function checkGate(
  facts: VerificationFacts | null,
  tenantId: string,
  need: VerificationLevel | undefined,
): GateResult {
  const required = need ?? "none";
  const have = levelOf(facts, tenantId);
  if (required !== "none" && !facts) return { ok: false, have, need: required, reason: "signIn" };
  return meetsLevel(have, required)
    ? { ok: true, have, need: required }
    : { ok: false, have, need: required, reason: "level" };
}
