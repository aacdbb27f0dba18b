// Turns bench/results.json into the markdown results section of bench/README.md (between markers, so a
// re-run replaces it) and a plain-text summary for the terminal.
import { fmt } from './benchmarks.mjs';

export const BEGIN = '<!-- results:begin (written by bench/run.mjs; do not edit by hand) -->';
export const END = '<!-- results:end -->';

/** Replaces the text between the markers (or appends the markers and the section when absent). */
export function replaceBetweenMarkers(readme, section) {
  const block = `${BEGIN}\n${section.trimEnd()}\n${END}`;
  const i = readme.indexOf(BEGIN), j = readme.indexOf(END);
  if (i >= 0 && j > i) return readme.slice(0, i) + block + readme.slice(j + END.length);
  return `${readme.trimEnd()}\n\n${block}\n`;
}

const ms = (x) => (typeof x === 'number' && Number.isFinite(x) ? `${Math.round(x).toLocaleString('en-US')}` : '—');

/** "12.3×" for a speed-up, with one decimal under 100. */
function times(x) {
  if (!(typeof x === 'number' && Number.isFinite(x))) return '—';
  return x >= 100 ? `${Math.round(x)}×` : `${x.toFixed(1)}×`;
}

function targetText(b) {
  const t = b.target;
  if (t.kind === 'startup') return `ppl ≤ ${t.maxMs} ms over node`;
  return `≥ ${t.factor}×${t.essPerSecond ? ', higher ESS/s' : ''}`;
}

function verdict(b) {
  if (b.ppl?.status !== 'ok') return 'not yet';
  if (!b.ppl.allChecksOk) return '✗ (ppl answer wrong)';
  return b.targetMet ? '✓ met' : '✗ not met';
}

function sideAnswer(side) {
  if (!side) return '—';
  if (side.status === 'not-runnable') return `not runnable yet (${side.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')})`;
  if (side.status === 'failed') return `failed (${side.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')})`;
  const reps = side.reps ?? [];
  const bad = reps.filter((r) => !r.check.ok).length;
  const mark = bad === 0 ? '✓' : `✗ ${bad}/${reps.length} wrong:`;
  return `${mark} ${reps.at(-1)?.check.summary ?? ''}`.replace(/\|/g, '\\|');
}

