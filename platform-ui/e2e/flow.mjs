// The browser test of the platform UI (issue 7), run against a running platform by
// system-tests' UiBrowserIT (or by hand: node e2e/flow.mjs). Drives Debian's chromium through
// playwright-core; never downloads a browser. Exits non-zero on the first failed step, when the
// browser console logged an error that no step expected, or when axe-core found a serious or
// critical accessibility violation on a page the journey photographed.
//
// Environment: IOTP_GATEWAY (http://localhost:8080), IOTP_ADMIN ("user:password", else
// ~/.iotp/admin-credentials), IOTP_SCREENSHOTS (directory), CHROMIUM (/usr/bin/chromium),
// IOTP_UI_STEP_TIMEOUT_MS (120000).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip, writeZip } from './zip.mjs';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const gateway = (process.env.IOTP_GATEWAY ?? 'http://localhost:8080').replace(/\/$/, '');
const shots = process.env.IOTP_SCREENSHOTS ?? join(process.cwd(), 'target', 'ui-screenshots');
const slow = Number(process.env.IOTP_UI_STEP_TIMEOUT_MS ?? 120_000);
const [adminUser, adminPassword] = (process.env.IOTP_ADMIN ?? readFileSync(join(homedir(), '.iotp', 'admin-credentials'), 'utf8').trim()).split(/:(.*)/s);
const work = join(tmpdir(), `iotp-ui-e2e-${process.pid}`);
mkdirSync(shots, { recursive: true });
mkdirSync(work, { recursive: true });

const suffix = Math.random().toString(36).slice(2, 8);
const user = `ui-${suffix}`;
const password = `correct-horse-${suffix}-battery`;
const appName = `greenhouse-${suffix}`;
const sensorLocation = 'greenhouse-1';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const consoleErrors = [];
const accessibilityViolations = [];
let accessibilityChecks = 0;
let expected = [];
let shot = 0;
const started = Date.now();

function log(message) {
  console.log(`[ui-e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
}

/** Console errors a step provokes on purpose (a refused upload logs its 422, an expired token its 401). */
async function expecting(patterns, action) {
  expected = patterns;
  try {
    return await action();
  } finally {
    expected = [];
  }
}

/** Every form control and button on the page has a name a screen reader can announce. */
async function checkLabels(page, name) {
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
      .filter((el) => {
        const text = (el.getAttribute('aria-label') ?? '') + (el.labels ? [...el.labels].map((l) => l.textContent).join('') : '') + (el.tagName === 'BUTTON' || el.tagName === 'A' ? el.textContent : '');
        const by = el.getAttribute('aria-labelledby');
        return text.trim() === '' && !(by && document.getElementById(by)?.textContent?.trim());
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  if (unnamed.length > 0) throw new Error(`controls without an accessible name on ${name}: ${unnamed.join(' ; ')}`);
}

/**
 * Runs axe-core on the page as it is now and keeps its serious and critical violations for the
 * report at the end (the journey goes on, so one run lists every page's). axe is injected once
 * per document; a page that re-renders while axe reads it can make a run fail, so it gets a second try.
 */
async function checkAccessibility(page, name) {
  accessibilityChecks++;
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axeScript });
  const run = () =>
    page.evaluate(async () => {
      const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, target: String(v.nodes[0]?.target ?? ''), more: v.nodes.length - 1 }));
    });
  const found = await run().catch((e) => {
    log(`axe-core failed on ${name} (${e.message.split('\n')[0]}); once more`);
    return run();
  });
  for (const v of found) {
    accessibilityViolations.push({ page: name, ...v });
    log(`ACCESSIBILITY (${v.impact}) on ${name}: ${v.rule}: ${v.help} at ${v.target}${v.more ? ` and ${v.more} more` : ''}`);
  }
}

async function screenshot(page, name, { ownPage = true } = {}) {
  if (ownPage) {
    await checkLabels(page, name);
    await checkAccessibility(page, name);
  }
  const file = join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file}`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until the sensor chart has drawn at least `n` readings (uPlot draws on a canvas; it reports the count). */
async function chartPoints(page, n, timeout) {
  await page.waitForFunction((min) => Number(document.querySelector('[data-testid=chart]')?.dataset.points ?? 0) >= min, n, { timeout });
}

/** A link of the main navigation (pages link to each other with the same words). */
function nav(page, name) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Waits until a list in `scope` has loaded: its items, or the empty state; a problem shown fails the step. */
async function loaded(scope, list, what) {
  await scope.locator(`${list}, .empty, .problem`).first().waitFor({ timeout: 30_000 });
  if (await scope.locator('.problem').count()) throw new Error(`${what} did not load: ${await scope.locator('.problem').first().textContent()}`);
}

async function step(name, action) {
  log(`step: ${name}`);
  await action();
}

function watch(page, label) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    if (expected.some((p) => p.test(text))) {
      log(`(expected console error on ${label}: ${text})`);
      return;
    }
    consoleErrors.push(`${label}: ${text} @ ${msg.location()?.url ?? ''}`);
    log(`CONSOLE ERROR on ${label}: ${text}`);
  });
  page.on('pageerror', (err) => {
    consoleErrors.push(`${label}: uncaught ${err.message}`);
    log(`PAGE ERROR on ${label}: ${err.message}`);
  });
}

