// Exact: discrete choices are enumerated as in Enumerate (continuations resumed once per value); every Normal
// choice becomes a symbolic affine form mean + sd·z over a fresh standard normal z (runtime/gaussian);
// observe(Normal(affine, sd), y) and `e1 =:= e2` condition the joint Gaussian exactly (Kalman / Schur update),
// adding the exact log-likelihood. The model runs in its number-domain twin (exact-domain.ts).
//
// Result: a FiniteDist when no execution returns a Gaussian term; for a Real, a GaussianDist — the mixture over
// executions of N(E[result | branch], Var[result | branch]) weighted by each branch's exact evidence (plain
// numbers are atoms); for a tuple/array/record of Reals, a JointGaussianDist (the mixture of the branches'
// joint Gaussians of its leaves). logZ is exact (a log density when continuous values were observed).

import type { Span } from '../../lang/index.js';
import { PplError, Tuple, isRecord, logSumExp } from '../../stdlib/index.js';
import { ROOT, currentExec, doneReq, setExec, type Cont, type ExecState, type InferCall } from '../contract.js';
import { Affine, GaussianState, isSymbolic, LatentAllocator, symAdd, symSub, type Sym } from '../gaussian/index.js';
import { countOption } from '../methods.js';
import { GaussianDist, JointGaussianDist, flatten, leavesIn, rebuild, type Shape } from '../results/index.js';
import { Merger } from './merge.js';
import { containsSymbolic, normalParams } from './exact-domain.js';
import { MAX_DEPTH, tooDeep } from './enumerate.js';
import { Rejections, zeroEvidence } from './rejections.js';

interface Leaf { value: unknown; logw: number; state: GaussianState }

export const exactEngine = {
  name: 'Exact',
  run(call: InferCall) {
    const max = countOption({ name: 'Exact', options: call.options }, 'maxExecutions', 1_000_000);
    const model = call.domainModel ? call.domainModel() : call.model;
    const rejections = new Rejections();
    const leaves: Leaf[] = [];
    const where = (site: number) => call.sites.sites[site]?.span;

    const ks: Cont<any>[] = [];
    const ds: number[] = [];
    const vs: unknown[] = [];
    const ws: number[] = [];
    const xs: ExecState[] = [];
    const gs: GaussianState[] = [];
    let executions = 0;
    let logw = 0;
    let depth = 0;
    let g = GaussianState.initial(new LatentAllocator());
    setExec(call.exec);
    let req = model(ROOT, doneReq);
    for (;;) {
      let dead = false;
      switch (req.kind) {
        case 'sample': {
          const d = req.dist!;
          const normal = normalParams(d);
          if (normal !== undefined) {
            if (++depth > MAX_DEPTH) throw tooDeep('Exact', call);
            const z = g.fresh(0, normal.sd);
            req = req.k!(symAdd(normal.mean, z));
            continue;
          }
          if (d instanceof JointGaussianDist && d.components === 1) {
            // The result of an inner Exact infer over a structure: mean + L·z over fresh latents, kept symbolic.
            if (++depth > MAX_DEPTH) throw tooDeep('Exact', call);
            req = req.k!(symbolicDraw(d, g));
            continue;
          }
          const sup = d.support() as readonly unknown[] | undefined;
          if (sup === undefined) {
            throw new PplError(`Exact enumerates discrete choices and keeps Normal ones symbolic; it cannot handle a ${(d as { name?: string }).name ?? 'continuous'} choice — use a sampling method`, where(req.site));
          }
          const ex = currentExec();
          for (let i = sup.length - 1; i >= 1; i--) {
            const lp = d.logProb(sup[i]);
            if (lp === -Infinity) continue;
            ks.push(req.k!); ds.push(depth + 1); vs.push(sup[i]); ws.push(logw + lp); xs.push(ex); gs.push(g);
          }
          const lp0 = sup.length > 0 ? d.logProb(sup[0]) : -Infinity;
          if (lp0 === -Infinity) {
            dead = true;
            break;
          }
          logw += lp0;
          if (++depth > MAX_DEPTH) throw tooDeep('Exact', call);
          req = req.k!(sup[0]);
          continue;
        }
        case 'observe': {
          const d = req.dist!;
          const normal = normalParams(d);
          if (normal !== undefined && (isSymbolic(normal.mean) || isSymbolic(req.value))) {
            const r = conditionAt(() => g.observe(symSub(normal.mean, req.value as Sym), normal.sd, 0), where(req.site));
            g = r.state;
            logw += r.logLik;
          } else {
            if (containsSymbolic(req.value)) {
              throw new PplError(`Exact can observe a Gaussian term only through a Normal; this observes it from ${(d as { name?: string }).name}`, where(req.site));
            }
            logw += d.logProb(req.value);
          }
          if (logw === -Infinity) {
            rejections.add(req.site);
            dead = true;
            break;
          }
          req = req.k!(null);
          continue;
        }
        case 'factor': {
          const s = req.value;
          if (typeof s !== 'number') throw new PplError('Exact: `factor` of a Gaussian term is not supported (its weight would not be Gaussian)', where(req.site));
          if (s !== s || s === Infinity) throw new PplError(`factor: the log weight must be a number below infinity, got ${s}`, where(req.site));
          logw += s;
          if (logw === -Infinity) {
            rejections.add(req.site);
            dead = true;
            break;
          }
          req = req.k!(null);
          continue;
        }
        case 'condition':
          if (req.value !== true) {
            rejections.add(req.site);
            dead = true;
            break;
          }
          req = req.k!(null);
          continue;
        case 'equate': {
          const [l, r] = req.value as [Sym, Sym];
          const c = conditionAt(() => g.equate(l, r), where(req.site));
          g = c.state;
          logw += c.logLik;
          req = req.k!(null);
          continue;
        }
        case 'bounce':
          req = req.k!(null);
          continue;
        case 'done':
          if (logw !== -Infinity) leaves.push({ value: req.value, logw, state: g });
          dead = true;
          break;
      }
      if (dead) {
        if (++executions > max) {
          throw new PplError(`Exact: more than ${max} discrete executions (maxExecutions); use a sampling method`, call.span);
        }
        if (ks.length === 0) break;
        setExec(xs.pop()!);
        g = gs.pop()!;
        logw = ws.pop()!;
        depth = ds.pop()!;
        const v = vs.pop();
        req = ks.pop()!(v);
      }
    }
    if (leaves.length === 0) throw zeroEvidence('Exact', call, rejections);
    return result(leaves, call);
  },
};


