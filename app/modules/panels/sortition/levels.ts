// What the two LEXIMIN routes share: the staged column generation (leximin.ts)
// and the relaxation-first route (relaxation.ts) both fix types level by level.
// Kept apart so that neither file imports the other.

export interface LeximinLevel {
  readonly value: number;
  /** Types fixed at this level. */
  readonly types: readonly number[];
}

/** Dual mass (n_t·y_t, summing to 1) above which a type is fixed. */
export const FIX_TOL = 1e-7;