async function api(method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(gateway + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  const context = await browser.newContext({ baseURL: gateway, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  watch(page, 'ui');

  await step('a visitor is sent to the login page', async () => {
    await page.goto('/');
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
    if (focused !== 'password' && focused !== 'username') throw new Error(`the keyboard does not reach the login form first (focus on ${focused})`);
    await screenshot(page, 'login');
  });

  await step(`register ${user}`, async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill(user);
    await page.getByLabel('Email').fill(`${user}@example.org`);
    await page.getByLabel('Password').fill(password);
    await screenshot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`Account ${user} created`).waitFor();
  });

  await step('log in and land on the empty dashboard', async () => {
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('No apps yet').waitFor();
    await screenshot(page, 'dashboard-empty');
  });

  let sample;
  await step('download the contract and read its guide', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contract' }).click();
    await page.getByRole('article', { name: 'Guide' }).waitFor();
    await screenshot(page, 'contract');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contract-download').click()]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const contract = readZip(readFileSync(file));
    if (!contract.has('guide.md') || !contract.has('samples/python-greenhouse.zip')) throw new Error(`the contract lacks the guide or the sample: ${[...contract.keys()]}`);
    sample = readZip(contract.get('samples/python-greenhouse.zip'));
    log(`contract ${download.suggestedFilename()}: ${contract.size} files; sample has ${sample.size}`);
  });

  await step('drop a broken zip on the upload page and see every problem at its path', async () => {
    const broken = new Map([
      ['appConfig.json', Buffer.from(JSON.stringify({ name: 'Bad Name!', version: '1', entryService: 'web' }))],
      ['services/web/config.json', Buffer.from(JSON.stringify({ runtime: 'cobol' }))],
    ]);
    const bytes = writeZip(broken).toString('base64');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await page.getByRole('heading', { name: 'Upload an app' }).waitFor();
    await expecting([/status of 422/], async () => {
      const dataTransfer = await page.evaluateHandle((b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'broken.zip', { type: 'application/zip' }));
        return dt;
      }, bytes);
      await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
      await page.locator('.upload-problems').waitFor();
    });
    const paths = await page.locator('.upload-problems [data-path]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    log(`problems shown at: ${paths.join(', ')}`);
    if (!paths.includes('appConfig.json') || !paths.includes('services/web/config.json')) {
      throw new Error(`expected problems at appConfig.json and services/web/config.json, got ${paths}`);
    }
    await screenshot(page, 'upload-problems');
  });

  await step(`upload the sample (as ${appName}, so it does not clash with other tests' greenhouse) with the file picker`, async () => {
    const config = JSON.parse(sample.get('appConfig.json').toString());
    config.name = appName;
    sample.set('appConfig.json', Buffer.from(JSON.stringify(config, null, 2)));
    const file = join(work, 'python-greenhouse.zip');
    writeFileSync(file, writeZip(sample));
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByText(`${appName} ${config.version}`).waitFor({ timeout: 60_000 });
    await screenshot(page, 'upload-accepted');
  });

  let sensorId;
  await step('sensors: the temperature type, a sensor at greenhouse-1 with its key shown once', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sensors' }).click();
    await page.getByRole('heading', { name: 'Sensor types' }).waitFor();
    // Scoped to the types section: the sensors list's own "No sensors yet" can show before the types loaded.
    const typesSection = page.locator('section[aria-labelledby="types-title"]');
    await typesSection.locator('.types, .empty').first().waitFor();
    const known = await typesSection.locator('.types li strong').allTextContents();
    if (!known.includes('temperature')) {
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Create a sensor type' }) });
      await form.getByLabel('Name', { exact: true }).fill('temperature');
      await form.getByLabel('Field name').fill('temperature');
      await form.getByLabel('Unit').fill('°C');
      await form.getByLabel('Min').fill('-40');
      await form.getByLabel('Max').fill('80');
      await form.getByRole('button', { name: 'Create type' }).click();
      await page.locator('.types li strong', { hasText: /^temperature$/ }).waitFor();
    }
    const register = page.locator('section', { has: page.getByRole('heading', { name: 'Register a sensor' }) });
    await register.getByLabel('Type').selectOption('temperature');
    await register.getByLabel('Location').fill(sensorLocation);
    await register.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('sensor-key').waitFor();
    const key = await page.getByTestId('copy-value').inputValue();
    sensorId = (await page.getByTestId('sensor-key').getByRole('link').textContent()).trim();
    if (key.length < 20) throw new Error(`no API key shown: '${key}'`);
    await screenshot(page, 'sensor-registered-key-once');
    process.env.IOTP_UI_SENSOR_KEY = key;
  });

  await step(`readings sent with the key appear on ${sensorId}'s chart while they come in`, async () => {
    let stop = false;
    let sent = 0;
    const feeder = (async () => {
      while (!stop) {
        const r = await api('POST', `/api/sensors/${sensorId}/data`, {
          headers: { 'X-Sensor-Key': process.env.IOTP_UI_SENSOR_KEY },
          body: { values: { temperature: 20 + 5 * Math.sin(sent / 3) } },
        });
        if (r.status !== 202) throw new Error(`reading refused: ${r.status} ${JSON.stringify(r.json)}`);
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    try {
      await page.getByRole('link', { name: sensorId }).first().click();
      await page.getByTestId('chart').waitFor({ timeout: 30_000 });
      await chartPoints(page, 5, 30_000);
      // the unit comes from the sensor type: in the caption, and with each value the legend shows on hover
      const token = await page.evaluate(() => JSON.parse(localStorage.getItem('iotp.session')).token);
      const type = await api('GET', '/api/sensor-types/temperature', { token });
      const unit = type.json?.fields?.find((f) => f.name === 'temperature')?.unit;
      if (unit) await page.locator('.chart figcaption', { hasText: unit }).waitFor({ timeout: 10_000 });
      await page.getByTestId('chart').locator('.u-over').hover();
      const hovered = page.getByTestId('chart').locator('.u-legend .u-series').nth(1).locator('.u-value');
      const value = `^-?\\d+(\\.\\d+)?${unit ? ' ' + escapeRegExp(unit) : ''}$`;
      await page.waitForFunction((pattern) => new RegExp(pattern).test(document.querySelectorAll('[data-testid=chart] .u-legend .u-series')[1]?.querySelector('.u-value')?.textContent ?? ''), value);
      log(`hovering the chart shows temperature ${await hovered.textContent()}`);
      // live: new readings are appended while the page is open
      const drawn = Number(await page.getByTestId('chart').getAttribute('data-points'));
      await chartPoints(page, drawn + 2, 15_000);
      await screenshot(page, 'sensor-chart');
      // another range asks the history for that range and draws it
      await Promise.all([
        page.waitForResponse((r) => {
          const url = new URL(r.url());
          return url.pathname === `/api/sensors/${sensorId}/data` && !url.searchParams.has('cursor') && Math.abs(Date.now() - 15 * 60_000 - Date.parse(url.searchParams.get('from'))) < 60_000 && r.ok();
        }),
        page.getByRole('radio', { name: 'last 15 min' }).check(),
      ]);
      await chartPoints(page, 5, 15_000);
    } finally {
      stop = true;
      await feeder;
    }
    log(`${sent} readings sent`);
    await page.getByLabel('Name').fill('open-vent');
    await page.getByLabel('Arguments (JSON, optional)').fill('{"percent": 50}');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.commands .badge').first().waitFor();
    await screenshot(page, 'sensor-command');
    const title = await page.title();
    if (!title.startsWith(`${sensorId} · Sensor`)) throw new Error(`the sensor page's title does not name it: '${title}'`);
  });

  await step(`a new key for ${sensorId} is issued only once confirmed, and the old one is refused`, async () => {
    await page.getByRole('button', { name: 'Issue a new key…' }).click();
    await page.getByRole('button', { name: 'Keep the current key' }).click();
    const still = await api('POST', `/api/sensors/${sensorId}/data`, {
      headers: { 'X-Sensor-Key': process.env.IOTP_UI_SENSOR_KEY },
      body: { values: { temperature: 21 } },
    });
    if (still.status !== 202) throw new Error(`the key stopped working though the new one was not confirmed: ${still.status}`);
    await page.getByRole('button', { name: 'Issue a new key…' }).click();
    await screenshot(page, 'sensor-new-key-asks');
    await page.getByRole('button', { name: 'Yes, issue a new key' }).click();
    await page.getByLabel('New API key').waitFor();
    const fresh = await page.getByLabel('New API key').inputValue();
    const old = await api('POST', `/api/sensors/${sensorId}/data`, {
      headers: { 'X-Sensor-Key': process.env.IOTP_UI_SENSOR_KEY },
      body: { values: { temperature: 21 } },
    });
    if (old.status !== 401) throw new Error(`the old key still works after a new one was issued: ${old.status}`);
    const renewed = await api('POST', `/api/sensors/${sensorId}/data`, {
      headers: { 'X-Sensor-Key': fresh },
      body: { values: { temperature: 21 } },
    });
    if (renewed.status !== 202) throw new Error(`the new key is refused: ${renewed.status} ${JSON.stringify(renewed.json)}`);
  });

  /** The sensors list's row of a sensor (its id links to its page). */
  const sensorRow = (p, id) => p.getByRole('row').filter({ has: p.getByRole('link', { name: id, exact: true }) });

  await step(`the sensors list shows ${sensorId} reporting with when it was last seen and its value, and a sensor that never sent as such`, async () => {
    // a sensor without readings has an empty history: the list says so, with no error in the console
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('iotp.session')).token);
    const unread = await api('POST', '/api/sensors', { token, body: { type: 'temperature', location: `unread-${suffix}` } });
    if (unread.status !== 201) throw new Error(`registering a sensor without readings failed: ${unread.status} ${JSON.stringify(unread.json)}`);
    await nav(page, 'Sensors').click();
    const row = sensorRow(page, sensorId);
    // readings were sent moments ago, the last one with the new key
    await row.getByTestId('sensor-status').filter({ hasText: /^reporting$/ }).waitFor({ timeout: 30_000 });
    const seen = row.getByTestId('last-seen').locator('time');
    const seenText = (await seen.textContent()).trim();
    if (!/^(just now|\d+ s ago|[12] min ago)$/.test(seenText)) throw new Error(`${sensorId} was last seen '${seenText}', not within the last 2 minutes`);
    const at = await seen.getAttribute('datetime');
    if (Number.isNaN(Date.parse(at)) || (await seen.getAttribute('title')) !== at) throw new Error(`the last-seen time of ${sensorId} has no absolute time: datetime '${at}'`);
    const value = (await row.getByTestId('latest-value').textContent()).trim();
    if (!/^temperature -?\d+(\.\d+)?\b/.test(value)) throw new Error(`the latest value of ${sensorId} reads '${value}', not its temperature`);
    const never = sensorRow(page, unread.json.id);
    await never.getByTestId('sensor-status').filter({ hasText: /^no readings$/ }).waitFor({ timeout: 30_000 });
    const neverSeen = (await never.getByTestId('last-seen').textContent()).trim();
    if (neverSeen !== 'never') throw new Error(`${unread.json.id} has no readings but was last seen '${neverSeen}'`);
    log(`sensors list: ${sensorId} reporting, last seen ${seenText} (${at}), ${value}; ${unread.json.id} no readings`);
    await screenshot(page, 'sensors-list-latest');
  });

  await step('iotp simulate sends readings for a sensor of its own, and they appear on its chart', async () => {
    const launcher = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'iotp');
    const location = `sim-${suffix}`;
    const simulator = spawn(
      launcher,
      ['simulate', `--gateway=${gateway}`, `--user=${user}`, `--password=${password}`, '--type=temperature', `--location=${location}`, '--sensors=1', '--rate=4', '--duration=60s', `--data-dir=${join(work, 'simulator')}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = [];
    simulator.stdout.on('data', (d) => output.push(String(d)));
    simulator.stderr.on('data', (d) => output.push(String(d)));
    try {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sensors' }).click();
      const row = page.getByRole('row', { name: new RegExp(location) });
      const deadline = Date.now() + 60_000;
      while (!(await row.count())) {
        if (Date.now() > deadline || simulator.exitCode !== null) throw new Error(`the simulator's sensor did not appear; its output:\n${output.join('')}`);
        await page.waitForTimeout(1_000);
        await page.reload();
        await page.getByRole('heading', { name: 'My sensors' }).waitFor();
      }
      await row.getByRole('link').click();
      await chartPoints(page, 8, 45_000);
      await screenshot(page, 'sensor-simulated-chart');
    } finally {
      simulator.kill('SIGTERM');
    }
    log(`simulator: ${output.join('').trim().split('\n').slice(-2).join(' | ')}`);
  });

  let deploymentUrl;
  let appLink;
  await step(`open ${appName}, preview a cron schedule, then deploy now`, async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: appName, exact: true }).click();
    await page.getByRole('heading', { name: 'Deploy', exact: true }).waitFor();
    await page.getByText(`1 × temperature at ${sensorLocation}`).waitFor();
    await page.getByLabel('Repeatedly (cron)').check();
    await page.getByLabel(/Cron expression/).fill('0 30 7 * * MON-FRI');
    const runs = await page.getByTestId('cron-preview').locator('li').count();
    if (runs !== 5) throw new Error(`the cron preview shows ${runs} runs, not 5`);
    await page.getByLabel(/Cron expression/).fill('0 30 7 * *');
    await page.getByText("did you mean '0 0 30 7 * *'?").waitFor();
    await page.getByLabel(/Cron expression/).fill('0 30 7 * * MON-FRI');
    await screenshot(page, 'app-deploy-cron-preview');
    await page.getByLabel('Now').check();
    await page.getByRole('button', { name: 'Deploy now' }).click();
    await page.waitForURL(/\/deployments\/d-/);
    deploymentUrl = new URL(page.url()).pathname;
    await screenshot(page, 'deployment-starting');
  });

  await step('the deployment runs, its link appears and survives a reload (deep link)', async () => {
    await page.getByTestId('app-link').waitFor({ timeout: slow });
    await page.locator('h1 .badge', { hasText: 'RUNNING' }).waitFor({ timeout: slow });
    await page.reload();
    await page.getByTestId('app-link').waitFor();
    await screenshot(page, 'deployment-running');
  });

  await step('the link opens the app', async () => {
    appLink = new URL(await page.getByTestId('app-link').getAttribute('href'), gateway).pathname;
    const [app] = await Promise.all([context.waitForEvent('page'), page.getByTestId('app-link').click()]);
    await app.waitForLoadState();
    const body = await app.textContent('body');
    if (!/greenhouse/i.test(body ?? '')) throw new Error(`the app page does not look like the greenhouse: ${body?.slice(0, 200)}`);
    await screenshot(app, 'app-opened', { ownPage: false });
    await app.close();
  });

  await step("the app's output appears on the logs page, and the live tail connects", async () => {
    await page.getByRole('link', { name: 'Logs of this deployment' }).click();
    await page.waitForURL(/\/logs\?deployment=d-/);
    const deadline = Date.now() + 60_000;
    while (!(await page.getByTestId('log-entries').getByText(/listening on|monitor watching|monitor alive/).count())) {
      if (Date.now() > deadline) throw new Error('no output of the app on the logs page within 60 s (is the logger up and fed by app-logs?)');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForTimeout(2_000);
    }
    await page.getByLabel('Live tail').check();
    await page.getByText('Live tail: live').waitFor({ timeout: 15_000 });
    await screenshot(page, 'logs');
    await page.getByLabel('Live tail').uncheck();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    if (!/listening on|monitor watching|monitor alive/.test(text)) throw new Error(`the downloaded log ${download.suggestedFilename()} lacks the app's output: ${text.slice(0, 300)}`);
    log(`downloaded ${download.suggestedFilename()} (${text.length} characters)`);
    // INFO and above unless asked: the agent tags its own health probes DEBUG (NodeAgentIT checks the tagging)
    if ((await page.getByLabel('Level').inputValue()) !== 'INFO') throw new Error('the logs page does not default to INFO and above');
    const shown = await page.getByTestId('log-entries').locator('.lvl').allTextContents();
    if (shown.some((level) => level === 'DEBUG' || level === 'TRACE')) throw new Error(`DEBUG/TRACE entries shown at the default level: ${shown.join(',')}`);
    await page.getByLabel('Level').selectOption('ALL');
    // the list shown is the one answered for all levels, not the one before it
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/logs?') && !r.url().includes('level=') && r.ok()),
      page.getByRole('button', { name: 'Apply' }).click(),
    ]);
    await page.waitForURL(/level=ALL/);
    await page.getByTestId('log-entries').locator('li', { hasText: 'GET /health' }).first().waitFor({ timeout: 15_000 });
    const all = await page.getByTestId('log-entries').locator('li').count();
    if (all <= shown.length) throw new Error(`all levels show no more entries (${all}) than INFO and above (${shown.length})`);
    const probes = await page.getByTestId('log-entries').locator('li', { hasText: 'GET /health' }).locator('.lvl').allTextContents();
    if (probes.length === 0 || probes.some((level) => level !== 'DEBUG')) throw new Error(`health probe lines not DEBUG: ${probes.join(',')}`);
    log(`logs: ${shown.length} entries at INFO and above, ${all} with all levels, ${probes.length} of them health probes (DEBUG)`);
  });

  await step('the live tail: oldest to newest, follows only at the bottom, pauses and resumes', async () => {
    // all levels since the step before: the agent's health probes add a line every second
    const entries = page.getByTestId('log-entries').locator(':scope > li');
    const view = page.getByTestId('log-view');
    const gap = () => view.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    // the synthetic scroll event tells the page at once, as a reader's scroll does a frame later
    const scrollTo = (where) => view.evaluate((el, top) => { el.scrollTop = top ? 0 : el.scrollHeight; el.dispatchEvent(new Event('scroll')); }, where === 'top');
    const moreThan = (n) => page.waitForFunction((count) => document.querySelectorAll('[data-testid=log-entries] > li').length > count, n, { timeout: 15_000 });
    const times = await entries.locator(':scope > time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    for (let i = 1; i < times.length; i++) {
      if (Date.parse(times[i - 1]) > Date.parse(times[i])) throw new Error(`log entries not oldest to newest: ${times[i - 1]} above ${times[i]}`);
    }
    // the tail adds the probes' lines until the list overflows its box, following them at the bottom
    await page.getByLabel('Live tail').check();
    await page.getByText('Live tail: live').waitFor({ timeout: 15_000 });
    const overflowing = () => page.waitForFunction(() => {
      const el = document.querySelector('[data-testid=log-view]');
      return el !== null && el.scrollHeight > el.clientHeight + 100;
    }, null, { timeout: 90_000 });
    await overflowing();
    if ((await gap()) > 30) throw new Error(`lines arrived at the bottom but the list did not follow them (${await gap()} px below)`);
    // opened afresh (the tail off), the list starts at its newest line
    await page.reload();
    await entries.first().waitFor();
    await overflowing();
    if ((await gap()) > 30) throw new Error(`the log list does not open at its newest line (${await gap()} px below)`);
    await page.getByLabel('Live tail').check();
    await page.getByText('Live tail: live').waitFor({ timeout: 15_000 });
    await moreThan(await entries.count());
    if ((await gap()) > 30) throw new Error(`a line arrived at the bottom but the list did not follow it (${await gap()} px below)`);
    await scrollTo('top');
    await moreThan(await entries.count());
    const top = await view.evaluate((el) => el.scrollTop);
    if (top > 0) throw new Error(`scrolled up, the list jumped to ${top} px when a line arrived`);
    await scrollTo('bottom');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText('Live tail: live · paused').waitFor();
    const held = await entries.count();
    await page.waitForFunction(() => /^Resume \(([2-9]|\d\d+) new lines waiting\)$/.test(document.querySelector('[data-testid=tail-pause]')?.textContent ?? ''), null, { timeout: 15_000 });
    if ((await entries.count()) !== held) throw new Error(`lines were added while paused: ${held} → ${await entries.count()}`);
    const resume = page.getByTestId('tail-pause');
    const waiting = Number(/\((\d+) new/.exec(await resume.textContent())[1]);
    await resume.click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const after = await entries.count();
    if (after < held + waiting) throw new Error(`resuming showed ${after - held} lines, not the ${waiting} waiting`);
    if ((await gap()) > 30) throw new Error(`after resuming the list is not at its newest line (${await gap()} px below)`);
    await screenshot(page, 'logs-tail-resumed');
    await page.getByLabel('Live tail').uncheck();
    log(`live tail: ${waiting} lines waited while paused, ${after} shown after resuming`);
  });

  await step('stop the deployment', async () => {
    await page.goto(deploymentUrl);
    // Stop asks first; keeping it running changes nothing
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('group', { name: /^Stop .*\? Its/ }).waitFor();
    await screenshot(page, 'deployment-stop-asks');
    await page.getByRole('button', { name: 'Keep it running' }).click();
    await page.locator('h1 .badge', { hasText: 'RUNNING' }).waitFor();
    const title = await page.title();
    if (!title.startsWith(`${deploymentUrl.split('/').pop()} · Deployment`)) throw new Error(`the deployment page's title does not name it: '${title}'`);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Yes, stop it' }).click();
    await page.locator('h1 .badge', { hasText: 'STOPPED' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'deployment-stopped');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    await screenshot(page, 'dashboard');
  });

  await step("a mistyped address shows the console's page-not-found, and the stopped app's link says why in words", async () => {
    await expecting([/status of 404/, /status of 503/], async () => {
      const missing = await page.goto('/settings');
      if (missing.status() !== 404) throw new Error(`/settings answered ${missing.status()}, not 404`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      await screenshot(page, 'page-not-found');
      const stopped = await page.goto(appLink);
      if (![404, 503].includes(stopped.status())) throw new Error(`the stopped app's link ${appLink} answered ${stopped.status()}`);
      if (!/^text\/html/.test(stopped.headers()['content-type'] ?? '')) throw new Error(`the stopped app's link answered a browser with ${stopped.headers()['content-type']}`);
      await page.getByRole('heading', { name: /No app here|This app cannot answer right now/ }).waitFor();
      await screenshot(page, 'app-link-stopped');
      await page.getByRole('link', { name: 'Open the console' }).click();
      await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    });
  });

  await step('an expired session goes back to login, then back to the page', async () => {
    await page.goto('/logs?level=INFO');
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    await expecting([/status of 401/], async () => {
      await page.evaluate(() => {
        const s = JSON.parse(localStorage.getItem('iotp.session'));
        localStorage.setItem('iotp.session', JSON.stringify({ ...s, token: s.token.slice(0, -4) + 'AAAA' }));
      });
      await page.reload();
      await page.getByText('Your session has expired').waitFor();
    });
    await screenshot(page, 'session-expired');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/logs\?level=INFO$/);
  });

  await step('a phone-sized screen: content first', async () => {
    const phone = await context.newPage();
    watch(phone, 'phone');
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/');
    await phone.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await screenshot(phone, 'dashboard-phone');
    await phone.goto(`/sensors/${sensorId}`);
    await phone.getByRole('heading', { name: sensorId }).waitFor();
    await phone.locator('[data-points]').first().waitFor({ timeout: 15_000 });
    await screenshot(phone, 'sensor-phone');
    // the newest reading's three columns fold into one line under the sensor's name
    await phone.goto('/sensors');
    const phoneRow = sensorRow(phone, sensorId);
    await phoneRow.locator('.latest-inline .badge').waitFor({ timeout: 30_000 });
    if (await phoneRow.getByTestId('sensor-status').isVisible()) throw new Error('at phone width the sensors list still shows the status as a column of its own');
    await screenshot(phone, 'sensors-phone');
    await phone.goto('/logs?level=ALL');
    await phone.getByTestId('log-entries').locator(':scope > li').first().waitFor({ timeout: 15_000 });
    // the entries' box starts well above the fold: the filters do not push every entry below it
    const top = (await phone.getByTestId('log-view').boundingBox()).y;
    if (top > 844 - 200) throw new Error(`at phone width the log entries start at ${Math.round(top)} px, below the fold of 844`);
    await screenshot(phone, 'logs-phone');
    log(`phone width: the log entries start at ${Math.round(top)} px of 844`);
    await phone.close();
  });

  await step(`sign out; ${adminUser} signs in and sees components, health and the open alerts`, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill(adminUser);
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await nav(page, 'Health').click();
    await page.getByTestId('components').locator('tbody tr').first().waitFor({ timeout: 30_000 });
    const rows = await page.getByTestId('components').locator('tbody tr').count();
    await page.getByTestId('health').waitFor();
    await page.getByRole('heading', { name: 'Open alerts' }).waitFor();
    await loaded(page.locator('section[aria-labelledby="alerts-title"]'), '[data-testid=open-alerts]', 'the open alerts on the health page');
    log(`${rows} components shown, ${await page.getByTestId('open-alerts').locator('li').count()} open alerts`);
    await screenshot(page, 'admin-health');
  });

  await step('the alerts page: reached from an alert id on the health page, open and all alerts newest first, subjects linked, one acknowledged', async () => {
    const openOnHealth = page.getByTestId('open-alerts').locator('li');
    if (await openOnHealth.count()) {
      const idLink = openOnHealth.first().getByRole('link', { name: /^al-/ });
      const id = (await idLink.textContent()).trim();
      await idLink.click();
      await page.waitForURL((url) => url.pathname === '/admin/alerts' && url.search === '?show=all' && url.hash === `#${id}`);
      await page.locator(`[data-testid=alerts] > li.target[id="${id}"]`).waitFor();
      log(`alert ${id} on the health page opens the alerts page at that alert`);
    } else {
      await nav(page, 'Alerts').click();
      log('no open alert on the health page: the alerts page reached through the navigation');
    }
    await page.getByRole('heading', { name: 'Alerts', exact: true, level: 1 }).waitFor();
    if ((await page.title()) !== 'Alerts · IoT Platform') throw new Error(`the alerts page's title is '${await page.title()}'`);

    // open alerts only: the API is asked for open ones, and every one shown is open
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/monitoring/alerts?') && r.url().includes('open=true') && r.ok()),
      page.getByRole('radio', { name: 'Open alerts', exact: true }).check(),
    ]);
    const main = page.locator('main');
    await loaded(main, '[data-testid=alerts]', 'the open alerts');
    const openStates = await page.getByTestId('alerts').locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    if (openStates.some((state) => state !== 'open')) throw new Error(`the open filter shows alerts in states ${openStates.join(',')}`);

    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/monitoring/alerts?') && !r.url().includes('open=') && r.ok()),
      page.getByRole('radio', { name: 'All alerts, resolved ones too', exact: true }).check(),
    ]);
    await page.waitForURL((url) => url.search === '?show=all');
    await loaded(main, '[data-testid=alerts]', 'all alerts');
    const items = page.getByTestId('alerts').locator(':scope > li');
    const shown = await items.evaluateAll((els) =>
      els.map((e) => ({
        id: e.id,
        state: e.getAttribute('data-state'),
        kind: e.querySelector('.kind')?.textContent ?? '',
        subject: e.querySelector('.subject')?.textContent ?? '',
        href: e.querySelector('a.subject')?.getAttribute('href') ?? null,
        raised: e.querySelector('time')?.getAttribute('datetime') ?? '',
      })),
    );
    log(`alerts page: ${openStates.length} open, ${shown.length} in all (${shown.filter((a) => a.state === 'resolved').length} resolved)`);
    if (shown.length === 0) {
      await page.getByText('No alert has been raised yet.').waitFor();
    }
    for (let i = 1; i < shown.length; i++) {
      if (Date.parse(shown[i - 1].raised) < Date.parse(shown[i].raised)) throw new Error(`alerts not newest first: ${shown[i - 1].id} (${shown[i - 1].raised}) before ${shown[i].id} (${shown[i].raised})`);
    }
    for (const a of shown) {
      if (!a.id.startsWith('al-') || !a.kind || !a.subject || !a.raised) throw new Error(`an alert is shown without its id, kind, subject or time: ${JSON.stringify(a)}`);
      const thing = a.kind.split('-')[0];
      const expectedHref = { node: `/admin/nodes#node-${encodeURIComponent(a.subject)}`, deployment: `/deployments/${encodeURIComponent(a.subject)}`, component: `/admin#component-${encodeURIComponent(a.subject)}` }[thing];
      if (expectedHref && a.href !== expectedHref) throw new Error(`the subject of ${a.id} (${a.kind} ${a.subject}) links to ${a.href}, not ${expectedHref}`);
      if (thing === 'instance' && !/^\/(deployments\/d-|logs\?instance=)/.test(a.href ?? '')) throw new Error(`the subject of ${a.id} (${a.kind} ${a.subject}) links to ${a.href}, not its deployment or logs`);
    }

    const unacknowledged = items.filter({ has: page.getByRole('button', { name: /^Acknowledge / }) });
    if (await unacknowledged.count()) {
      const item = unacknowledged.first();
      const id = await item.getAttribute('id');
      await item.getByRole('button', { name: /^Acknowledge / }).click();
      const done = page.locator(`[data-testid=alerts] > li[id="${id}"]`);
      await done.locator('.acked', { hasText: `acknowledged by ${adminUser}` }).waitFor();
      if (await done.getByRole('button', { name: /^Acknowledge/ }).count()) throw new Error(`alert ${id} still offers Acknowledge after it was acknowledged`);
      log(`alert ${id} acknowledged`);
    } else {
      log('no unacknowledged alert to acknowledge');
    }
    await screenshot(page, 'admin-alerts');

    // a node or component subject lands on its admin page, at that node or component if it is still listed
    const safe = shown.find((a) => a.href?.startsWith('/admin'));
    if (safe) {
      await page.locator(`[data-testid=alerts] > li[id="${safe.id}"] a.subject`).click();
      const nodes = safe.href.startsWith('/admin/nodes');
      await page.getByRole('heading', { name: nodes ? 'Nodes' : 'Platform health', exact: true, level: 1 }).waitFor();
      await (nodes ? page.getByTestId('nodes').locator('article') : page.getByTestId('components').locator('tbody tr')).first().waitFor({ timeout: 30_000 });
      const anchor = decodeURIComponent(new URL(safe.href, gateway).hash.slice(1));
      const listed = (await page.locator(`[id="${anchor}"]`).count()) > 0;
      if (listed) await page.locator(`.target [id="${anchor}"], .target[id="${anchor}"]`).first().waitFor();
      log(`the subject of ${safe.id} opens ${safe.href}${listed ? ', marked there' : ' (no longer listed there)'}`);
      await page.goBack();
      await page.getByRole('heading', { name: 'Alerts', exact: true, level: 1 }).waitFor();
    }
  });

  await step('nodes and users', async () => {
    await nav(page, 'Nodes').click();
    const firstNode = page.getByTestId('nodes').locator('article').first();
    await firstNode.waitFor({ timeout: 30_000 });
    await screenshot(page, 'admin-nodes');
    // drain the node and give it back: the badge follows each time
    const nodeId = (await firstNode.locator('h2').textContent()).trim().split(/\s+/)[0];
    await page.getByRole('button', { name: `Drain: ${nodeId}` }).click();
    await firstNode.getByText('DRAINING', { exact: true }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'admin-node-draining');
    await page.getByRole('button', { name: `Back in service: ${nodeId}` }).click();
    await firstNode.getByText('UP', { exact: true }).waitFor({ timeout: 10_000 });
    log(`node ${nodeId} drained and back in service`);
    await nav(page, 'Users').click();
    await page.getByTestId('users').getByRole('cell', { name: user, exact: true }).waitFor();
    const adminRole = page.getByLabel(`${user} has role ADMIN`);
    await adminRole.click();
    await page.waitForFunction((name) => document.querySelector(`input[aria-label="${name} has role ADMIN"]`)?.checked === true, user);
    await screenshot(page, 'admin-users');
    await adminRole.click();
    await page.waitForFunction((name) => document.querySelector(`input[aria-label="${name} has role ADMIN"]`)?.checked === false, user);
    const roles = await api('POST', '/api/auth/login', { body: { username: user, password } });
    if (JSON.stringify(roles.json?.roles) !== '["DEVELOPER"]') throw new Error(`after the role round trip ${user} has ${JSON.stringify(roles.json)}`);
  });

  await step('the admin pages at phone width', async () => {
    const phone = await context.newPage();
    watch(phone, 'admin phone');
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto('/admin/alerts?show=all');
    await phone.getByRole('heading', { name: 'Alerts' }).first().waitFor();
    await screenshot(phone, 'admin-alerts-phone');
    await phone.goto('/admin/nodes');
    await phone.getByRole('heading', { name: 'Nodes' }).first().waitFor();
    await screenshot(phone, 'admin-nodes-phone');
    await phone.close();
  });

  await context.close();
} catch (e) {
  failed = true;
  console.error(`[ui-e2e] FAILED: ${e.stack ?? e}`);
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    if (pages[0]) {
      await pages[0].screenshot({ path: join(shots, 'failure.png'), fullPage: true });
      console.error(`[ui-e2e] at ${pages[0].url()}; screenshot ${join(shots, 'failure.png')}`);
    }
  } catch {
    // the browser may be gone
  }
} finally {
  await browser.close();
}
if (consoleErrors.length > 0) {
  console.error(`[ui-e2e] FAILED: ${consoleErrors.length} console error(s):\n  ${consoleErrors.join('\n  ')}`);
  failed = true;
}
if (accessibilityViolations.length > 0) {
  const lines = accessibilityViolations.map((v) => `${v.page}: ${v.rule} (${v.impact}): ${v.help}; first at ${v.target}${v.more ? ` (and ${v.more} more)` : ''}`);
  console.error(`[ui-e2e] FAILED: ${accessibilityViolations.length} serious or critical accessibility violation(s) found by axe-core:\n  ${lines.join('\n  ')}`);
  failed = true;
}
log(failed ? 'FAILED' : `passed; ${shot} screenshots in ${shots}, ${accessibilityChecks} pages checked by axe-core with no serious or critical violation`);
process.exit(failed ? 1 : 0);
