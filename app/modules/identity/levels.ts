// Verification levels (issue 3): what we know about who a person is. Each
// action of a process can require a level; a higher level satisfies a lower
// one (phone < eID < resident-verified). Pure.
export const VERIFICATION_LEVELS = ["none", "email", "phone", "eid", "resident"] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

const RANK: Record<VerificationLevel, number> = { none: 0, email: 1, phone: 2, eid: 3, resident: 4 };

export interface VerificationFacts {
  emailVerifiedAt: Date | null;
  phoneVerifiedAt: Date | null;
  eidLevel: "substantial" | "high" | null;
  /** Municipalities where the person is resident-verified. */
  residentIn: readonly string[];
}

/** The person's highest level in a municipality. */
export function levelOf(f: VerificationFacts | null, tenantId: string | null): VerificationLevel {
  if (!f) return "none";
  if (tenantId && f.residentIn.includes(tenantId)) return "resident";
  if (f.eidLevel) return "eid";
  if (f.phoneVerifiedAt) return "phone";
  if (f.emailVerifiedAt) return "email";
  return "none";
}

export function meetsLevel(have: VerificationLevel, need: VerificationLevel): boolean {
  return RANK[have] >= RANK[need];
}

export const isVerificationLevel = (v: unknown): v is VerificationLevel =>
  typeof v === "string" && (VERIFICATION_LEVELS as readonly string[]).includes(v);
