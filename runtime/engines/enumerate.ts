// Enumerate: exact inference by exploring every execution of a model whose random choices have finite support.
// Executions are explored depth first by resuming the continuation of each `sample` once per value of the
// support (never re-running a shared prefix); results are merged by value with their log weights.
//
// Returns a FiniteDist with P(v) = Σ_{executions returning v} w / Σ_{all} w, where w = Π p(choice) · Π likelihoods,
// and logZ = log Σ_{all} w (the exact evidence).

import { PplError } from '../../stdlib/index.js';
import { ROOT, currentExec, doneReq, setExec, type Cont, type ExecState, type InferCall, type Request } from '../contract.js';
import { countOption } from '../methods.js';
import { Merger } from './merge.js';
import { Rejections, zeroEvidence } from './rejections.js';

export const enumerateEngine = {
  name: 'Enumerate',
  run(call: InferCall) {
    const max = countOption({ name: 'Enumerate', options: call.options }, 'maxExecutions', 1_000_000);
    const out = new Merger();
    const rejections = new Rejections();
    explore(call.model(ROOT, doneReq), call.exec, 'Enumerate', max, call, rejections, (value, logWeight) => out.add(value, logWeight));
    const d = out.build();
    if (d === undefined) throw zeroEvidence('Enumerate', call, rejections);
    return d;
  },
};

/**
 * The depth-first explorer shared with Exact's discrete part: runs `first` and every branch it opens, calling
 * `emit` for each finished execution. Pending branches live on an explicit stack (continuation, value to resume
 * with, log weight, execution context), so memory is proportional to depth × branching, not to executions.
 */
export function explore(
  first: Request, exec0: ExecState, engine: string, max: number, call: InferCall, rejections: Rejections,
  emit: (value: unknown, logWeight: number) => void,
): void {
  const ks: Cont<any>[] = [];
  const ds: number[] = [];
  const vs: unknown[] = [];
  const ws: number[] = [];
  const xs: ExecState[] = [];
  let executions = 0;
  let req = first;
  let logw = 0;
  /** Random choices made so far by the current execution (a model that never stops is an error, not a hang). */
  let depth = 0;
  setExec(exec0);
  for (;;) {
    let dead = false;
    switch (req.kind) {
      case 'sample': {
        const d = req.dist!;
        const sup = d.support() as readonly unknown[] | undefined;
        if (sup === undefined) throw unsupportedChoice(engine, d as { name?: string }, req.site, call);
        const ex = currentExec();
        for (let i = sup.length - 1; i >= 1; i--) {
          const lp = d.logProb(sup[i]);
          if (lp === -Infinity) continue;
          ks.push(req.k!);
          ds.push(depth + 1);
          vs.push(sup[i]);
          ws.push(logw + lp);
          xs.push(ex);
        }
        if (sup.length === 0) {
          dead = true;
          break;
        }
        const lp0 = d.logProb(sup[0]);
        if (lp0 === -Infinity) {
          dead = true;
          break;
        }
        logw += lp0;
        if (++depth > MAX_DEPTH) throw tooDeep(engine, call);
        req = req.k!(sup[0]);
        continue;
      }
      case 'observe': {
        const lp = req.dist!.logProb(req.value);
        if (lp !== lp) throw new PplError('observe: the log density is NaN', call.sites.sites[req.site]?.span);
        logw += lp;
        if (logw === -Infinity) {
          rejections.add(req.site);
          dead = true;
          break;
        }
        req = req.k!(null);
        continue;
      }
      case 'factor': {
        const s = req.value as number;
        if (s !== s || s === Infinity) throw new PplError(`factor: the log weight must be a number below infinity, got ${s}`, call.sites.sites[req.site]?.span);
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
      case 'bounce':
        req = req.k!(null);
        continue;
      case 'done':
        emit(req.value, logw);
        dead = true;
        break;
      case 'equate':
        throw new PplError(`\`=:=\` conditions exactly on a Gaussian equality; ${engine} cannot do that — use \`Exact\``,
          call.sites.sites[req.site]?.span);
    }
    if (dead) {
      if (++executions > max) {
        throw new PplError(
          `${engine}: more than ${max} executions (maxExecutions); the model has too many (or infinitely many) ` +
            `executions to enumerate — raise maxExecutions or use a sampling method`,
          call.span,
        );
      }
      if (ks.length === 0) return;
      setExec(xs.pop()!);
      logw = ws.pop()!;
      depth = ds.pop()!;
      const v = vs.pop();
      req = ks.pop()!(v);
    }
  }
}

/** Random choices one execution may make before Enumerate/Exact decide the model does not terminate. */
export const MAX_DEPTH = 100_000;

export function tooDeep(engine: string, call: InferCall): PplError {
  return new PplError(`${engine}: an execution made more than ${MAX_DEPTH} random choices; the model may never stop ` +
    '(exploring its first branch forever) — bound its recursion or use a sampling method', call.span);
}

function unsupportedChoice(engine: string, d: { name?: string }, site: number, call: InferCall): PplError {
  const span = call.sites.sites[site]?.span;
  return new PplError(
    `${engine} needs random choices with finite support, but this one draws from ${d.name ?? 'a distribution'}` +
      (engine === 'Enumerate' ? ' (use Exact for Gaussians, or a sampling method)' : ''),
    span,
  );
}
