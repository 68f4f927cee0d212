// The Method of Equal Shares (MES), computed exactly. Pure.
//
// Every voter starts with the same money (the endowment). Round by round, MES
// buys the project whose supporters can pay for it at the lowest price per
// unit of utility: a supporter whose utility weight is w pays min(money,
// w × rho) and rho is the smallest value that covers the cost. See README.md.
//
// How it stays exact and fast (docs/decisions/035-pb-exact-tallies-and-tie-breaking.md):
// - Classes. Voters who paid for the same projects with the same weights hold
//   exactly the same money, so money is kept per class; voters with no money
//   left share class 0. A project is evaluated over the classes of its
//   supporters (tens to a few hundred) instead of its voters (up to 17,000).
// - Exact money. A class's money is N / D_t (bigint N). D_t is a common
//   denominator: D_{t+1} = D_t × W_t, W_t being the integer weight of the
//   voters who paid the full share in round t. Classes are rescaled lazily.
// - Doubles only as a filter. Each double is the correctly rounded value of
//   an exact quantity (relative error < 1e-15); a comparison is decided in
//   doubles only when the gap is far larger than that, else in bigints.
// - Lazy rounds. A project's price never falls during a run (money only
//   shrinks), so its last price is a lower bound; a round evaluates projects
//   in order of that bound and stops when the bound exceeds the best price.
// - Certificates for Add1 (`certify`). Seen as a function of the endowment e,
//   every class's money is affine in e as long as the run makes the same
//   decisions. The run records, for each decision, how far e may grow before
//   that decision could change, and returns the smallest such distance: every
//   endowment in [e, e + distance) gives exactly the same outcome, so Add1 may
//   skip the 1-unit steps inside that interval without changing its result.
import type { Election } from "./election.ts";
import type { Rational } from "./exact.ts";

export type MesUtility = "cost" | "points";

/** Per-voter endowment in money units, as an exact fraction num/den (den > 0). */
export type Endowment = { readonly num: bigint; readonly den: bigint };

export type MesPurchase = {
  readonly project: number;
  /** Round (0-based) in which it was bought; -1 for zero-cost projects taken for free. */
  readonly round: number;
  /** Price per unit of utility weight, money units: a supporter with weight w paid min(money, w × rho). */
  readonly rho: Rational;
  /** Supporters who paid something. */
  readonly payers: number;
  /** Of those, how many paid all the money they had left. */
  readonly payersExhausted: number;
  /** Supporters who had no money left at that point. */
  readonly supportersWithoutMoney: number;
};

export type MesRun = {
  /** Bought projects in order (zero-cost ones first). */
  readonly winners: readonly number[];
  /** Total cost of `winners`, money units. */
  readonly cost: bigint;
  /** Filled when `explain` is set. */
  readonly purchases: readonly MesPurchase[];
  /** Money the supporters of each project hold at the end (exact); only with `explain`. */
  readonly supportersMoneyAtEnd: readonly Rational[] | null;
  /**
   * With `certify`: a lower bound (money units, as a double) on how much the
   * endowment may grow, from this run's endowment, with the outcome provably
   * unchanged (same projects bought in the same order). Infinity if never.
   */
  readonly stableFor: number;
};

export type MesPrepared = {
  readonly m: number;
  /** Voters. */
  readonly n: number;
  /** Groups of voters with identical ballots, and each group's size. */
  readonly groups: number;
  readonly mult: Int32Array;
  readonly cost: readonly bigint[];
  readonly costF: Float64Array;
  /** Utility scale per project: voter i's utility is weight_i(j) × s[j]. */
  readonly s: readonly bigint[];
  readonly sF: Float64Array;
  /** Per project, the groups supporting it. */
  readonly sup: readonly Int32Array[];
  /** Per supporter entry, the index of its weight in `weights`; null when all weights are 1. */
  readonly wIdx: readonly (Uint16Array | null)[];
  readonly weights: readonly number[];
  readonly U: number;
  readonly totalW: Float64Array;
  /** Voters supporting each project. */
  readonly supporters: Int32Array;
  readonly rank: Int32Array;
  readonly candidates: readonly number[];
  readonly freebies: readonly number[];
};

