// UI figures (not a timed test): the app shell's JavaScript gzipped, time to the Services page's
// first meaningful paint, a 10,000-span trace rendered and scrolled, a 100,000-row log list
// scrolled (long tasks over 50 ms while scrolling). Drives Debian's chromium with playwright-core
// against the built bundle and fixed API answers (mock-server.mjs). Screenshots go beside the
// figures in web-ui/target/bench-ui/.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { startServer } from './mock-server.mjs';
import { CATEGORIES, traceTasks } from './tasks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webUi = resolve(here, '../../web-ui');
// BENCH_BUNDLE: another built bundle (e.g. main's) to compare
const root = process.env.BENCH_BUNDLE ?? join(webUi, 'target/classes/webui');
const out = join(webUi, 'target/bench-ui');
mkdirSync(out, { recursive: true });
const { chromium } = createRequire(join(webUi, 'package.json'))('playwright-core');
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.BENCH_SCREENSHOTS !== 'false';

function shellBytes() {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let js = 0;
  let css = 0;
  for (const f of files) {
    const gz = gzipSync(readFileSync(join(root, f)), { level: 9 }).length;
    if (f.endsWith('.js')) js += gz;
    else css += gz;
  }
  return { jsGzipKB: +(js / 1024).toFixed(1), cssGzipKB: +(css / 1024).toFixed(1), files };
}

// Marks the first time a selector is in the DOM, in the page's own clock (ms since navigation).
const INIT = `
  window.__marks = {};
  window.__long = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration)))
    .observe({ type: 'longtask', buffered: true });
  window.__watch = (name, selector) => {
    const check = () => {
      if (!window.__marks[name] && document.querySelector(selector)) {
        window.__marks[name] = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
    check();
  };
  // the first time at least n elements match
  window.__watchAll = (name, selector, n) => {
    const check = () => {
      if (!window.__marks[name] && document.querySelectorAll(selector).length >= n) {
        window.__marks[name] = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    check();
  };
`;

async function openAt(browser, url, name, selector, theme = 'light') {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(`localStorage.setItem('obsera.theme', '${theme}');` + INIT + `window.__watch(${JSON.stringify(name)}, ${JSON.stringify(selector)});`);
  await page.goto(url);
  await page.waitForSelector(selector, { timeout: 30_000 });
  await page.waitForTimeout(200);
  const at = await page.evaluate((n) => window.__marks[n], name);
  return { page, at };
}

/**
 * Scrolls the virtual table's body in steps, one per frame; long tasks (> 50 ms) meanwhile, in wall
 * time (the page's longtask entries) and in the main thread's CPU time (a performance trace): on a
 * shared machine the OS can pause the renderer in the middle of a 5 ms task and make it "long".
 */
async function scroll(browser, page, name, steps = 120, px = 600) {
  const file = join(out, `${name}-scroll-trace.json`);
  await browser.startTracing(page, { path: file, categories: CATEGORIES });
  const wall = await page.evaluate(
    async ({ steps, px }) => {
      const body = document.querySelector('.vtable-body');
      window.__long = [];
      const t0 = performance.now();
      let worstFrame = 0;
      let last = t0;
      for (let i = 0; i < steps; i++) {
        body.scrollTop += px;
        await new Promise((r) => requestAnimationFrame(() => r()));
        const now = performance.now();
        worstFrame = Math.max(worstFrame, now - last);
        last = now;
      }
      await new Promise((r) => setTimeout(r, 100));
      const over50 = window.__long.filter((d) => d > 50);
      return {
        scrolledPx: body.scrollTop,
        ms: Math.round(performance.now() - t0),
        worstFrameMs: Math.round(worstFrame),
        longTasksOver50: over50.length,
        longestTaskMs: Math.round(Math.max(0, ...window.__long)),
        rowsInDom: body.querySelectorAll('[role=row]').length,
      };
    },
    { steps, px },
  );
  await browser.stopTracing();
  const t = traceTasks(file);
  return {
    ...wall,
    mainThreadCpuMs: t.cpuMs,
    longestTaskCpuMs: t.longestCpuMs,
    longTasksOver50Cpu: t.tasksOver50Cpu,
    longTasks: t.long,
  };
}

