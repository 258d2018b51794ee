// The dashboard builder's story in Debian's chromium (playwright-core) against a real runtime:
// sign in, create a dashboard, add a logs panel and a metric panel with the Metrics picker, drag
// the second beside the first and make both taller with real mouse drags, save, reload and read the
// layout back from the page and from the API; axe-core on the list, the dashboard and the panel
// editor. Prints one JSON line: per story ok, error, ms, what it saw; console errors, failed
// requests. Usage:
//   node web-ui-dashboard-stories.cjs <base url> <email> <password> <axe.min.js> <output dir>
const fs = require('fs');
const path = require('path');
const { launch } = require('./chromium.cjs');

const [base, email, password, axePath, outDir] = process.argv.slice(2);
const axeSource = fs.readFileSync(axePath, 'utf8');
const TIMEOUT = 30000;
/** The page's grid: rows of 60 px with 12 px margins (DashboardPage's ROW_HEIGHT, margin). */
const ROW = 60;
const MARGIN = 12;

(async () => {
  const browser = await launch(outDir, { width: 1400, height: 1000 });
  const { context } = browser;
  context.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  const failed = [];
  let current = 'start';
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(current + ': ' + r.status() + ' ' + r.url());
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(current + ': ' + m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(current + ': ' + String(e)));
  const axe = {};

  /** axe-core's serious and critical violations on the page as it is now. */
  async function audit(name) {
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
      // evaluated through the DevTools protocol: the UI's CSP (script-src 'self') refuses a tag
      await page.evaluate(axeSource);
    }
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    axe[name] = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    axe[name + 'Minor'] = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical')
      .map((v) => v.id);
  }

  /** Each grid item's place (and the placeholder's, while a drag is on) from its pixel box. */
  function gridPlaces({ colWidth, ROW, MARGIN }) {
    const grid = document.querySelector('.react-grid-layout').getBoundingClientRect();
    const place = (el) => {
      const b = el.getBoundingClientRect();
      return {
        x: Math.round((b.left - grid.left - MARGIN) / (colWidth + MARGIN)),
        y: Math.round((b.top - grid.top - MARGIN) / (ROW + MARGIN)),
        w: Math.round((b.width + MARGIN) / (colWidth + MARGIN)),
        h: Math.round((b.height + MARGIN) / (ROW + MARGIN)),
      };
    };
    const panels = {};
    for (const el of document.querySelectorAll('[data-panel-id]')) panels[el.dataset.panelId] = place(el);
    const placeholder = document.querySelector('.react-grid-placeholder');
    const moving = document.getAnimations().some((a) => a.playState === 'running'
      && a.effect && a.effect.target && a.effect.target.closest('.react-grid-layout'));
    return { panels, placeholder: placeholder && place(placeholder), moving };
  }

  /** The grid's places as drawn: `gridPlaces` defined in the page (again after a reload). */
  async function places(colWidth) {
    // over the DevTools protocol: the UI's CSP refuses eval and new Function in the page
    await page.evaluate('window.__gridPlaces = ' + String(gridPlaces));
    return { colWidth, ROW, MARGIN };
  }

  /**
   * A real drag with the mouse: press at `from`, move in steps to `to`, hold there (moving a
   * pixel, as a hand does) until the grid's placeholder shows `want`, and release. The grid draws
   * a drag's placeholder where the move before the last one put it, and ends a resize with the
   * layout it last rendered: released at once, a drag can lose its last step (a loaded CI
   * machine once kept a panel 2 rows short).
   */
  async function drag(from, to, want, colWidth) {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
    await page.mouse.move(to.x, to.y, { steps: 12 });
    const params = await places(colWidth);
    const until = Date.now() + 10000;
    for (let i = 1; ; i++) {
      const p = await page.evaluate((params) => window.__gridPlaces(params).placeholder, params);
      if (p && p.x === want.x && p.y === want.y && p.w === want.w && p.h === want.h) break;
      if (Date.now() > until) {
        throw new Error('placeholder at ' + JSON.stringify(p) + ', not ' + JSON.stringify(want));
      }
      await page.mouse.move(to.x + (i % 2), to.y);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
    }
    await page.mouse.up();
  }

  const center = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const panel = (title) => page.getByRole('region', { name: title, exact: true });

  /**
   * Each panel's place on the grid as drawn once it settled: no drag placeholder and no move
   * transition running (polled each frame rather than a fixed wait).
   */
  async function drawnLayout(colWidth) {
    const settled = await page.waitForFunction((params) => {
      const now = window.__gridPlaces(params);
      return !now.placeholder && !now.moving && now.panels;
    }, await places(colWidth), { polling: 'raf' });
    return settled.jsonValue();
  }

  async function addPanel(fill) {
    await page.getByRole('button', { name: 'Add panel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a panel' });
    await fill(dialog);
    await dialog.getByRole('button', { name: 'Apply panel' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  const stories = {
    async signIn(seen) {
      await page.goto(base + '/dashboards');
      await page.waitForURL(/\/login/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboards/);
      await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
      seen.path = new URL(page.url()).pathname;
    },
    async buildDashboard(seen) {
      const t0 = Date.now();
      await audit('list');
      await page.getByLabel('New dashboard title').fill('Checkout board');
      await page.getByRole('button', { name: 'Create dashboard' }).click();
      await page.waitForURL(/\/dashboards\/[a-z0-9-]+$/);
      seen.id = new URL(page.url()).pathname.split('/').pop();
      await page.getByRole('heading', { name: 'Checkout board', level: 1 }).waitFor();

      await addPanel(async (d) => {
        await d.getByLabel('Panel title').fill('Timeouts');
        await d.getByLabel('Panel kind').selectOption({ label: 'Logs list' });
        await d.getByLabel('Search text').fill('timeout');
      });
      await page.getByRole('button', { name: 'Add panel' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add a panel' });
      await dialog.getByLabel('Panel title').fill('Checkout latency');
      await dialog.getByLabel('Metric name').selectOption('checkout.latency');
      await dialog.getByLabel('Aggregation').selectOption('p95');
      await audit('editor');
      await dialog.getByRole('button', { name: 'Apply panel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Save dashboard' }).click();
      await page.getByRole('button', { name: 'Saved' }).waitFor();
      await page.getByRole('img', { name: /Checkout latency: p95 of checkout\.latency/ }).waitFor();
      const logs = panel('Timeouts').getByRole('list', { name: 'Timeouts' }).getByRole('listitem');
      await logs.first().waitFor();
      seen.logs = await logs.count();

      // The grid's column width, from the first panel (6 columns wide).
      const first = await panel('Timeouts').boundingBox();
      const colWidth = (first.width - 5 * MARGIN) / 6;
      seen.before = await drawnLayout(colWidth);

      // Drag "Checkout latency" (under "Timeouts") beside it: 6 columns right, 4 rows up.
      const handle = page.getByRole('button', { name: /^Move panel Checkout latency/ });
      const from = center(await handle.boundingBox());
      await drag(from, { x: from.x + 6 * (colWidth + MARGIN), y: from.y - 4 * (ROW + MARGIN) },
        { x: 6, y: 0, w: 6, h: 4 }, colWidth);
      await drawnLayout(colWidth);
      // Make both 2 rows taller with their resize handles (bottom right corner).
      for (const [title, x] of [['Timeouts', 0], ['Checkout latency', 6]]) {
        const corner = center(await panel(title).getByRole('button', { name: /^Resize panel/ })
          .boundingBox());
        await drag(corner, { x: corner.x, y: corner.y + 2 * (ROW + MARGIN) },
          { x, y: 0, w: 6, h: 6 }, colWidth);
        await drawnLayout(colWidth);
      }
      seen.dragged = await drawnLayout(colWidth);
      await page.getByRole('button', { name: 'Save dashboard' }).click();
      await page.getByRole('button', { name: 'Saved' }).waitFor();

      await page.reload();
      await page.getByRole('heading', { name: 'Checkout board', level: 1 }).waitFor();
      await page.getByRole('img', { name: /Checkout latency: p95 of checkout\.latency/ }).waitFor();
      await panel('Timeouts').getByRole('listitem').first().waitFor();
      seen.reloaded = await drawnLayout(colWidth);
      seen.api = await page.evaluate(async (id) => {
        const r = await fetch('/api/v1/dashboards/' + id);
        return (await r.json()).panels.map((p) => ({ id: p.id, kind: p.kind, layout: p.layout }));
      }, seen.id);
      seen.ms = Date.now() - t0;
      await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });
      await audit('dashboard');
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
  console.log(JSON.stringify({ stories: results, axe, consoleErrors, failed }));
})().catch((e) => { console.error(e); process.exit(1); });
