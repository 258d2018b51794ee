// The SLO and alert pages' stories in Debian's chromium (playwright-core), every control found by
// role and accessible name, axe-core run on each page: sign in, create an SLO and see its budget
// chart, see a firing alert's delivery on its page, silence it from the alert list, create a
// webhook channel and send it a test.
// Prints one JSON line: per story ok, error, ms, what it saw (axe's serious and critical
// violations included), the browser's console errors and failed requests. Usage:
//   node web-ui-alert-stories.cjs <base url> <email> <password> <receiver url> <output dir>
const fs = require('fs');
const path = require('path');
const { launch } = require('./chromium.cjs');

const [base, email, password, receiverUrl, outDir] = process.argv.slice(2);
const TIMEOUT = 30000;
// evaluated over the debugger protocol: the UI's CSP (script-src 'self') refuses inline scripts
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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
  const main = () => page.getByRole('navigation', { name: 'Main' });

  // axe-core on the page as it is: the serious and critical violations, with where.
  async function axe(seen, name) {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
    });
    seen.axe = seen.axe || {};
    seen.axe[name] = violations;
  }

  async function shot(name) {
    await page.screenshot({ path: path.join(outDir, name + '.png'), fullPage: true });
  }

  const stories = {
    async signIn(seen) {
      await page.goto(base + '/login');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/services/);
      seen.path = new URL(page.url()).pathname;
    },
    async sloBudget(seen) {
      await main().getByRole('link', { name: 'SLOs' }).click();
      await page.getByRole('heading', { name: 'SLOs', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'New SLO' }).click();
      const form = page.getByRole('form', { name: 'New SLO' });
      await form.getByLabel('Id', { exact: true }).fill('ui-shop-availability');
      await form.getByLabel('Name', { exact: true }).fill('UI shop availability');
      await form.getByLabel('Service', { exact: true }).fill('ui-shop');
      await form.getByLabel('Objective').fill('0.99');
      await axe(seen, 'slo-form');
      await form.getByRole('button', { name: 'Create SLO' }).click();
      await page.waitForURL(/\/slos\/ui-shop-availability$/);
      await page.getByRole('heading', { name: 'UI shop availability', level: 1 }).waitFor();
      // the topology emits the budget every second once spans of ui-shop arrive: reload until
      // the burn-down has a few steps (one a second: the SLO is seconds old)
      const chart = page.getByRole('img', { name: 'Error budget remaining over the period' });
      const deadline = Date.now() + 60000;
      for (;;) {
        const series = page.waitForResponse((r) => r.url().includes('/budget/series'));
        await page.reload();
        // the answer caught may belong to the page before the reload: its body is gone, count none
        const body = await (await series).json().catch(() => null);
        seen.steps = ((body && body.steps) || []).length;
        if (seen.steps >= 5) break;
        if (Date.now() > deadline) throw new Error('fewer than 5 budget steps within 60 s');
        await page.waitForTimeout(1500);
      }
      await chart.locator('.u-over').waitFor();
      await page.waitForFunction((el) => el.dataset.xMax !== undefined, await chart.elementHandle());
      seen.xSeconds = await chart.evaluate((el) => Number(el.dataset.xMax) - Number(el.dataset.xMin));
      seen.budget = await page.locator('dl.stats').innerText();
      seen.burnRows = await page.getByRole('table', { name: /Burn rate per window/ }).getByRole('row').count();
      await shot('slo-budget');
      await axe(seen, 'slo-page');
      await main().getByRole('link', { name: 'SLOs' }).click();
      await page.getByRole('link', { name: 'UI shop availability' }).waitFor();
      await axe(seen, 'slo-list');
    },
    async silenceFromAlert(seen) {
      await main().getByRole('link', { name: 'Alerts' }).click();
      await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'UI story alert', exact: true }).waitFor();
      await shot('alerts-firing');
      await axe(seen, 'alerts');
      // the alert's page: its delivery to the routed webhook (reload until the writer stored it)
      await page.getByRole('link', { name: 'UI story alert', exact: true }).click();
      const deliveries = page.getByRole('table', { name: 'Deliveries of this alert' });
      const settled = deliveries.or(page.getByText('No deliveries yet'));
      const deliveryDeadline = Date.now() + 30000;
      await settled.waitFor();
      while (!(await deliveries.isVisible())) {
        if (Date.now() > deliveryDeadline) throw new Error('no delivery listed within 30 s');
        await page.waitForTimeout(1000);
        await page.reload();
        await settled.waitFor();
      }
      seen.delivery = await deliveries.getByRole('row').nth(1).innerText();
      await shot('alert-deliveries');
      await axe(seen, 'alert-page');
      await main().getByRole('link', { name: 'Alerts' }).click();
      await page.getByRole('link', { name: 'UI story alert', exact: true }).waitFor();
      await page.getByRole('link', { name: /^Silence UI story alert/ }).click();
      const form = page.getByRole('form', { name: 'New silence' });
      seen.matchers = await form.getByLabel('Matchers (one per line)').inputValue();
      await form.getByLabel('Duration').selectOption({ label: '1 hour' });
      await axe(seen, 'silence-form');
      await form.getByRole('button', { name: 'Create silence' }).click();
      await page.waitForURL(/\/alerts\/silences$/);
      const row = page.getByRole('row').filter({ hasText: 'rule=ui-story-rule' });
      await row.waitFor();
      seen.row = await row.innerText();
      await shot('silences');
      await axe(seen, 'silences');
    },
    async channelTest(seen) {
      await page.getByRole('navigation', { name: 'Alerting' }).getByRole('link', { name: 'Channels' }).click();
      await page.getByRole('link', { name: 'New channel' }).click();
      const form = page.getByRole('form', { name: 'New channel' });
      await form.getByLabel('Id', { exact: true }).fill('ui-hook');
      await form.getByLabel('Name', { exact: true }).fill('UI hook');
      await form.getByLabel('Type', { exact: true }).selectOption('WEBHOOK');
      await form.getByLabel('URL', { exact: true }).fill(receiverUrl);
      await form.getByLabel('Signing secret (optional)').fill('whsec-ui-story-0123456789');
      await axe(seen, 'channel-form');
      await form.getByRole('button', { name: 'Create channel' }).click();
      await page.waitForURL(/\/alerts\/channels$/);
      await page.getByRole('button', { name: 'Send test to UI hook' }).click();
      const outcome = page.getByText(/^Test (delivered|failed|queued)/);
      await outcome.waitFor({ timeout: 45000 });
      seen.outcome = await outcome.innerText();
      await shot('channel-test');
      await axe(seen, 'channels');
      await page.getByRole('navigation', { name: 'Alerting' }).getByRole('link', { name: 'Routing' }).click();
      await page.getByRole('button', { name: 'Save routing' }).waitFor();
      await axe(seen, 'routing');
      await page.getByRole('navigation', { name: 'Alerting' }).getByRole('link', { name: 'Rules' }).click();
      await page.getByRole('link', { name: 'New rule' }).click();
      await page.getByRole('form', { name: 'New rule' }).waitFor();
      await axe(seen, 'rule-form');
    },
    async rulePreview(seen) {
      // the rule form as the channel story left it: what a request-rate rule on ui-shop (whose
      // spans arrive every 300 ms) would have done over the last day, before saving anything
      const form = page.getByRole('form', { name: 'New rule' });
      await form.getByLabel('Name', { exact: true }).fill('UI shop busy');
      await form.getByLabel('Kind', { exact: true }).selectOption('THRESHOLD');
      await form.getByLabel('Signal', { exact: true }).selectOption('REQUEST_RATE');
      await form.getByLabel('Service', { exact: true }).fill('ui-shop');
      await form.getByLabel('Comparison', { exact: true }).selectOption('ABOVE');
      await form.getByLabel('Threshold', { exact: true }).fill('0.1');
      await form.getByLabel('Window (ms)').fill('60000');
      await form.getByLabel('For (ms)').fill('0');
      await form.getByLabel('Group by (comma separated)').fill('service');
      const preview = form.getByRole('region', { name: 'Rule preview' });
      // ui-shop's first minute rollup lands once a minute has closed since its spans began: ask
      // again while the answer (read from the response, not the page that redraws) has no group
      const previewDeadline = Date.now() + 75000;
      for (;;) {
        const [answer] = await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/v1/alert-rules/preview')),
          form.getByRole('button', { name: 'Preview the last day' }).click(),
        ]);
        const body = await answer.json().catch(() => null);
        if (body && body.groups && body.groups.length > 0) break;
        if (Date.now() > previewDeadline) throw new Error('no RED minute of ui-shop within 75 s');
        seen.noDataAnswers = (seen.noDataAnswers || 0) + 1;
        await page.waitForTimeout(3000);
      }
      await preview.getByText(/^Would (not )?have fired/).waitFor();
      seen.status = await preview.getByRole('status').innerText();
      const rows = preview
        .getByRole('table', { name: 'Firing intervals of the previewed rule' })
        .getByRole('row');
      seen.intervals = (await rows.count()) - 1;
      seen.firstInterval = seen.intervals > 0 ? await rows.nth(1).innerText() : null;
      seen.chart = await preview.getByRole('img', { name: /per group, with the threshold$/ }).count();
      await shot('rule-preview');
      await axe(seen, 'rule-preview');
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
  console.log(JSON.stringify({ stories: results, consoleErrors, failed }));
})().catch((e) => { console.error(e); process.exit(1); });