const server = await startServer(root);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const figures = { loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)), shell: shellBytes() };
try {
  // warm-up (the first Chromium page pays for its own start)
  await (await openAt(browser, `${base}/services`, 'warm', 'table.data tbody tr')).page.close();

  const services = await openAt(browser, `${base}/services`, 'services', 'table.data tbody tr th a');
  figures.servicesFirstMeaningfulPaintMs = Math.round(services.at);
  if (SHOTS) await services.page.screenshot({ path: join(out, 'services.png'), fullPage: true });
  await services.page.close();

  if (SHOTS) {
    const svc = await openAt(browser, `${base}/services/checkout`, 'svc', '.chart canvas', 'dark');
    await svc.page.screenshot({ path: join(out, 'service-dark.png'), fullPage: true });
    await svc.page.close();
    const at = Date.now() - 800_000;
    const metrics = await openAt(browser, `${base}/metrics?metric=http.server.duration&at=${at}`, 'metrics', '[aria-label="Correlation"] li a');
    await metrics.page.screenshot({ path: join(out, 'metrics-correlation.png'), fullPage: true });
    await metrics.page.close();
    const tl = await openAt(browser, `${base}/timeline?service=checkout`, 'timeline', '[aria-label="Timeline items"] [role=row][data-row]');
    await tl.page.screenshot({ path: join(out, 'timeline.png') });
    await tl.page.close();
    const tr = await openAt(browser, `${base}/traces`, 'traces', '[aria-label="Traces found"] [role=row][data-row]');
    await tr.page.screenshot({ path: join(out, 'traces.png') });
    await tr.page.close();
  }

  const trace = await openAt(browser, `${base}/traces/big?span=0000000000000062`, 'trace', '[aria-label="Waterfall"] [role=row][data-row]');
  const api = await trace.page.evaluate(() =>
    performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/traces/big')).responseEnd,
  );
  figures.trace10k = {
    renderedMsAfterResponse: Math.round(trace.at - api),
    fromNavigationMs: Math.round(trace.at),
  };
  if (SHOTS) await trace.page.screenshot({ path: join(out, 'trace-10k.png') });
  figures.trace10k.scroll = await scroll(browser, trace.page, 'trace10k');
  await trace.page.close();

  // 12 panels over 24 h: navigation start to every panel drawn (no panel loading, none empty)
  {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const drawn = '.grid-panel-body :is(.chart canvas, .stat-value, .dash-bars, .result-table, .panel-list, .uptime-bars)';
    await page.addInitScript(`localStorage.setItem('obsera.theme', 'light');` + INIT + `window.__watchAll('dash', ${JSON.stringify(drawn)}, 12);`);
    await page.goto(`${base}/dashboards/bench?from=now-24h&to=now`);
    await page.waitForFunction(() => window.__marks.dash !== undefined, null, { timeout: 30_000 });
    const at = await page.evaluate(() => window.__marks.dash);
    const longTasks = await page.evaluate(() => window.__long.filter((d) => d > 50).map(Math.round));
    figures.dashboard12Panels24h = { allDrawnFromNavigationMs: Math.round(at), longTasksOver50Ms: longTasks };
    if (SHOTS) await page.screenshot({ path: join(out, 'dashboard-12.png'), fullPage: true });
    await page.close();
  }

  const logs = await openAt(browser, `${base}/logs?q=many`, 'logs', '[aria-label="Log records"] [role=row][data-row]');
  const logsApi = await logs.page.evaluate(() =>
    performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/logs?')).responseEnd,
  );
  figures.logs100k = { renderedMsAfterResponse: Math.round(logs.at - logsApi) };
  if (SHOTS) await logs.page.screenshot({ path: join(out, 'logs-100k.png') });
  figures.logs100k.scroll = await scroll(browser, logs.page, 'logs100k');
  await logs.page.close();

  if (SHOTS) {
    const login = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await login.route('**/api/v1/me', (r) => r.fulfill({ status: 401, body: '{}' }));
    await login.goto(`${base}/login?next=/traces`);
    await login.waitForSelector('h1');
    await login.screenshot({ path: join(out, 'login.png') });
    await login.close();
  }
} finally {
  await browser.close();
  server.close();
}
figures.loadAverageAtEnd = loadavg().map((l) => +l.toFixed(2));
writeFileSync(join(out, 'figures.json'), JSON.stringify(figures, null, 2) + '\n');
console.log(JSON.stringify(figures, null, 2));