function conditionAt<T>(f: () => T, span: Span | undefined): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PplError && span !== undefined) e.located(span);
    throw e;
  }
}

function result(leaves: Leaf[], call: InferCall): unknown {
  if (!leaves.some((l) => containsSymbolic(l.value))) {
    const out = new Merger();
    for (const l of leaves) out.add(concrete(l.value), l.logw);
    const d = out.build();
    if (d === undefined) throw zeroEvidence('Exact', call, new Rejections());
    return d;
  }
  if (leaves.every((l) => typeof l.value === 'number' || isSymbolic(l.value))) return scalarResult(leaves, call);
  return jointResult(leaves, call);
}

/** A Real result: a mixture of univariate Gaussians, one per branch (atoms for branches that returned constants). */
function scalarResult(leaves: Leaf[], call: InferCall): GaussianDist {
  const n = leaves.length;
  const lw = new Float64Array(n);
  const means = new Float64Array(n);
  const vars = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = leaves[i]!;
    lw[i] = l.logw;
    means[i] = l.state.meanOf(l.value as Sym);
    vars[i] = l.state.varianceOf(l.value as Sym);
  }
  const logZ = logSumExp(lw);
  if (logZ === -Infinity) throw zeroEvidence('Exact', call, new Rejections());
  return new GaussianDist(lw, means, vars, logZ);
}

/** A draw from a one-component joint Gaussian as affine forms over fresh latents (one per free coordinate). */
function symbolicDraw(d: JointGaussianDist, g: GaussianState): unknown {
  const { L, pivot } = d.factor(0);
  const n = d.dim;
  const ids = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) if (pivot[j]) ids[j] = g.allocator.fresh();
  const m = d.means[0]!;
  return rebuild(d.shape, (i) => {
    const use: number[] = [];
    for (let j = 0; j <= i; j++) if (ids[j]! >= 0 && L[i * n + j] !== 0) use.push(j);
    if (use.length === 0) return m[i]!;
    return new Affine(m[i]!, Int32Array.from(use, (j) => ids[j]!), Float64Array.from(use, (j) => L[i * n + j]!));
  });
}

const isReal = (x: unknown): x is Sym => typeof x === 'number' || isSymbolic(x);

/**
 * A tuple, array or record of Reals: per branch, the joint Gaussian of its flattened leaves (mean vector and
 * covariance matrix under the branch's conditioned state). Every branch must return the same shape.
 */
function jointResult(leaves: Leaf[], call: InferCall): JointGaussianDist {
  let shape: Shape | undefined;
  const components = leaves.map((l) => {
    let syms: Sym[] | undefined;
    if (shape === undefined) {
      const flat = flatten(l.value, isReal);
      if (flat !== undefined) {
        shape = flat.shape;
        syms = flat.leaves;
      }
    } else {
      // Later branches are read in the first one's order (record fields by name).
      syms = leavesIn(shape, l.value, isReal);
      if (syms === undefined && flatten(l.value, isReal) !== undefined) {
        throw new PplError('Exact: the model returns structures of different shapes (arrays of different lengths) in ' +
          'different branches; a joint Gaussian result needs one shape', call.span);
      }
    }
    if (syms === undefined) {
      throw new PplError('Exact: the model returns a structure that mixes Gaussian terms with values that are not Reals; ' +
        'return only Reals (a tuple, array or record of them), or use a sampling method', call.span);
    }
    const { mean, cov } = l.state.jointOf(syms);
    return { logWeight: l.logw, mean, cov: cov.flat() };
  });
  const logZ = logSumExp(leaves.map((l) => l.logw));
  if (logZ === -Infinity) throw zeroEvidence('Exact', call, new Rejections());
  return new JointGaussianDist(shape!, components[0]!.mean.length, components, logZ);
}

/** A value with every constant affine form (no latents left) replaced by its number. */
function concrete(v: unknown): unknown {
  if (isSymbolic(v)) return v.c;
  if (typeof v !== 'object' || v === null || !(Array.isArray(v) || v instanceof Tuple || isRecord(v))) return v;
  const flat = flatten(v, isReal);
  return flat === undefined ? v : rebuild(flat.shape, (i) => concrete(flat.leaves[i]));
}