/** The markdown section: conditions, the main table, then per-benchmark detail lines. */
export function markdown(results) {
  const lines = [];
  const m = results.machine;
  lines.push(`Recorded ${results.date} (node ${m.node}, WebPPL ${m.webppl}, ${m.cpus} × ${m.cpuModel}; ` +
    `load average ${m.loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${m.loadAfter.map((x) => x.toFixed(2)).join(' ')} after; ` +
    `${results.reps} repetitions per side, medians${results.pplCommand ? `; ppl run as \`${results.pplCommand} run FILE --json\`` : ''}).`);
  lines.push('');
  const nodeCpu = results.node.cpuMs !== undefined ? `; CPU time ${ms(results.node.cpuMs)} ms` : '';
  const runs = results.node.runsMs;
  lines.push(`Bare \`node -e 0\`, started the same way: **${ms(results.node.medianMs)} ms** median of ${runs.length} runs ` +
    `(${ms(Math.min(...runs))}–${ms(Math.max(...runs))} ms${nodeCpu}).`);
  lines.push('');
  lines.push('| benchmark | WebPPL in `Infer` (ms) | WebPPL process − node (ms) | ppl process − node (ms) | speed-up | target | verdict | speed-up, fastest runs | ppl CPU − node CPU (ms) |');
  lines.push('|---|---:|---:|---:|---:|---|---|---:|---:|');
  for (const b of results.benchmarks) {
    const w = b.webppl ?? {}, p = b.ppl ?? {};
    const pplCell = p.status === 'ok' ? ms(p.netMs) : p.status === 'not-runnable' ? 'not runnable yet' : p.status === 'failed' ? 'failed' : '—';
    const speed = b.kind === 'startup' ? '—' : `${b.speedupIsLowerBound ? '≥ ' : ''}${times(b.speedup)}`;
    const cpu = p.status === 'ok' ? ms(p.netCpuMs) : '—';
    const best = b.kind === 'startup' ? (p.status === 'ok' ? `ppl ${ms(p.bestNetMs)} ms` : '—') : `${b.bestSpeedupIsLowerBound ? '≥ ' : ''}${times(b.bestSpeedup)}`;
    lines.push(`| ${b.title} | ${b.kind === 'startup' ? '— (no Infer)' : ms(w.inferMs)} | ${ms(w.netMs)} | ${pplCell} | ${speed} | ${targetText(b)} | ${verdict(b)} | ${best} | ${cpu} |`);
  }
  lines.push('');
  lines.push('Net times are medians over the repetitions of (process wall time − the wall time of a bare `node -e 0` started just before it). ' +
    'A ppl net time under 10 ms is within the noise of starting node; its speed-up is then a lower bound (marked ≥), computed with 10 ms. ' +
    'Verdicts use the medians. "Fastest runs" divides WebPPL\'s fastest in-`Infer` time by ppl\'s fastest net time: the least disturbed ' +
    'estimate when other jobs load the machine, since load only adds time (and it adds more to WebPPL\'s long, allocation-heavy runs).');
  lines.push('');
  lines.push('Answers (each repetition is checked; the last one is shown):');
  lines.push('');
  const startup = results.benchmarks.find((b) => b.kind === 'startup')?.ppl;
  for (const b of results.benchmarks) {
    lines.push(`- **${b.name}** — exact: ${b.exact}.`);
    lines.push(`  - WebPPL: ${sideAnswer(b.webppl)}${b.webppl?.date && b.webppl.date !== results.date ? ` (measured ${b.webppl.date})` : ''}`);
    lines.push(`  - ppl: ${sideAnswer(b.ppl)}${b.ppl?.date && b.ppl.date !== results.date ? ` (measured ${b.ppl.date})` : ''}`);
    if (b.kind === 'chain') {
      const e = (s) => (s?.status === 'ok' && Number.isFinite(s.essPerSecond) ? `${Math.round(s.essPerSecond).toLocaleString('en-US')} ESS/s` : '—');
      lines.push(`  - effective samples per second (min over b0, b1; WebPPL per second in \`Infer\`, ppl per second of process − node): WebPPL ${e(b.webppl)}, ppl ${e(b.ppl)}`);
    }
    const cpu = (s) => (s?.status === 'ok' && Number.isFinite(s.netCpuMs) ? `${ms(s.netCpuMs)} ms` : '—');
    if (b.webppl?.netCpuMs !== undefined || b.ppl?.netCpuMs !== undefined) {
      lines.push(`  - CPU time (user + system) of the whole process minus bare node's: WebPPL ${cpu(b.webppl)}, ppl ${cpu(b.ppl)}`);
    }
    if (b.kind !== 'startup' && b.ppl?.status === 'ok' && startup?.status === 'ok') {
      lines.push(`  - ppl beyond its own start-up (process − node − the one-line program's ${ms(startup.netMs)} ms): ${ms(b.ppl.netMs - startup.netMs)} ms`);
    }
    if (b.kind === 'startup') lines.push(`  - whole process: WebPPL ${ms(b.webppl?.wallMs)} ms, ppl ${ms(b.ppl?.wallMs)} ms`);
  }
  return lines.join('\n');
}

/** A short plain-text table for the terminal. */
export function terminal(results) {
  const rows = results.benchmarks.map((b) => {
    const w = b.webppl ?? {}, p = b.ppl ?? {};
    const pplText = p.status === 'ok' ? `${ms(p.netMs)} ms` : p.status ? `${p.status}: ${p.reason}` : '—';
    return `${b.name.padEnd(8)} WebPPL Infer ${ms(w.inferMs).padStart(7)} ms, process−node ${ms(w.netMs).padStart(7)} ms | ppl ${pplText} | ${b.kind === 'startup' ? '' : `speed-up ${b.speedupIsLowerBound ? '≥ ' : ''}${times(b.speedup)} `}${verdict(b)}`;
  });
  return [`node -e 0: ${ms(results.node.medianMs)} ms`, ...rows].join('\n');
}

export { fmt };
