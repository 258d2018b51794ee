// Main-thread tasks of a Chromium performance trace (browser.startTracing): wall time, which a
// loaded machine inflates when the OS runs someone else, and thread (CPU) time, which it does not.
import { readFileSync } from 'node:fs';

export const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink',
];

const KINDS = [
  'FunctionCall',
  'EventDispatch',
  'FireAnimationFrame',
  'TimerFire',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'MinorGC',
  'MajorGC',
];

export function traceTasks(file) {
  const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;
  const mainTid = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )?.tid;
  const main = events.filter((e) => e.ph === 'X' && e.tid === mainTid);
  const tasks = main.filter((e) => e.name === 'RunTask');
  const ms = (us) => +((us ?? 0) / 1000).toFixed(1);
  const long = tasks
    .filter((t) => t.dur > 50_000)
    .map((t) => {
      const kinds = {};
      for (const e of main) {
        if (KINDS.includes(e.name) && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur) {
          kinds[e.name] = +((kinds[e.name] ?? 0) + e.dur / 1000).toFixed(1);
        }
      }
      return { wallMs: ms(t.dur), cpuMs: ms(t.tdur), kinds };
    });
  const cpuByKind = {};
  for (const e of main.filter((e) => KINDS.includes(e.name))) {
    cpuByKind[e.name] = (cpuByKind[e.name] ?? 0) + (e.tdur ?? 0) / 1000;
  }
  return {
    tasks: tasks.length,
    cpuMs: Math.round(tasks.reduce((s, t) => s + (t.tdur ?? 0), 0) / 1000),
    longestCpuMs: Math.max(0, ...tasks.map((t) => ms(t.tdur))),
    tasksOver50Cpu: tasks.filter((t) => (t.tdur ?? 0) > 50_000).length,
    long,
    cpuByKind: Object.fromEntries(
      Object.entries(cpuByKind)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round(v)]),
    ),
  };
}