export type MesPrepareOptions = {
  /** "cost": utility of a project = its cost × points (equalshares.net's cost utilities); "points": = points. */
  readonly utility: MesUtility;
  /** Tie-break rank per project (lower wins). */
  readonly rank: Int32Array;
  /** Projects already funded; MES does not sell them. */
  readonly exclude?: ReadonlySet<number>;
};

const FILTER = 1e-12; // a double comparison is trusted when the relative gap exceeds this
const BIG = 1n << 1000n;

function bitLength(x: bigint): number {
  return x.toString(16).length * 4;
}

/** The double nearest a/b (b > 0), within a few ulps. */
export function ratioToFloat(a: bigint, b: bigint): number {
  // Number(bigint) rounds correctly, so below 2^1000 two roundings and a division suffice.
  if (b < BIG && a < BIG && a > -BIG) return Number(a) / Number(b);
  const neg = a < 0n;
  const x = neg ? -a : a;
  const sa = Math.max(0, bitLength(x) - 64);
  const sb = Math.max(0, bitLength(b) - 64);
  const q = (Number(x >> BigInt(sa)) / Number(b >> BigInt(sb))) * 2 ** (sa - sb);
  return neg ? -q : q;
}

export function prepareMes(e: Election, o: MesPrepareOptions): MesPrepared {
  const m = e.projects.length;
  const n = e.ballots.length;
  // Voters with the same (project, weight) pairs behave identically: group them.
  const weightIndex = new Map<number, number>();
  const weights: number[] = [];
  let weighted = false;
  const groupOf = new Map<string, number>();
  const groupPairs: number[][] = []; // flattened [j, w, j, w, ...]
  const multList: number[] = [];
  for (const b of e.ballots) {
    const pairs: [number, number][] = [];
    for (let k = 0; k < b.projects.length; k++) {
      const w = b.points ? b.points[k]! : 1;
      if (w <= 0) continue;
      pairs.push([b.projects[k]!, w]);
      if (w !== 1) weighted = true;
      if (!weightIndex.has(w)) {
        weightIndex.set(w, weights.length);
        weights.push(w);
      }
    }
    pairs.sort((x, y) => x[0] - y[0]);
    const key = pairs.map(([j, w]) => `${j}:${w}`).join(",");
    const g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, groupPairs.length);
      groupPairs.push(pairs.flat());
      multList.push(1);
    } else multList[g]!++;
  }
  if (weights.length > 65535) throw new Error("too many distinct point values");
  const groups = groupPairs.length;
  const mult = Int32Array.from(multList);
  const counts = new Int32Array(m);
  for (const pairs of groupPairs) for (let k = 0; k < pairs.length; k += 2) counts[pairs[k]!]!++;
  const sup = Array.from({ length: m }, (_, j) => new Int32Array(counts[j]!));
  const wIdx = Array.from({ length: m }, (_, j) => (weighted ? new Uint16Array(counts[j]!) : null));
  const fill = new Int32Array(m);
  const totalW = new Float64Array(m);
  const supporters = new Int32Array(m);
  groupPairs.forEach((pairs, g) => {
    for (let k = 0; k < pairs.length; k += 2) {
      const j = pairs[k]!;
      const w = pairs[k + 1]!;
      const at = fill[j]!++;
      sup[j]![at] = g;
      if (weighted) wIdx[j]![at] = weightIndex.get(w)!;
      totalW[j]! += w * mult[g]!;
      supporters[j]! += mult[g]!;
    }
  });
  const cost = e.projects.map((p) => p.cost);
  const s = cost.map((c) => (o.utility === "cost" ? c : 1n));
  const candidates: number[] = [];
  const freebies: number[] = [];
  for (let j = 0; j < m; j++) {
    if (o.exclude?.has(j) || totalW[j] === 0 || s[j] === 0n) continue;
    if (cost[j]! > 0n) candidates.push(j);
    else freebies.push(j);
  }
  freebies.sort((a, b) => o.rank[a]! - o.rank[b]!);
  return {
    m,
    n,
    groups,
    mult,
    cost,
    costF: Float64Array.from(cost, Number),
    s,
    sF: Float64Array.from(s, Number),
    sup,
    wIdx,
    weights: weighted ? weights : [1],
    U: weighted ? weights.length : 1,
    totalW,
    supporters,
    rank: o.rank,
    candidates,
    freebies,
  };
}

