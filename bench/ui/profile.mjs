// Profiles one scroll of the bench with a Chromium performance trace:
// `node bench/ui/profile.mjs trace|logs` (BENCH_BUNDLE: another built bundle, e.g. main's, to
// compare). Writes web-ui/target/bench-ui/<which>-trace.json (open it in Chrome's Performance
// panel) and prints every main-thread task over 50 ms with the work inside it (script, style,
// layout, paint...), and the CPU time of the whole scroll by kind of work.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './mock-server.mjs';
import { CATEGORIES, traceTasks } from './tasks.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webUi = resolve(here, '../../web-ui');
const out = join(webUi, 'target/bench-ui');
mkdirSync(out, { recursive: true });
const { chromium } = createRequire(join(webUi, 'package.json'))('playwright-core');
const which = process.argv[2] ?? 'trace';
const [at, selector] =
  which === 'logs'
    ? ['/logs?q=many', '[aria-label="Log records"] [role=row][data-row]']
    : ['/traces/big?span=0000000000000062', '[aria-label="Waterfall"] [role=row][data-row]'];

const server = await startServer(process.env.BENCH_BUNDLE ?? join(webUi, 'target/classes/webui'));
const browser = await chromium.launch({
  executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const file = join(out, `${which}-trace.json`);
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  await page.goto(`http://127.0.0.1:${server.address().port}${at}`);
  await page.waitForSelector(selector, { timeout: 30_000 });
  await page.waitForTimeout(500);
  await browser.startTracing(page, { path: file, categories: CATEGORIES });
  await page.evaluate(async () => {
    const body = document.querySelector('.vtable-body');
    for (let i = 0; i < 120; i++) {
      body.scrollTop += 600;
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
  });
  await browser.stopTracing();
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(traceTasks(file), null, 2));
