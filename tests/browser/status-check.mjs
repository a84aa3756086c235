#!/usr/bin/env node
// Checks the translation status page of a running `esite serve` in a real browser.
//
//   node tests/browser/status-check.mjs --url http://127.0.0.1:PORT/ --site DIR
//
// DIR is the site folder the server was started with: a throw-away copy of
// tests/fixtures/basic whose content/services/perhetyo/en.md was marked with
// `esite translated` (so an edit of fi.md makes it out of date). It:
//   a. opens URL + __esite/status, runs axe-core (WCAG 2.0/2.1 A and AA): 0 violations;
//   b. edits a sentence of content/services/perhetyo/fi.md: without navigating, the page must
//      show the English translation as out of date with the changed section, and its live
//      region must say it was updated; axe-core again finds 0 violations;
//   c. breaks fi.md: the service page's error overlay must link to the status page;
//   d. restores fi.md.
//
// Exit code: 0 all passed, 1 a check failed, 2 the harness could not run. The last line is
// `esite-status-summary {json}`.

import fs from 'node:fs';
import path from 'node:path';
import { HarnessError, NODE_MODULES, launchBrowser } from './chromium.mjs';

// Loopback only (see serve-check.mjs for why a missing proxy rather than request routing).
const NO_PROXY = '--proxy-server=http://127.0.0.1:9';
const AXE_PATH = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const FI_FILE = 'content/services/perhetyo/fi.md';
const SENTENCE = 'Perhetyö tukee vanhemmuutta.';
const CHANGED = "the section 'Mitä perhetyö on'";
const WAIT_MS = 10_000;

function parseArgs(argv) {
  const opts = { url: null, site: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') opts.url = argv[++i];
    else if (argv[i] === '--site') opts.site = argv[++i];
    else throw new HarnessError(`unknown argument ${argv[i]}`);
  }
  if (!opts.url || !opts.site) throw new HarnessError('usage: status-check.mjs --url URL --site DIR');
  return opts;
}

async function axe(page, source) {
  if ((await page.evaluate(() => typeof window.axe)) !== 'object') await page.evaluate(source);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, AXE_TAGS);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const checks = [];
  const check = (what, ok, detail = '') => {
    checks.push({ what, ok, detail });
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail}`}`);
  };
  const axeSource = fs.readFileSync(AXE_PATH, 'utf8');
  const fiPath = path.join(opts.site, FI_FILE);
  const original = fs.readFileSync(fiPath, 'utf8');
  if (!original.includes(SENTENCE)) throw new HarnessError(`${FI_FILE} lacks "${SENTENCE}"`);
  const browser = await launchBrowser({ viewport: { width: 1280, height: 800 }, flags: [NO_PROXY], needs: [AXE_PATH] });
  try {
    const page = await browser.context.newPage();
    const offsite = [];
    page.on('request', (r) => { if (!r.url().startsWith(opts.url)) offsite.push(r.url()); });
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    const statusUrl = new URL('__esite/status', opts.url).href;
    const response = await page.goto(statusUrl, { waitUntil: 'load' });
    check('a. the status page answers 200', response && response.status() === 200, String(response && response.status()));
    const row = page.locator('tr', { has: page.locator('th code', { hasText: /^perhetyo$/ }) });
    const enCell = row.locator('td').nth(1);
    check('a. the English translation is written', (await enCell.innerText()).startsWith('Written'), await enCell.innerText());
    let violations = await axe(page, axeSource);
    check('a. axe-core: 0 violations', violations.length === 0, violations.join('\n     '));
    // Connected to the event stream before the save, so the update cannot be missed.
    await page.waitForTimeout(500);
    const before = navigations;

    fs.writeFileSync(fiPath, original.replace(SENTENCE, 'Perhetyö tukee koko perhettä.'));
    const saved = Date.now();
    const updated = await page
      .waitForFunction((changed) => {
        const cells = [...document.querySelectorAll('tr')].find((tr) => tr.querySelector('th code')?.textContent === 'perhetyo');
        return cells && cells.querySelectorAll('td')[1].textContent.includes(changed);
      }, CHANGED, { timeout: WAIT_MS })
      .then(() => true, () => false);
    check(`b. the page shows the English as out of date (${CHANGED})`, updated, await enCell.innerText().catch(() => ''));
    if (updated) console.log(`     shown ${Date.now() - saved} ms after the save`);
    check('b. without a navigation', navigations === before, `${navigations - before} navigations`);
    const live = await page.locator('#esite-status-live').innerText();
    check('b. the live region says it was updated', live.startsWith('Updated'), live);
    violations = await axe(page, axeSource);
    check('b. axe-core after the update: 0 violations', violations.length === 0, violations.join('\n     '));

    const service = await browser.context.newPage();
    await service.goto(new URL('fi/palvelut/perhetyo/', opts.url).href, { waitUntil: 'load' });
    await service.waitForTimeout(500);
    fs.writeFileSync(fiPath, '---\ntitle: [unclosed\n---\n');
    const link = service.locator('#esite-overlay a[href="/__esite/status"]');
    const shown = await link.waitFor({ timeout: WAIT_MS }).then(() => true, () => false);
    check('c. the error overlay links to the status page', shown);
    const failed = await page
      .waitForFunction(() => document.body.textContent.includes('The last save could not be built.'), null, { timeout: WAIT_MS })
      .then(() => true, () => false);
    check('c. the status page shows that the save could not be built', failed);
    check('no request left the preview', offsite.length === 0, offsite.join(', '));
  } finally {
    fs.writeFileSync(fiPath, original);
    await browser.close();
  }
  const failed = checks.filter((c) => !c.ok);
  console.log('esite-status-summary ' + JSON.stringify({ ok: failed.length === 0, checks: checks.length, failed: failed.map((c) => c.what) }));
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`${e instanceof HarnessError ? 'harness error' : 'error'}: ${e.stack || e}`);
    console.log('esite-status-summary ' + JSON.stringify({ ok: false, harnessError: String(e.message || e) }));
    process.exit(e instanceof HarnessError ? 2 : 1);
  },
);
