// The LP/MIP solver behind LEXIMIN and the infeasibility report: HiGHS
// compiled to WebAssembly (npm `highs`), fed CPLEX LP-format text.
//
// Callers depend on the small `LpSolver` interface, so tests can inject a
// solver. `createHighsSolver()` wraps one HiGHS module instance and re-creates
// it when a call throws (a WebAssembly abort, e.g. on a parse error or out of
// memory, can leave an Emscripten module unusable) or ends in an error status,
// then retries the call once on the fresh instance.

export interface LpColumn {
  readonly primal: number;
  /** Reduced cost (LP only; 0 for MIPs). */
  readonly dual: number;
}

export interface LpRow {
  readonly name: string;
  readonly primal: number;
  /** Shadow price d(objective)/d(rhs) (LP only; 0 for MIPs). */
  readonly dual: number;
}

export interface LpResult {
  /** HiGHS model status, e.g. "Optimal", "Infeasible". */
  readonly status: string;
  readonly objective: number;
  readonly columns: ReadonlyMap<string, LpColumn>;
  readonly rows: readonly LpRow[];
}

export type SolveOptions = Readonly<Record<string, string | number | boolean>>;

export interface LpSnapshot {
  readonly status: string;
  readonly objective: number;
  readonly colValue: ArrayLike<number>;
  readonly rowDual: ArrayLike<number>;
}

/**
 * An LP kept inside HiGHS between solves, so that re-solving after adding
 * columns starts from the previous basis. Created from LP text; indices are
 * HiGHS' own (rows in the order written, columns by first appearance).
 */
export interface PersistentLp {
  colIndex(name: string): number;
  rowIndex(name: string): number;
  /** Adds a column with bounds [0, ∞); returns its index. */
  addColumn(cost: number, rows: readonly number[], values: readonly number[]): number;
  setCoefficient(row: number, col: number, value: number): void;
  setRowBounds(row: number, lower: number, upper: number): void;
  run(): LpSnapshot;
  dispose(): void;
}

export interface LpSolver {
  solve(lp: string, options?: SolveOptions): Promise<LpResult>;
  /** Optional persistent models (warm starts). Callers fall back to `solve` without it. */
  openLp?(lp: string, options?: SolveOptions): Promise<PersistentLp>;
  /** Drops the current solver instance; the next call creates a fresh one. */
  reset?(): void;
  /** Counters for benchmarks and tests. */
  readonly stats: { solves: number; recreations: number; seconds: number };
}

/** The slice of a `highs` persistent model we use. */
export interface HighsModelLike {
  options: { set(options: Record<string, unknown>): unknown };
  getColByName(name: string): number;
  getRowByName(name: string): number;
  getDimensions(): { numCols: number; numRows: number };
  addCol(cost: number, lower: number, upper: number, entries: { indices: number[]; values: number[] }): unknown;
  changeCoefficient(row: number, col: number, value: number): unknown;
  changeRowBounds(row: number, lower: number, upper: number): unknown;
  run(): { modelStatus: number };
  getObjectiveValue(): number;
  getSolution(): { colValue: ArrayLike<number>; rowDual: ArrayLike<number> };
  dispose(): void;
}

/** The slice of the `highs` module instance we use. */
export interface HighsLike {
  solve(
    problem: string,
    options?: Record<string, unknown>,
  ): {
    Status: string;
    ObjectiveValue: number;
    Columns: Record<string, { Primal?: number; Dual?: number }>;
    Rows: { Name?: string; Primal?: number; Dual?: number }[];
  };
  createModel?(source: { format: "lp"; data: string }): HighsModelLike;
}

/** HiGHS model status codes (C API) → the legacy status strings. */
const STATUS_NAMES = [
  "Not Set",
  "Load error",
  "Model error",
  "Presolve error",
  "Solve error",
  "Postsolve error",
  "Empty",
  "Optimal",
  "Infeasible",
  "Primal infeasible or unbounded",
  "Unbounded",
  "Bound on objective reached",
  "Target for objective reached",
  "Time limit reached",
  "Iteration limit reached",
];

export class SolverError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SolverError";
  }
}

