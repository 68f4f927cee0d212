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
  /** Most power-iteration steps (Polis: 100). */
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

/** (out1, out2) = Xᵀ X (v1, v2) over the given rows of the sparse centred matrix, in one pass. */
function xtx(
  data: Sparse,
  rows: readonly number[],
  v1: Float64Array,
  v2: Float64Array,
  out1: Float64Array,
  out2: Float64Array,
): void {
  out1.fill(0);
  out2.fill(0);
  const { start, col, value } = data;
  for (const r of rows) {
    let p1 = 0;
    let p2 = 0;
    for (let k = start[r]!; k < start[r + 1]!; k++) {
      const j = col[k]!;
      p1 += value[k]! * v1[j]!;
      p2 += value[k]! * v2[j]!;
    }
    for (let k = start[r]!; k < start[r + 1]!; k++) {
      const j = col[k]!;
      out1[j] = out1[j]! + p1 * value[k]!;
      out2[j] = out2[j]! + p2 * value[k]!;
    }
  }
}

/** Makes (a, b) orthonormal in place (Gram–Schmidt); a vector with nothing left becomes all zeros. */
function orthonormalise(a: Float64Array, b: Float64Array): void {
  const na = Math.sqrt(dot(a, a));
  if (na > 1e-150) for (let j = 0; j < a.length; j++) a[j] = a[j]! / na;
  else a.fill(0);
  const c = dot(a, b);
  for (let j = 0; j < b.length; j++) b[j] = b[j]! - c * a[j]!;
  const nb = Math.sqrt(dot(b, b));
  if (nb > 1e-150 && nb > 1e-12 * na) for (let j = 0; j < b.length; j++) b[j] = b[j]! / nb;
  else b.fill(0);
}

/**
 * The two leading eigenvectors of Xᵀ X by power iteration on a pair of vectors (subspace
 * iteration): multiply both, rotate them within their plane to the Rayleigh–Ritz directions so
 * that the first leads, then Gram–Schmidt, so the second stays orthogonal to the first. Stops after
 * `iterations` steps or when the plane no longer moves (squared sine of the angle it turned below 1e-20).
 */
function topTwo(
  data: Sparse,
  rows: readonly number[],
  m: number,
  rng: Rng,
  iterations: number,
): [Float64Array, Float64Array] {
  let v1 = new Float64Array(m);
  let v2 = new Float64Array(m);
  for (let j = 0; j < m; j++) v1[j] = rng.float() + 0.5;
  for (let j = 0; j < m; j++) v2[j] = rng.float() - 0.5;
  orthonormalise(v1, v2);
  let w1 = new Float64Array(m);
  let w2 = new Float64Array(m);
  for (let it = 0; it < iterations; it++) {
    xtx(data, rows, v1, v2, w1, w2);
    // Rayleigh–Ritz in the plane: H = Vᵀ Xᵀ X V = [[a, b], [b, c]], rotated by its eigenvectors.
    const a = dot(v1, w1);
    const b = dot(v1, w2);
    const c = dot(v2, w2);
    const theta = 0.5 * Math.atan2(2 * b, a - c);
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    for (let j = 0; j < m; j++) {
      const x = w1[j]!;
      const y = w2[j]!;
      w1[j] = cos * x + sin * y;
      w2[j] = -sin * x + cos * y;
    }
    orthonormalise(w1, w2);
    const moved = (w: Float64Array) => (dot(w, w) === 0 ? 0 : 1 - dot(w, v1) ** 2 - dot(w, v2) ** 2);
    const change = Math.max(moved(w1), moved(w2));
    [v1, w1] = [w1, v1];
    [v2, w2] = [w2, v2];
    if (change < 1e-20) break;
  }
  // A fixed sign (largest entry positive) so that results do not depend on the start vectors' signs.
  for (const v of [v1, v2]) {
    let big = 0;
    for (let j = 0; j < m; j++) if (Math.abs(v[j]!) > Math.abs(big)) big = v[j]!;
    if (big < 0) for (let j = 0; j < m; j++) v[j] = -v[j]!;
  }
  return [v1, v2];
}

export function project(matrix: VoteMatrix, rng: Rng, options: PcaOptions = {}): Projection {
  const n = matrix.participants.length;
  const m = matrix.statements.length;
  const iterations = options.iterations ?? 100;
  const rows = options.rows ?? Array.from({ length: n }, (_, r) => r);
  const center = columnMeans(matrix, rows);
  const data = centredSparse(matrix, center);
  const [pc1, pc2] = topTwo(data, rows, m, rng, iterations);
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