/** A project priced exactly in one round. */
type Priced = {
  j: number;
  /** rho = rhoNum / rhoDen: price per unit of weight, money units. */
  rhoNum: bigint;
  rhoDen: bigint;
  /** r = rho / s_j as a double (what MES minimises). */
  rF: number;
  wRest: number;
  keys: Int32Array;
  counts: Int32Array;
  /** 1 when the bucket pays all its money. */
  poor: Uint8Array;
};

/** A project's supporters grouped by (class, weight), with money per weight as doubles. */
type Buckets = {
  keys: Int32Array;
  counts: Int32Array;
  perW: Float64Array;
  wTotal: number;
  /** The poor-set threshold found in doubles (NaN if none). */
  rho: number;
};

export type MesRunOptions = { readonly explain?: boolean; readonly certify?: boolean };

const EPS = 2.3e-16; // a little more than the unit roundoff 2^-53
const TIGHT = 8 * EPS; // relative error bound of a double derived from an exact value

/** Runs MES once with the given endowment per voter. */
export function runMes(P: MesPrepared, endowment: Endowment, opts: MesRunOptions = {}): MesRun {
  const { U, mult } = P;
  const certify = opts.certify === true;
  // Classes. N: money numerator over D_ep (exact). F: money as a double. SF: d money / d endowment
  // as a double (certify only; slopes are sums of non-negative terms, so their relative error
  // stays below slopeErr).
  const clsN: bigint[] = [0n, endowment.num];
  const clsEp: number[] = [0, 0];
  const clsF: number[] = [0, ratioToFloat(endowment.num, endowment.den)];
  const clsSF: number[] = [0, 1];
  const D: bigint[] = [endowment.den];
  const R: bigint[] = [1n]; // R[s] = D_t / D_s for the current epoch t
  let t = 0;
  const classOf = new Int32Array(P.groups).fill(1); // per group of identical voters
  let cnt = new Int32Array(256);
  let newCls = new Int32Array(256);
  // The current project's buckets (class × weight) with their voter counts.
  let bKey = new Int32Array(256);
  let bCnt = new Int32Array(256);
  let bW = new Float64Array(256);
  let bPerW = new Float64Array(256);
  let size = 0;
  let moneyF = 0;
  let moneySF = 0;
  let wTotal = 0;
  let stableFor = Infinity;
  let slopeErr = 0;

  const rescale = (c: number) => {
    const ep = clsEp[c]!;
    if (ep !== t) {
      const f = R[ep]!;
      clsN[c] = clsN[c]! * f;
      clsEp[c] = t;
    }
  };
  const classOfKey = (key: number) => (U === 1 ? key : (key / U) | 0);
  const weightOfKey = (key: number) => (U === 1 ? 1 : P.weights[key % U]!);
  const limit = (delta: number) => {
    if (delta < stableFor) stableFor = Math.max(0, delta);
  };

  // Per project: a rigorous lower bound on its current r (prices only rise during a run), and for
  // certificates an affine lower bound l(e) = lLo + lS·(e - e0) valid over the certified endowments.
  const lbLo = new Float64Array(P.m);
  const lLo = new Float64Array(P.m);
  const lS = new Float64Array(P.m);

  /** Certificate for a project found unaffordable: it must stay so (its money has slope >= 0). */
  const certifyUnaffordable = (j: number) => {
    const gamma = (size + 8) * EPS;
    const gap = P.costF[j]! - moneyF * (1 + gamma);
    if (gap <= 0) limit(0);
    else if (moneySF > 0) limit((gap / (moneySF * (1 + gamma + slopeErr))) * (1 - FILTER));
  };

  /** Groups project j's supporters into buckets; sets size, moneyF, moneySF, wTotal. */
  const histogram = (j: number) => {
    const need = clsN.length * U + 1;
    if (cnt.length < need) {
      const cap = Math.max(need, cnt.length * 2);
      cnt = new Int32Array(cap);
      newCls = new Int32Array(cap);
    }
    const sup = P.sup[j]!;
    const wi = P.wIdx[j] ?? null;
    const most = Math.min(sup.length, need);
    if (bKey.length < most) {
      const cap = Math.max(most, bKey.length * 2);
      bKey = new Int32Array(cap);
      bCnt = new Int32Array(cap);
      bW = new Float64Array(cap);
      bPerW = new Float64Array(cap);
    }
    const cntL = cnt;
    const keyL = bKey;
    let sz = 0;
    if (wi === null) {
      for (let k = 0; k < sup.length; k++) {
        const g = sup[k]!;
        const c = classOf[g]!;
        if (c === 0) continue;
        if (cntL[c] === 0) keyL[sz++] = c;
        cntL[c]! += mult[g]!;
      }
    } else {
      for (let k = 0; k < sup.length; k++) {
        const g = sup[k]!;
        const c = classOf[g]!;
        if (c === 0) continue;
        const key = c * U + wi[k]!;
        if (cntL[key] === 0) keyL[sz++] = key;
        cntL[key]! += mult[g]!;
      }
    }
    size = sz;
    let mF = 0;
    let mSF = 0;
    let wT = 0;
    for (let x = 0; x < sz; x++) {
      const key = keyL[x]!;
      const c = U === 1 ? key : (key / U) | 0;
      const w = U === 1 ? 1 : P.weights[key % U]!;
      const k = cntL[key]!;
      cntL[key] = 0;
      bCnt[x] = k;
      bW[x] = w;
      const f = clsF[c]!;
      bPerW[x] = f / w;
      mF += k * f;
      if (certify) mSF += k * clsSF[c]!;
      wT += k * w;
    }
    moneyF = mF;
    moneySF = mSF;
    wTotal = wT;
    wfRho = NaN;
  };

  // Water-filling in doubles over the current buckets: the poor set is {x : bPerW[x] < wfRho}.
  let wfRho = NaN;
  let wfPaidF = 0;
  let wfWR = 0;
  const waterFill = (costF: number): boolean => {
    let rho = costF / wTotal;
    let poorCount = -1;
    for (let iter = 0; iter <= 60; iter++) {
      let count = 0;
      let paid = 0;
      let wR = wTotal;
      for (let x = 0; x < size; x++) {
        const f = bPerW[x]!;
        if (f < rho) {
          const w = bW[x]!;
          paid += bCnt[x]! * f * w;
          wR -= bCnt[x]! * w;
          count++;
        }
      }
      if (wR <= 0) return false;
      if (count === poorCount) {
        wfRho = rho;
        wfPaidF = paid;
        wfWR = wR;
        return true;
      }
      poorCount = count;
      rho = (costF - paid) / wR;
    }
    return false;
  };

  /** A copy of the current buckets, for pricing the same project exactly later in the round. */
  const snapshot = (): Buckets => ({
    keys: bKey.slice(0, size),
    counts: bCnt.slice(0, size),
    perW: bPerW.slice(0, size),
    wTotal,
    rho: wfRho,
  });

  /**
   * Prices project j in doubles with a proven bracket lo ≤ r ≤ hi. Returns "no" when it is
   * certainly unaffordable, "unsure" when doubles cannot decide (then price it exactly).
   */
  const floatPrice = (j: number): { lo: number; hi: number; b: Buckets } | "no" | "unsure" => {
    histogram(j);
    const costF = P.costF[j]!;
    const gamma = (size + 8) * EPS;
    if (size === 0 || moneyF * (1 + gamma) < costF) return "no";
    if (moneyF * (1 - gamma) < costF * (1 + 1e-9)) return "unsure";
    if (!waterFill(costF)) return "unsure";
    const rho = wfRho;
    // Bracket: F(x) = Σ count·min(money, w·x) is increasing; F(lo) < cost ≤ F(hi) proves lo < rho* ≤ hi.
    const rl = rho * (1 - 1e-9);
    const rh = rho * (1 + 1e-9);
    let fl = 0;
    let fh = 0;
    for (let x = 0; x < size; x++) {
      const w = bW[x]!;
      const m = bPerW[x]! * w;
      const c = bCnt[x]!;
      fl += c * Math.min(m, w * rl);
      fh += c * Math.min(m, w * rh);
    }
    const err = gamma * (moneyF + rh * wTotal) * 2;
    if (!(fl + err < costF && fh - err >= costF)) return "unsure";
    const s = P.sF[j]!;
    if (certify) {
      // l(e) = (cost - Σ_poor money(e)) / wR / s for this poor set is a lower bound on r(e).
      let poorSF = 0;
      for (let x = 0; x < size; x++) {
        if (bPerW[x]! < rho) poorSF += bCnt[x]! * clsSF[classOfKey(bKey[x]!)]!;
      }
      lLo[j] = ((costF - wfPaidF * (1 + gamma)) / wfWR / s) * (1 - 4 * EPS);
      lS[j] = (-(poorSF * (1 + gamma + slopeErr)) / wfWR / s) * (1 + 4 * EPS);
    }
    return { lo: (rl / s) * (1 - 4 * EPS), hi: (rh / s) * (1 + 4 * EPS), b: snapshot() };
  };

  /** Exact water-filling in ascending money per weight (fallback when doubles cannot settle the set). */
  const sortedWalk = (
    j: number,
    keys: Int32Array,
    counts: Int32Array,
    perW: Float64Array,
    wTotal: number,
    poor: Uint8Array,
  ) => {
    const order = Array.from({ length: keys.length }, (_, x) => x);
    order.sort((x, y) => {
      const fx = perW[x]!;
      const fy = perW[y]!;
      if (Math.abs(fx - fy) > FILTER * Math.max(fx, fy)) return fx - fy;
      const cx = classOfKey(keys[x]!);
      const cy = classOfKey(keys[y]!);
      rescale(cx);
      rescale(cy);
      const l = clsN[cx]! * BigInt(weightOfKey(keys[y]!));
      const r = clsN[cy]! * BigInt(weightOfKey(keys[x]!));
      return l < r ? -1 : l > r ? 1 : 0;
    });
    const costD = P.cost[j]! * D[t]!;
    poor.fill(0);
    let paid = 0n;
    let wRest = wTotal;
    for (const x of order) {
      const c = classOfKey(keys[x]!);
      const w = weightOfKey(keys[x]!);
      rescale(c);
      if (clsN[c]! * BigInt(wRest) >= BigInt(w) * (costD - paid)) return { paid, wRest };
      poor[x] = 1;
      paid += BigInt(counts[x]!) * clsN[c]!;
      wRest -= counts[x]! * w;
    }
    return null;
  };

  /** Prices project j exactly from its buckets (null: unaffordable). */
  const exactPrice = (j: number, b: Buckets): Priced | null => {
    const { keys, counts, perW } = b;
    const size = keys.length;
    if (size === 0) return null;
    const wTotal = b.wTotal;
    const poor = new Uint8Array(size);
    const costD = P.cost[j]! * D[t]!;
    let paid = 0n;
    let wRest = wTotal;
    // Take the poor set found in doubles, price it exactly, and check every bucket against that price.
    let ok = !Number.isNaN(b.rho);
    if (ok) {
      for (let x = 0; x < size; x++) {
        if (perW[x]! < b.rho) {
          poor[x] = 1;
          const c = classOfKey(keys[x]!);
          rescale(c);
          paid += BigInt(counts[x]!) * clsN[c]!;
          wRest -= counts[x]! * weightOfKey(keys[x]!);
        }
      }
      ok = wRest > 0 && paid < costD;
    }
    if (ok) {
      const rest = costD - paid;
      const rhoF = ratioToFloat(rest, D[t]! * BigInt(wRest));
      for (let x = 0; x < size && ok; x++) {
        const f = perW[x]!;
        if (poor[x] ? f < rhoF * (1 - FILTER) : f > rhoF * (1 + FILTER)) continue;
        const c = classOfKey(keys[x]!);
        rescale(c);
        const l = clsN[c]! * BigInt(wRest);
        const r = BigInt(weightOfKey(keys[x]!)) * rest;
        ok = poor[x] ? l <= r : l >= r;
      }
    }
    if (!ok) {
      const walk = sortedWalk(j, keys, counts, perW, wTotal, poor);
      if (walk === null) return null;
      paid = walk.paid;
      wRest = walk.wRest;
    }
    const rhoNum = costD - paid;
    const rhoDen = D[t]! * BigInt(wRest);
    const rF = ratioToFloat(rhoNum, rhoDen) / P.sF[j]!;
    if (certify) {
      let poorSF = 0;
      for (let x = 0; x < size; x++) if (poor[x]) poorSF += counts[x]! * clsSF[classOfKey(keys[x]!)]!;
      const gamma = (size + 8) * EPS;
      lLo[j] = rF * (1 - TIGHT);
      lS[j] = (-(poorSF * (1 + gamma + slopeErr)) / wRest / P.sF[j]!) * (1 + 4 * EPS);
    }
    return { j, rhoNum, rhoDen, rF, wRest, keys, counts, poor };
  };

  /** Exact comparison: negative when a is preferred (lower r, then tie-break rank). */
  const compare = (a: Priced, b: Priced): number => {
    const d = a.rF - b.rF;
    if (Math.abs(d) > FILTER * Math.max(a.rF, b.rF)) return d;
    const l = a.rhoNum * b.rhoDen * P.s[b.j]!;
    const r = b.rhoNum * a.rhoDen * P.s[a.j]!;
    if (l !== r) return l < r ? -1 : 1;
    return P.rank[a.j]! - P.rank[b.j]!;
  };

  /**
   * Buys the project: poor buckets pay everything, the others pay w × rho. Returns a lower
   * bound on |d r / d e| (prices fall as the endowment grows).
   */
  const buy = (p: Priced) => {
    const W = BigInt(p.wRest);
    const Dnext = D[t]! * W;
    // |d rho / d e| = Σ_poor count·(d money / d e) / W, a sum of non-negative terms.
    let absRhoS = 0;
    let rhoF = 0;
    if (certify) {
      for (let x = 0; x < p.keys.length; x++) {
        if (p.poor[x]) absRhoS += p.counts[x]! * clsSF[classOfKey(p.keys[x]!)]!;
      }
      absRhoS /= p.wRest;
      rhoF = ratioToFloat(p.rhoNum, p.rhoDen);
    }
    const sErr = slopeErr + (p.keys.length + 8) * EPS;
    for (let x = 0; x < p.keys.length; x++) {
      const key = p.keys[x]!;
      const c = classOfKey(key);
      const w = weightOfKey(key);
      if (p.poor[x]) {
        newCls[key] = 0;
        if (certify) {
          // Must keep paying everything: w·rho(e) - money(e) >= 0, and it falls as e grows.
          const b = clsF[c]!;
          const v0 = w * rhoF * (1 - TIGHT) - b * (1 + TIGHT) - EPS * (w * rhoF + b);
          const fall = (w * absRhoS + clsSF[c]!) * (1 + 2 * sErr);
          if (fall > 0) limit(v0 <= 0 ? 0 : (v0 / fall) * (1 - FILTER));
        }
        continue;
      }
      // Pays w × rho; what is left is the new class's money (its slope is >= 0, so it stays >= 0).
      rescale(c);
      const N = clsN[c]! * W - BigInt(w) * p.rhoNum;
      const SF = certify ? clsSF[c]! + w * absRhoS : 0;
      if (N === 0n && SF === 0) {
        newCls[key] = 0;
        continue;
      }
      newCls[key] = clsN.length;
      clsN.push(N);
      clsEp.push(t + 1);
      clsF.push(ratioToFloat(N, Dnext));
      clsSF.push(SF);
    }
    const sup = P.sup[p.j]!;
    const wi = P.wIdx[p.j] ?? null;
    for (let k = 0; k < sup.length; k++) {
      const v = sup[k]!;
      const c = classOf[v]!;
      if (c === 0) continue;
      classOf[v] = newCls[wi === null ? c : c * U + wi[k]!]!;
    }
    for (let s = 0; s <= t; s++) R[s] = R[s]! * W;
    R.push(1n);
    D.push(Dnext);
    t++;
    if (certify) slopeErr = sErr;
    return (absRhoS / P.sF[p.j]!) * (1 - 2 * sErr);
  };

  const winners: number[] = [...P.freebies];
  const purchases: MesPurchase[] = [];
  if (opts.explain) {
    for (const j of P.freebies) {
      purchases.push({
        project: j,
        round: -1,
        rho: { n: 0n, d: 1n },
        payers: 0,
        payersExhausted: 0,
        supportersWithoutMoney: 0,
      });
    }
  }
  for (const j of P.candidates) {
    lbLo[j] = (P.costF[j]! / (P.sF[j]! * P.totalW[j]!)) * (1 - 4 * EPS);
    lLo[j] = lbLo[j]!;
  }
  let remaining = [...P.candidates];
  const dropped = new Uint8Array(P.m);
  const drop = (j: number) => {
    dropped[j] = 1;
    if (certify) certifyUnaffordable(j);
  };
  for (let round = 0; ; round++) {
    remaining = remaining.filter((q) => dropped[q] === 0);
    remaining.sort((a, b) => lbLo[a]! - lbLo[b]!);
    // Bracket projects in order of their lower bound until no later one can beat the best.
    const bracketed: { j: number; lo: number; hi: number; exact: Priced | null; b: Buckets | null }[] = [];
    let bestHi = Infinity;
    for (const q of remaining) {
      if (lbLo[q]! > bestHi) break;
      const f = floatPrice(q);
      if (f === "no") {
        drop(q);
        continue;
      }
      let entry: { j: number; lo: number; hi: number; exact: Priced | null; b: Buckets | null };
      if (f === "unsure") {
        if (Number.isNaN(wfRho) && size > 0) waterFill(P.costF[q]!);
        const ex = exactPrice(q, snapshot());
        if (ex === null) {
          drop(q);
          continue;
        }
        entry = { j: q, lo: ex.rF * (1 - TIGHT), hi: ex.rF * (1 + TIGHT), exact: ex, b: null };
      } else entry = { j: q, lo: f.lo, hi: f.hi, exact: null, b: f.b };
      lbLo[q] = entry.lo;
      if (entry.hi < bestHi) bestHi = entry.hi;
      bracketed.push(entry);
    }
    // Contenders: brackets that reach below the best upper bound. Usually just one.
    let chosen: Priced | null = null;
    const contenders: Priced[] = [];
    for (const b of bracketed) {
      if (b.lo > bestHi) continue;
      const ex = b.exact ?? exactPrice(b.j, b.b!);
      if (ex === null) {
        // Cannot happen (the bracket proved it affordable); stay safe for certificates.
        dropped[b.j] = 1;
        limit(0);
        continue;
      }
      contenders.push(ex);
      if (chosen === null || compare(ex, chosen) < 0) chosen = ex;
    }
    if (chosen === null) {
      if (bracketed.every((b) => dropped[b.j] === 1)) {
        // Nothing affordable was bracketed; the loop above priced every remaining project.
        break;
      }
      continue; // a contender turned out unaffordable: redo the round
    }
    const win = chosen;
    remaining = remaining.filter((q) => dropped[q] === 0 && q !== win.j);
    if (opts.explain) {
      let payers = 0;
      let exhausted = 0;
      for (let x = 0; x < win.counts.length; x++) {
        payers += win.counts[x]!;
        if (win.poor[x]) exhausted += win.counts[x]!;
      }
      purchases.push({
        project: win.j,
        round,
        rho: reduce(win.rhoNum, win.rhoDen),
        payers,
        payersExhausted: exhausted,
        supportersWithoutMoney: P.supporters[win.j]! - payers,
      });
    }
    const rStar = win.rF;
    winners.push(win.j);
    const rStarS = buy(win);
    if (certify) {
      // Every other candidate must stay no better than the winner: l_q(e) - r*(e) >= 0
      // (> 0 unless the winner wins the tie).
      for (const q of remaining) {
        const h0 = lLo[q]! - rStar * (1 + TIGHT);
        const h1 = lS[q]! + rStarS;
        if (h0 > 0) {
          if (h1 < 0) limit((h0 / -h1) * (1 - FILTER));
          continue;
        }
        const c = contenders.find((x) => x.j === q);
        const tie = c !== undefined && c.rhoNum * win.rhoDen * P.s[win.j]! === win.rhoNum * c.rhoDen * P.s[q]!;
        if (!tie || h1 < 0) limit(0);
      }
    }
  }
  let cost = 0n;
  for (const j of winners) cost += P.cost[j]!;

  let supportersMoneyAtEnd: Rational[] | null = null;
  if (opts.explain) {
    supportersMoneyAtEnd = [];
    const perClass = new Int32Array(clsN.length);
    for (let j = 0; j < P.m; j++) {
      const sup = P.sup[j]!;
      const seen: number[] = [];
      for (let k = 0; k < sup.length; k++) {
        const g = sup[k]!;
        const c = classOf[g]!;
        if (c === 0) continue;
        if (perClass[c] === 0) seen.push(c);
        perClass[c]! += mult[g]!;
      }
      let sum = 0n;
      for (const c of seen) {
        rescale(c);
        sum += BigInt(perClass[c]!) * clsN[c]!;
        perClass[c] = 0;
      }
      supportersMoneyAtEnd.push(reduce(sum, D[t]!));
    }
  }
  return { winners, cost, purchases, supportersMoneyAtEnd, stableFor: certify ? stableFor : 0 };
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduce(n: bigint, d: bigint): Rational {
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export type Add1Options = {
  /** Total endowment at step 0 is `budget`, shared equally: budget / n per voter. */
  readonly budget: bigint;
  /** Per-voter increment per step, money units (num/den > 0). */
  readonly increment: Endowment;
  /** An outcome is accepted while this holds (its cost fits the budget). */
  readonly feasible: (run: MesRun) => boolean;
  /** With a value: stop at the first outcome for which this returns true (Add1 "exhaustive"). */
  readonly stopAt?: (run: MesRun) => boolean;
  /** Skip steps whose outcome is provably unchanged (default true). */
  readonly jump?: boolean;
  readonly explain?: boolean;
  /** Safety valve on the number of MES runs. */
  readonly maxRuns?: number;
};

export type Add1Result = {
  /** The accepted outcome (run at `endowment`; explained when asked). */
  readonly run: MesRun;
  /** Number of accepted increments: the final endowment is budget/n + steps × increment. */
  readonly steps: bigint;
  readonly endowment: Endowment;
  /** MES runs actually computed (with jumping, far fewer than steps + 2). */
  readonly runs: number;
};

/**
 * MES with the Add1 completion: rerun MES with every voter's endowment
 * raised by `increment`, again and again, while the outcome stays feasible;
 * return the last feasible outcome (or, with `stopAt`, the first outcome that
 * satisfies it). With `jump`, each run certifies an interval of endowments
 * with the same outcome, and the steps inside it are accepted without
 * running MES: the result is identical to taking every step.
 */
export function runMesAdd1(P: MesPrepared, o: Add1Options): Add1Result {
  const n = BigInt(P.n);
  const inc = o.increment;
  if (inc.num <= 0n || inc.den <= 0n) throw new RangeError("the Add1 increment must be positive");
  const jump = o.jump !== false;
  const maxRuns = o.maxRuns ?? 1_000_000;
  const at = (k: bigint): Endowment => ({ num: o.budget * inc.den + k * inc.num * n, den: n * inc.den });
  const incF = ratioToFloat(inc.num, inc.den);
  let runs = 1;
  let k = 0n;
  let cur = runMes(P, at(0n), { certify: jump });
  if (!o.feasible(cur)) {
    const empty: MesRun = { winners: [], cost: 0n, purchases: [], supportersMoneyAtEnd: null, stableFor: 0 };
    return { run: empty, steps: 0n, endowment: at(0n), runs };
  }
  const everything = P.freebies.length + P.candidates.length;
  for (;;) {
    if (o.stopAt?.(cur)) break;
    if (cur.winners.length === everything) break; // nothing left to buy
    let skip = 0n;
    if (jump) {
      if (cur.stableFor === Infinity) break; // the outcome never changes again
      // Largest j with j × increment < stableFor, rounded down with a safety margin.
      const steps = Math.ceil((cur.stableFor / incF) * (1 - 1e-9)) - 1;
      if (steps > 0) skip = BigInt(steps);
    }
    if (++runs > maxRuns) throw new Error(`Add1 did not settle within ${maxRuns} runs`);
    const next = runMes(P, at(k + skip + 1n), { certify: jump });
    if (!o.feasible(next)) {
      k += skip;
      break;
    }
    k += skip + 1n;
    cur = next;
  }
  if (o.explain) {
    const explained = runMes(P, at(k), { explain: true });
    if (explained.winners.join() !== cur.winners.join()) {
      throw new Error("internal error: Add1 certificate did not hold");
    }
    cur = explained;
    runs++;
  }
  return { run: cur, steps: k, endowment: at(k), runs };
}
