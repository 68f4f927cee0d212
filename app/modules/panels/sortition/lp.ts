// Writing CPLEX LP-format text for HiGHS.
//
// HiGHS' LP reader does not accept ranged rows ("lo <= expr <= hi"), so a
// quota becomes two rows. Long expressions are wrapped over several lines.

/** Shortest round-trip decimal form; never "-0", never NaN/Infinity. */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`non-finite coefficient ${x}`);
  if (x === 0) return "0";
  return String(x);
}

/** A linear expression "+ 3 x0 - 0.5 x1 …"; zero coefficients are dropped. */
export function expr(terms: Iterable<readonly [number, string]>): string {
  const parts: string[] = [];
  for (const [c, v] of terms) {
    if (c === 0) continue;
    const sign = c < 0 ? "-" : "+";
    const a = Math.abs(c);
    parts.push(a === 1 ? `${sign} ${v}` : `${sign} ${num(a)} ${v}`);
  }
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 64) lines.push(parts.slice(i, i + 64).join(" "));
  return lines.join("\n   ");
}

export class LpWriter {
  private readonly objective: string;
  private readonly rows: string[] = [];
  private readonly bounds: string[] = [];
  private readonly generals: string[] = [];
  private readonly binaries: string[] = [];

  constructor(sense: "Maximize" | "Minimize", objective: Iterable<readonly [number, string]>, fallbackVar: string) {
    const e = expr(objective);
    this.objective = `${sense}\n obj: ${e || `0 ${fallbackVar}`}`;
  }

  row(name: string, terms: Iterable<readonly [number, string]>, op: ">=" | "<=" | "=", rhs: number): this {
    const e = expr(terms);
    if (!e) throw new Error(`row ${name} has no terms`);
    this.rows.push(` ${name}: ${e} ${op} ${num(rhs)}`);
    return this;
  }

  bound(line: string): this {
    this.bounds.push(` ${line}`);
    return this;
  }

  general(v: string): this {
    this.generals.push(v);
    return this;
  }

  binary(v: string): this {
    this.binaries.push(v);
    return this;
  }

  toString(): string {
    const out = [this.objective, "Subject To", ...this.rows];
    if (this.bounds.length) out.push("Bounds", ...this.bounds);
    const wrap = (vs: string[]) => {
      const lines: string[] = [];
      for (let i = 0; i < vs.length; i += 64) lines.push(` ${vs.slice(i, i + 64).join(" ")}`);
      return lines;
    };
    if (this.generals.length) out.push("Generals", ...wrap(this.generals));
    if (this.binaries.length) out.push("Binaries", ...wrap(this.binaries));
    out.push("End", "");
    return out.join("\n");
  }
}
