// The Uptime and Settings stories (issue 20) in Debian's chromium with playwright-core against the
// running read runtime, every control found by role and accessible name; axe-core on each page.
// One browser, the stories in order; a failing story is recorded and the next one goes on.
// Prints one JSON line: per story ok, error, ms, what it saw; axe's serious and critical
// violations per page; console errors and failed requests. Usage:
//   node web-ui-uptime-settings-stories.cjs <base> <email> <password> <target url> <suffix> <out>
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { launch } = require('./chromium.cjs');

const [base, email, password, target, suffix, outDir] = process.argv.slice(2);
const TIMEOUT = 30000;
// evaluated through the DevTools protocol: the UI's CSP (script-src 'self') refuses a script tag
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ENDPOINT = 'local-shop';
const VIEWER = `uptime-viewer-${suffix}@example.com`;
const OIDC_SECRET = `oidc-story-secret-${suffix}`;

// RFC 6238 (HMAC-SHA-1, 6 digits, 30 s) of the otpauth URI's base32 secret at `step`.
function totp(uri, step) {
  const secret = new URL(uri).searchParams.get('secret').replace(/=+$/, '').toUpperCase();
  const bits = [...secret].map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c)
    .toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
}

(async () => {
  const browser = await launch(outDir, { width: 1400, height: 1000 });
  const { context } = browser;
  context.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  const failed = [];
  const axe = {};
  let current = 'start';
  context.on('response', (r) => {
    if (r.status() >= 400) failed.push(current + ': ' + r.status() + ' ' + r.url());
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(current + ': ' + m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(current + ': ' + String(e)));
  const main = () => page.getByRole('navigation', { name: 'Main' });
  const shot = (name) => page.screenshot({ path: path.join(outDir, name + '.png'), fullPage: true });

  // axe-core on what the page shows now: serious and critical violations only.
  async function audit(name) {
    await page.waitForLoadState('networkidle');
    if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
      await page.evaluate(AXE);
    }
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    axe[name] = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }

  // What arrives through the pipeline (checks, audit rows): reload every 2 s until it shows.
  async function arrives(locator, ms) {
    const until = Date.now() + ms;
    for (;;) {
      try {
        await locator.waitFor({ timeout: 2000 });
        return;
      } catch (e) {
        if (Date.now() > until) throw e;
        await page.reload();
      }
    }
  }

  // The text of the element describing `control` (aria-describedby) whose id ends in `suffix`.
  async function described(control, suffix) {
    const ids = (await control.getAttribute('aria-describedby')) || '';
    const id = ids.split(' ').find((i) => i.endsWith(suffix));
    return id ? page.locator(`[id="${id}"]`).innerText() : null;
  }

  async function signIn(who, pass) {
    await page.goto(base + '/login');
    await page.getByLabel('Email').fill(who);
    await page.getByLabel('Password').fill(pass);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/services/);
  }

  const stories = {
    async signIn(seen) {
      await signIn(email, password);
      seen.path = new URL(page.url()).pathname;
    },
    async addEndpoint(seen) {
      await main().getByRole('link', { name: 'Uptime' }).click();
      await page.getByRole('heading', { name: 'Uptime', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const form = page.getByRole('form', { name: 'Add an endpoint' });
      await form.getByLabel('Id').fill(ENDPOINT);
      await form.getByLabel('Name').fill('Local shop');
      // the cloud metadata address: refused by the SSRF rule, the error next to the URL field
      await form.getByLabel('URL').fill('http://169.254.169.254/latest/meta-data/');
      await form.getByLabel('Regions').fill('eu-west, us-east');
      await form.getByLabel('Interval (seconds)').fill('1');
      await form.getByLabel('Quorum').fill('1');
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const url = form.getByLabel('URL');
      await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await url.elementHandle());
      seen.ssrfError = await form.locator('.field-error').first().innerText();
      seen.ssrfRule = await form.getByText(/cloud metadata address/).count();
      await shot('endpoint-ssrf');
      await audit('uptime-new');
      await url.fill(target);
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      await page.waitForURL(new RegExp('/uptime/' + ENDPOINT));
      await page.getByRole('heading', { name: 'Local shop', level: 1 }).waitFor();
      // the probes check it every second from two regions; the checks go through the pipeline
      const regions = page.getByRole('table', { name: 'Checks per region' });
      // each region's agent asks for its assignments on its own beat: wait for both rows
      await arrives(regions.getByRole('rowheader', { name: 'eu-west' }), 90000);
      await arrives(regions.getByRole('rowheader', { name: 'us-east' }), 60000);
      await arrives(page.getByText('up', { exact: true }), 60000);
      seen.regions = (await regions.getByRole('rowheader').allInnerTexts()).sort();
      seen.chart = await page.getByRole('img', { name: /p95 check latency of Local shop/ }).count();
      await shot('endpoint');
      await audit('endpoint');
      await main().getByRole('link', { name: 'Uptime' }).click();
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Local shop' }) });
      await arrives(row.getByText('up', { exact: true }), 60000);
      const bars = row.getByRole('img', { name: /90-day uptime of Local shop/ });
      seen.bars = await bars.getAttribute('aria-label');
      seen.barCount = await bars.locator('.day').count();
      seen.greyBars = await bars.locator('.day.nodata').count();
      await shot('uptime');
      await audit('uptime');
    },
    async statusPage(seen) {
      await page.getByRole('navigation', { name: 'Uptime views' }).getByRole('link', { name: 'Status page' }).click();
      const form = page.getByRole('form', { name: 'Status page' });
      await form.getByLabel('Slug').fill('uptime-story-' + suffix);
      await form.getByLabel('Title').fill('Story status');
      await form.getByLabel('Local shop').check();
      await form.getByRole('button', { name: 'Save status page' }).click();
      const frame = page.frameLocator('iframe[title="Status page preview"]');
      await frame.getByText('Local shop').first().waitFor();
      seen.search = new URL(page.url()).search;
      seen.badge = await page.getByLabel('Badge code').innerText();
      seen.embed = await page.getByLabel('Embed code').innerText();
      await shot('status-page');
      await audit('status-page');
    },
    async slaReport(seen) {
      await page.getByRole('navigation', { name: 'Uptime views' }).getByRole('link', { name: 'SLA report' }).click();
      const table = page.getByRole('table', { name: /^SLA of .* per endpoint$/ });
      await table.getByRole('rowheader', { name: 'Local shop' }).waitFor();
      const pdf = page.getByRole('link', { name: /report \(PDF\)/ });
      seen.pdfHref = await pdf.getAttribute('href');
      const answer = await page.request.get(base + seen.pdfHref);
      seen.pdfType = answer.headers()['content-type'];
      seen.pdfStart = (await answer.body()).subarray(0, 5).toString();
      await shot('sla');
      await audit('sla');
    },
    async keys(seen) {
      await main().getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API keys' }).click();
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Key name').fill('story key ' + suffix);
      await form.getByLabel('Key role').selectOption('VIEWER');
      await form.getByRole('button', { name: 'Create key' }).click();
      seen.secret = (await page.getByLabel('New key').innerText()).trim();
      seen.copy = await page.getByRole('button', { name: 'Copy key' }).count();
      await shot('keys');
      await audit('keys');
      await page.getByRole('button', { name: 'Revoke story key ' + suffix }).click();
      await page.getByRole('button', { name: 'Yes, revoke story key ' + suffix }).click();
      await page.getByRole('row').filter({ hasText: 'story key ' + suffix }).getByText(/revoked/).waitFor();
      seen.revoked = true;
    },
    async auditLog(seen) {
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit log' }).click();
      await page.getByLabel('Action').fill('PUT /api/v1/endpoints/{id}');
      await page.getByRole('button', { name: 'Filter' }).click();
      const rows = page.getByRole('table', { name: 'Audit log entries' }).getByRole('row');
      await arrives(rows.nth(1), 60000);
      seen.search = new URL(page.url()).search;
      seen.rows = await rows.count() - 1;
      seen.csv = await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
      await shot('audit');
      await audit('audit');
    },
    async general(seen) {
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'General' }).click();
      const zone = page.getByLabel('Time zone');
      seen.zone = await zone.inputValue();
      // an unknown zone: the API's 400 next to the field, nothing changed
      await zone.fill('Mars/Olympus');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await zone.elementHandle());
      seen.zoneError = await page.locator('.field-error').first().innerText();
      seen.retentionHint = await page.getByText(/your operator's bound/).innerText();
      await shot('general');
      await audit('general');
    },
    async inviteViewer(seen) {
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Members' }).click();
      const form = page.getByRole('form', { name: 'Invite a member' });
      await form.getByLabel('Email').fill(VIEWER);
      await form.getByLabel('Role').selectOption('VIEWER');
      await form.getByRole('button', { name: 'Send invite' }).click();
      const link = (await page.getByLabel('Invite link').innerText()).trim();
      seen.linkShown = link.startsWith(base + '/invite/');
      await shot('members');
      await audit('members');
      await page.getByRole('button', { name: /sign out/i }).click();
      await page.waitForURL(/\/login/);
      await page.goto(link);
      await page.getByLabel('Your name').waitFor();
      await audit('invite');
      await page.getByLabel('Your name').fill('Story Viewer');
      await page.getByLabel('New password').fill(password);
      await page.getByLabel('Repeat the password').fill(password);
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      await page.waitForURL(/\/services/);
      await main().getByRole('link', { name: 'Uptime' }).click();
      await page.getByRole('link', { name: 'Local shop' }).waitFor();
      seen.addButtons = await page.getByRole('button', { name: 'Add endpoint' }).count();
      await shot('viewer-uptime');
      await audit('viewer-uptime');
      await page.getByRole('link', { name: 'Local shop' }).click();
      await page.getByRole('heading', { name: 'Local shop', level: 1 }).waitFor();
      seen.editButtons = await page.getByRole('button', { name: /Edit endpoint|Delete/ }).count();
      await page.goto(base + '/uptime?view=status-page');
      await page.getByRole('form', { name: 'Status page' }).waitFor();
      seen.saveStatusPage = await page.getByRole('button', { name: 'Save status page' }).count();
      await page.goto(base + '/settings/general');
      const zone = page.getByLabel('Time zone');
      await zone.waitFor();
      seen.zoneReadOnly = await zone.evaluate((el) => el.readOnly);
      seen.saveSettings = await page.getByRole('button', { name: 'Save settings' }).count();
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Members' }).click();
      seen.membersNote = await page.getByRole('note').innerText();
      seen.inviteForms = await page.getByRole('form', { name: 'Invite a member' }).count();
      await shot('viewer-settings');
      await audit('viewer-settings');
    },
    async signInSettings(seen) {
      // signed out, the pages before sign-in; then the admin again
      await page.getByRole('button', { name: /sign out/i }).click();
      await page.waitForURL(/\/login/);
      await page.goto(base + '/password-reset');
      await page.getByRole('button', { name: 'Send the link' }).waitFor();
      await audit('password-reset');
      await page.goto(base + '/password-reset/not-a-token-' + suffix);
      await page.getByLabel('New password').waitFor();
      await audit('password-reset-token');
      await signIn(email, password);
      await page.goto(base + '/no-such-page');
      await page.getByRole('heading', { level: 1 }).waitFor();
      seen.notFound = await page.getByRole('heading', { level: 1 }).innerText();
      await audit('not-found');
      // the edit pages of an SLO, a rule and a channel the test made through the API, and the
      // rule list (pages no other story audits)
      await page.goto(base + '/slos/ui-story-slo/edit');
      await page.getByRole('form', { name: 'Edit SLO' }).waitFor();
      await audit('slo-edit');
      await page.goto(base + '/alerts/rules');
      await page.getByRole('link', { name: 'UI story burn' }).waitFor();
      await audit('rules');
      await page.getByRole('link', { name: 'UI story burn' }).click();
      await page.getByRole('form', { name: 'Edit rule' }).waitFor();
      await audit('rule-edit');
      await page.goto(base + '/alerts/channels/ui-story-hook');
      await page.getByRole('form', { name: 'Edit channel' }).waitFor();
      await audit('channel-edit');
      await main().getByRole('link', { name: 'Settings' }).click();
      const sections = page.getByRole('navigation', { name: 'Settings sections' });
      await sections.getByRole('link', { name: 'Sign-in' }).click();
      const form = page.getByRole('form', { name: 'Single sign-on' });
      await form.getByLabel('Offer OpenID Connect sign-in').check();
      // an issuer the browser takes for a URL but the API refuses: its error next to the field
      const issuer = form.getByLabel('OIDC issuer');
      await issuer.fill('ftp://idp.example.com');
      await form.getByLabel('OIDC client id').fill('obsera-story');
      await form.getByLabel('OIDC client secret').fill(OIDC_SECRET);
      await form.getByRole('button', { name: 'Save single sign-on' }).click();
      await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await issuer.elementHandle());
      seen.issuerError = await described(issuer, '-error');
      await shot('sign-in-error');
      await audit('sign-in-error');
      await issuer.fill('https://idp.example.com/realms/story');
      await form.getByRole('button', { name: 'Save single sign-on' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved single sign-on.' }).waitFor();
      // require two-step sign-in for password sign-in: saved as it is ticked, ticked once saved
      const mfa = page.getByLabel('Require two-step sign-in for password sign-in');
      await mfa.click();
      await page.getByRole('form', { name: 'Two-step sign-in policy' }).getByRole('status').waitFor();
      await page.waitForFunction((el) => el.checked, await mfa.elementHandle());
      await page.reload();
      await issuer.waitFor();
      seen.issuer = await issuer.inputValue();
      seen.clientId = await form.getByLabel('OIDC client id').inputValue();
      seen.secretValue = await form.getByLabel('OIDC client secret').inputValue();
      seen.secretHint = await described(form.getByLabel('OIDC client secret'), '-hint');
      seen.secretInPage = (await page.content()).includes(OIDC_SECRET);
      seen.mfaRequired = await mfa.isChecked();
      seen.redirectUri = await page.getByLabel('OIDC redirect URI').innerText();
      // The runtime runs without OBSERA_PUBLIC_URL: SAML's addresses come only from it, so the
      // page says so instead of showing an address the server would not check.
      seen.samlMetadataShown = await page.getByLabel('SAML metadata URL').count();
      seen.samlNeedsPublicUrl = await page
        .getByText('SAML sign-in needs the operator to set OBSERA_PUBLIC_URL')
        .count();
      await shot('sign-in');
      await audit('sign-in');
    },
    async accountSecurity(seen) {
      await page.goto(base + '/account/security');
      const setUp = page.getByRole('button', { name: 'Set up an authenticator app' });
      await setUp.waitFor();
      seen.setUpWidth = (await setUp.boundingBox()).width;
      seen.pageWidth = (await page.getByRole('heading', { name: 'Account security', level: 1 })
        .boundingBox()).width;
      await audit('account-security-off');
      await setUp.click();
      await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
      seen.recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count();
      seen.otpauthUri = await page.getByLabel('Setup link (otpauth URI)').inputValue();
      await shot('account-security-enrol');
      await audit('account-security-enrol');
      seen.step = Math.floor(Date.now() / 30000);
      seen.code = totp(seen.otpauthUri, seen.step);
      await page.getByLabel('Code from your app').fill(seen.code);
      await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
      await page.getByRole('status').filter({ hasText: 'Two-step verification is on.' }).waitFor();
      seen.codesShownAfter = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count();
      await page.reload();
      const on = page.getByRole('status').filter({ hasText: 'Two-step verification is on.' });
      await on.waitFor();
      seen.enabled = await on.innerText();
      await shot('account-security-on');
      await audit('account-security-on');
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
    await shot(name).catch(() => {});
  }
  // whatever the stories got to: the read tenant (the other read ITs' too) signs in as before,
  // with no single sign-on and no two-step requirement (as the admin, whose session this is)
  current = 'restore';
  const restored = await page.evaluate(async () => {
    const me = await (await fetch('/api/v1/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken };
    const policy = await fetch('/api/v1/auth/policy',
      { method: 'PUT', headers, body: JSON.stringify({ mfaRequired: false }) });
    const sso = await fetch('/api/v1/sso', { method: 'DELETE', headers });
    return { policy: policy.status, sso: sso.status };
  }).catch((e) => ({ error: String(e) }));
  await browser.close();
  console.log(JSON.stringify({ stories: results, axe, consoleErrors, failed, restored }));
})().catch((e) => { console.error(e); process.exit(1); });
