// Norwegian case numbers (saksnummer): year/sequence, e.g. 2025/1234.
// In URLs the slash becomes a hyphen: /vadso/cases/2025-1234.
export interface CaseNumber {
  year: number;
  sequence: number;
}

export function formatCaseNumber(n: CaseNumber): string {
  return `${n.year}/${n.sequence}`;
}

export function caseSlug(n: CaseNumber): string {
  return `${n.year}-${n.sequence}`;
}

/** Parses "2025/1234", "2025-1234" or "25/1234" (two-digit years are 20xx). */
export function parseCaseNumber(s: string): CaseNumber | null {
  const m = /^\s*(\d{2}|\d{4})\s*[/-]\s*(\d{1,7})\s*$/.exec(s);
  if (!m) return null;
  const year = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const sequence = Number(m[2]);
  if (year < 1900 || year > 2999 || sequence < 1) return null;
  return { year, sequence };
}
