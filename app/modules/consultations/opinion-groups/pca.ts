// Two principal components of the vote matrix by power iteration, with Polis's handling of
// missing votes (see README.md):
// - each statement's column is centred on the mean of the votes cast on it, and a missing cell is
//   imputed with that mean, so after centring it is 0 and adds nothing;
// - a participant's 2-D position is the centred votes projected on the two components, scaled by
//   sqrt(statements / statements voted on), so that someone who voted on few statements is not
//   pulled towards the centre merely by the zeros of the imputed cells.
import type { Rng } from "#app/modules/panels/sortition/prng.ts";
import type { VoteMatrix } from "./matrix.ts";

export type Projection = {
  /** Mean vote per statement (0 for a statement nobody voted on). */
  readonly center: Float64Array;
  /** Unit vectors over the statements; a component is all zeros when the data has no variance left. */
  readonly components: readonly [Float64Array, Float64Array];
  /** Per participant (matrix row order): x at 2i, y at 2i + 1. */
  readonly points: Float64Array;
};

export type PcaOptions = {
  /** Power-iteration steps per component (Polis: 100). */
  readonly iterations?: number;
  /** Rows used to fit the components (default: every row); every row is projected. */
  readonly rows?: readonly number[];
  /** Multiply by sqrt(statements / voted); default true. */
  readonly sparsityScaling?: boolean;
};

/** Voted cells of each row, centred: a compressed sparse row form of the imputed, centred matrix. */
type Sparse = { readonly start: Int32Array; readonly col: Int32Array; readonly value: Float64Array };

function centredSparse(matrix: VoteMatrix, center: Float64Array): Sparse {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) start[r + 1] = start[r]! + matrix.voted[r]!;
  const col = new Int32Array(start[n]!);
  const value = new Float64Array(start[n]!);
  let k = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < m; j++) {
      const x = matrix.cells[r * m + j]!;
      if (Number.isNaN(x)) continue;
      col[k] = j;
      value[k] = x - center[j]!;
      k++;
    }
  }
  return { start, col, value };
}

function columnMeans(matrix: VoteMatrix, rows: readonly number[]): Float64Array {
  const m = matrix.statements.length;
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  for (const r of rows) {
    for (let j = 0; j < m; j++) {
      const x = matrix.cells[r * m + j]!;
      if (Number.isNaN(x)) continue;
      sum[j] = sum[j]! + x;
      count[j] = count[j]! + 1;
    }
  }
  for (let j = 0; j < m; j++) sum[j] = count[j]! > 0 ? sum[j]! / count[j]! : 0;
  return sum;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** out = Xᵀ X v over the given rows of the sparse centred matrix. */
function xtx(data: Sparse, rows: readonly number[], v: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (const r of rows) {
    let p = 0;
    for (let k = data.start[r]!; k < data.start[r + 1]!; k++) p += data.value[k]! * v[data.col[k]!]!;
    if (p === 0) continue;
    for (let k = data.start[r]!; k < data.start[r + 1]!; k++) {
      const j = data.col[k]!;
      out[j] = out[j]! + p * data.value[k]!;
    }
  }
}

/** Leading eigenvector of Xᵀ X restricted to the complement of `deflate` (already found components). */
function powerIteration(
  data: Sparse,
  rows: readonly number[],
  m: number,
  rng: Rng,
  iterations: number,
  deflate: readonly Float64Array[],
): Float64Array {
  let v = new Float64Array(m);
  for (let j = 0; j < m; j++) v[j] = rng.float() + 0.5;
  let next = new Float64Array(m);
  const orthogonalise = (x: Float64Array) => {
    for (const d of deflate) {
      const c = dot(x, d);
      for (let j = 0; j < m; j++) x[j] = x[j]! - c * d[j]!;
    }
  };
  orthogonalise(v);
  let last = 0;
  for (let it = 0; it < iterations; it++) {
    xtx(data, rows, v, next);
    orthogonalise(next);
    const norm = Math.sqrt(dot(next, next));
    if (norm === 0) return new Float64Array(m);
    for (let j = 0; j < m; j++) next[j] = next[j]! / norm;
    [v, next] = [next, v];
    if (Math.abs(norm - last) <= 1e-12 * norm) break;
    last = norm;
  }
  // A fixed sign (largest entry positive) so that results do not depend on the start vector's sign.
  let big = 0;
  for (let j = 0; j < m; j++) if (Math.abs(v[j]!) > Math.abs(big)) big = v[j]!;
  if (big < 0) for (let j = 0; j < m; j++) v[j] = -v[j]!;
  return v;
}

export function project(matrix: VoteMatrix, rng: Rng, options: PcaOptions = {}): Projection {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const iterations = options.iterations ?? 100;
  const rows = options.rows ?? Array.from({ length: n }, (_, r) => r);
  const center = columnMeans(matrix, rows);
  const data = centredSparse(matrix, center);
  const pc1 = powerIteration(data, rows, m, rng, iterations, []);
  const pc2 = powerIteration(data, rows, m, rng, iterations, dot(pc1, pc1) > 0 ? [pc1] : []);
  const points = new Float64Array(2 * n);
  const scaling = options.sparsityScaling ?? true;
  for (let r = 0; r < n; r++) {
    let x = 0;
    let y = 0;
    for (let k = data.start[r]!; k < data.start[r + 1]!; k++) {
      x += data.value[k]! * pc1[data.col[k]!]!;
      y += data.value[k]! * pc2[data.col[k]!]!;
    }
    const s = scaling ? Math.sqrt(m / Math.max(matrix.voted[r]!, 1)) : 1;
    points[2 * r] = x * s;
    points[2 * r + 1] = y * s;
  }
  return { center, components: [pc1, pc2], points };
}
