// Drives Debian's chromium with playwright-core through the web UI's stories against a real
// runtime, finding every control by role and accessible name. One browser, one page, the stories in
// order (sign-in first); a failing story is recorded and the next one starts from the navigation.
// Prints one JSON line: per story ok, error, ms, what it saw, and the browser's console errors and
// failed requests, and axe-core's serious and critical violations on every page it passes. Usage:
//   node web-ui-stories.cjs <base url> <email> <password> <output dir>
const fs = require('fs');
const path = require('path');
const { launch } = require('./chromium.cjs');

const [base, email, password, outDir] = process.argv.slice(2);
const TIMEOUT = 30000;
// evaluated over the debugger protocol: the UI's CSP (script-src 'self') refuses inline scripts
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

(async () => {
  const browser = await launch(outDir, { width: 1400, height: 1000 });
  const { context } = browser;
  context.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  const failed = [];
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  let current = 'start';
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(current + ': ' + r.status() + ' ' + r.url());
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(current + ': ' + m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(current + ': ' + String(e)));
  const main = () => page.getByRole('navigation', { name: 'Main' });
  const traceIdOf = (url) => (/\/traces\/([0-9a-f]{32})/.exec(url) || [])[1] || null;

  // The seconds a chart's time axis spans (the wrapper puts its x range on the plot element).
  async function xSpan(chart) {
    await page.waitForFunction((el) => el.dataset.xMax !== undefined, await chart.elementHandle());
    return chart.evaluate((el) => Number(el.dataset.xMax) - Number(el.dataset.xMin));
  }

  // axe-core on the page as it is: the serious and critical violations, with where.
  const audited = {};
  async function axe(name) {
    await page.evaluate(AXE);
    audited[name] = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
    });
  }

  async function waterfall(seen) {
    await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
    seen.traceId = traceIdOf(page.url());
    await page.getByRole('button', { name: 'Collapse POST /checkout' }).waitFor();
    seen.spans = await page.getByText('SELECT cart', { exact: false }).count();
    await axe('trace');
  }

  const stories = {
    async signIn(seen) {
      await page.goto(base + '/');
      await page.waitForURL(/\/login/);
      seen.loginUrl = new URL(page.url()).pathname;
      await page.getByLabel('Email').waitFor();
      await axe('login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/services/);
      await page.getByRole('heading', { name: 'Services' }).waitFor();
      await page.getByRole('link', { name: 'checkout' }).first().waitFor();
      seen.path = new URL(page.url()).pathname;
      seen.signOut = await page.getByRole('button', { name: /sign out/i }).count();
      await axe('services');
    },
    async traceSearch(seen) {
      await main().getByRole('link', { name: 'Traces' }).click();
      const form = page.getByRole('form', { name: 'Search traces' });
      await form.getByLabel('Service').fill('checkout');
      await form.getByLabel('Min duration').fill('500ms');
      await form.getByLabel('Status').selectOption({ label: 'Error' });
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/traces?')
        && r.url().includes('minDuration=500ms') && r.url().includes('status=error'));
      await form.getByRole('button', { name: 'Search' }).click();
      await answered;
      await page.waitForLoadState('networkidle');
      const table = page.getByRole('table', { name: 'Traces found' });
      const rows = table.getByRole('row').filter({ hasText: 'POST /checkout' });
      await rows.first().waitFor();
      seen.search = new URL(page.url()).search;
      seen.rows = await rows.count();
      seen.listed = await rows.allInnerTexts();
      await axe('traces');
      await page.screenshot({ path: path.join(outDir, 'trace-search.png'), fullPage: true });
      await rows.first().click();
      await waterfall(seen);
    },
    async logToTrace(seen) {
      await main().getByRole('link', { name: 'Logs' }).click();
      const form = page.getByRole('form', { name: 'Search logs' });
      await form.getByLabel('Text').fill('timeout');
      await form.getByRole('button', { name: 'Search' }).click();
      const table = page.getByRole('table', { name: 'Log records' });
      const rows = table.getByRole('row').filter({ hasText: 'payment gateway timeout' });
      await rows.first().waitFor();
      seen.rows = await rows.count();
      await axe('logs');
      await page.screenshot({ path: path.join(outDir, 'log-search.png'), fullPage: true });
      await rows.first().getByRole('link', { name: /^Trace of the log at / }).click();
      await waterfall(seen);
    },
    async metricSpike(seen) {
      await main().getByRole('link', { name: 'Metrics' }).click();
      const catalog = page.getByRole('navigation', { name: 'Metric catalog' });
      await catalog.getByLabel('Search metrics').fill('checkout.latency');
      await catalog.getByRole('button', { name: /checkout\.latency/ }).click();
      const chart = page.getByRole('img', { name: /of checkout\.latency/ });
      await chart.waitFor();
      // The spike: move over the plot, read the legend's value, click where it is highest.
      seen.xSeconds = await xSpan(chart);
      const over = chart.locator('.u-over');
      const box = await over.boundingBox();
      const legend = page.locator('.u-legend .u-series').nth(1).locator('.u-value');
      let best = { x: -1, value: -Infinity };
      for (let x = 2; x < box.width; x += 4) {
        await page.mouse.move(box.x + x, box.y + box.height / 2);
        const v = parseFloat((await legend.innerText()).replace(/[^0-9.\-]/g, ''));
        if (!Number.isNaN(v) && v > best.value) best = { x, value: v };
      }
      seen.spikeValue = best.value;
      await page.mouse.click(box.x + best.x, box.y + box.height / 2);
      const panel = page.getByRole('complementary', { name: 'Correlation' });
      await panel.getByRole('heading', { name: 'Exemplar traces' }).waitFor();
      const exemplars = panel.getByRole('list').first().getByRole('link');
      await exemplars.first().waitFor();
      seen.exemplars = await exemplars.count();
      await axe('metrics');
      await page.screenshot({ path: path.join(outDir, 'metric-correlation.png'), fullPage: true });
      await exemplars.first().click();
      await waterfall(seen);
    },
    async getStarted(seen) {
      // The signed-in admin makes a browser key bound to the origin typed here; it is shown once.
      await page.goto(base + '/get-started');
      await page.getByRole('heading', { name: 'Get started' }).waitFor();
      await page.getByRole('button', { name: 'Browser' }).click();
      await page.getByLabel('Service name').fill('shop');
      await page.getByLabel(/origin/).fill('https://shop.example');
      await page.getByRole('button', { name: 'Create browser key' }).click();
      const key = page.getByLabel('New key');
      await key.waitFor();
      seen.key = (await key.innerText()).trim();
      seen.snippet = await page.getByLabel('Snippet').innerText();
      seen.search = new URL(page.url()).search;
      seen.firstData = await page.getByText(/First data received|Waiting for the first data/).innerText();
      await axe('get-started');
      await page.screenshot({ path: path.join(outDir, 'get-started.png'), fullPage: true });
    },
    async serviceTimeline(seen) {
      await main().getByRole('link', { name: 'Services' }).click();
      await page.getByRole('link', { name: 'checkout' }).first().click();
      await page.getByRole('heading', { name: 'checkout', level: 1 }).waitFor();
      const related = page.getByRole('navigation', { name: 'Related' });
      await related.getByRole('link', { name: 'Timeline of checkout' }).waitFor();
      const latency = page.getByRole('img', { name: /latency/i });
      await latency.locator('.u-over').waitFor();
      seen.xSeconds = await xSpan(latency);
      await axe('service');
      await page.screenshot({ path: path.join(outDir, 'service.png'), fullPage: true });
      await related.getByRole('link', { name: 'Timeline of checkout' }).click();
      await page.waitForURL(/\/timeline/);
      await page.getByRole('heading', { name: /timeline/i }).first().waitFor();
      const items = page.getByRole('table', { name: 'Timeline items' }).getByRole('row');
      await items.nth(1).waitFor();
      seen.rows = await items.count();
      seen.kinds = await page.getByRole('group', { name: 'Show' }).innerText();
      await axe('timeline');
    },
    async accountSecurity(seen) {
      // the signed-in person's own two-step sign-in page, reached from the name in the header
      await page.goto(base + '/account/security');
      await page.getByRole('heading', { name: 'Account security', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      seen.path = new URL(page.url()).pathname;
      await axe('account-security');
    },
  };

  const results = {};
  for (const [name, story] of Object.entries(stories)) {
    const seen = {};
    current = name;
    const t0 = Date.now();
    try {
      await story(seen);
      results[name] = { ok: true, seen };
    } catch (e) {
      results[name] = { ok: false, error: String(e).slice(0, 2000), url: page.url(), seen };
    }
    results[name].ms = Date.now() - t0;
    await page.screenshot({ path: path.join(outDir, name + '.png'), fullPage: true })
      .catch(() => {});
  }
  await browser.close();
  console.log(JSON.stringify({ stories: results, axe: audited, consoleErrors, failed,
    offsite: requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:')) }));
})().catch((e) => { console.error(e); process.exit(1); });