/** Statuses that mean the call itself failed (not an answer about the model). */
const ERROR_STATUSES = new Set([
  "Not Set",
  "Load error",
  "Model error",
  "Presolve error",
  "Solve error",
  "Postsolve error",
  "Unknown",
]);

const DEFAULTS: SolveOptions = { output_flag: false };

async function loadHighsModule(): Promise<HighsLike> {
  const mod = (await import("highs")) as unknown as { default: () => Promise<HighsLike> };
  return mod.default();
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export function createHighsSolver(load: () => Promise<HighsLike> = loadHighsModule): LpSolver {
  let instance: HighsLike | null = null;
  const stats = { solves: 0, recreations: 0, seconds: 0 };

  const convert = (r: ReturnType<HighsLike["solve"]>): LpResult => {
    const columns = new Map<string, LpColumn>();
    for (const [name, c] of Object.entries(r.Columns ?? {})) {
      columns.set(name, { primal: c.Primal ?? 0, dual: c.Dual ?? 0 });
    }
    const rows = (r.Rows ?? []).map((row) => ({ name: row.Name ?? "", primal: row.Primal ?? 0, dual: row.Dual ?? 0 }));
    return { status: r.Status, objective: r.ObjectiveValue, columns, rows };
  };

  const getInstance = async () => {
    if (instance === null) {
      if (stats.solves > 0) stats.recreations++;
      instance = await load();
    }
    return instance;
  };

  return {
    stats,
    reset() {
      instance = null;
    },
    async openLp(lp, options = {}) {
      const inst = await getInstance();
      if (!inst.createModel) throw new SolverError("this HiGHS build has no persistent models");
      const m = inst.createModel({ format: "lp", data: lp });
      try {
        m.options.set({ ...DEFAULTS, ...options });
      } catch (e) {
        m.dispose();
        throw e;
      }
      const index = (kind: string, i: number, name: string) => {
        if (i < 0) throw new SolverError(`no ${kind} named ${name}`);
        return i;
      };
      return {
        colIndex: (name) => index("column", m.getColByName(name), name),
        rowIndex: (name) => index("row", m.getRowByName(name), name),
        addColumn(cost, rows, values) {
          const j = m.getDimensions().numCols;
          m.addCol(cost, 0, Infinity, { indices: [...rows], values: [...values] });
          return j;
        },
        setCoefficient: (row, col, value) => void m.changeCoefficient(row, col, value),
        setRowBounds: (row, lower, upper) => void m.changeRowBounds(row, lower, upper),
        run() {
          const t0 = now();
          try {
            const r = m.run();
            const sol = m.getSolution();
            return {
              status: STATUS_NAMES[r.modelStatus] ?? "Unknown",
              objective: m.getObjectiveValue(),
              colValue: sol.colValue,
              rowDual: sol.rowDual,
            };
          } finally {
            stats.solves++;
            stats.seconds += (now() - t0) / 1000;
          }
        },
        dispose: () => m.dispose(),
      };
    },
    async solve(lp, options = {}) {
      const opts = { ...DEFAULTS, ...options };
      let lastError: unknown = null;
      for (let attempt = 0; attempt < 2; attempt++) {
        const inst = await getInstance();
        const t0 = now();
        try {
          const r = inst.solve(lp, opts);
          stats.solves++;
          stats.seconds += (now() - t0) / 1000;
          if (ERROR_STATUSES.has(r.Status) && attempt === 0) {
            instance = null;
            lastError = new SolverError(`HiGHS returned status "${r.Status}"`);
            continue;
          }
          return convert(r);
        } catch (e) {
          stats.solves++;
          stats.seconds += (now() - t0) / 1000;
          instance = null;
          lastError = e;
        }
      }
      throw new SolverError(`HiGHS failed twice: ${String((lastError as Error)?.message ?? lastError)}`, {
        cause: lastError,
      });
    },
  };
}

let shared: LpSolver | null = null;

/** One lazily created solver per process (each call is independent; HiGHS is single-threaded). */
export function defaultSolver(): LpSolver {
  shared ??= createHighsSolver();
  return shared;
}
