#!/usr/bin/env node
// Checks the site search of a built example site in a real browser, as a resident uses it.
//
//   node tests/browser/search-check.mjs DIR
//
// DIR is the example site built with `--base-url http://127.0.0.1/`. With the keyboard only:
//   a. on /fi/, Tab reaches the home page's search field; typing "perhe" and Enter leads to
//      the search page, whose status says how many were found, and the results hold the three
//      family-work services; axe-core finds 0 violations in that state;
//   b. Tab from the field reaches the first result, and Enter opens it;
//   c. "kotiin apua" finds home help for families first, and "kotiapu" (a word only its keywords
//      have) finds it alone; "tyo" finds perhetyö
//      (a compound part, ö typed as o), "home help" does so in English, and a word on no page
//      says that nothing was found;
// and with JavaScript turned off:
//   d. the search page says that search needs JavaScript, and links to every service page and
//      the municipality finder.
//
// Exit code: 0 all passed, 1 a check failed, 2 the harness could not run. The last line is
// `esite-search-summary {json}`.

import fs from 'node:fs';
import path from 'node:path';
import { HarnessError, NODE_MODULES, launchBrowser } from './chromium.mjs';
import { serveDir } from './serve.mjs';

const AXE_PATH = path.join(NODE_MODULES, 'axe-core', 'axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const VIEWPORT = { width: 1280, height: 800 };
const WAIT_MS = 10_000;
const FAMILY_WORK = ['/fi/palvelut/perhetyo/', '/fi/palvelut/pikkulapsiperhetyo/', '/fi/palvelut/tehostettu-perhetyo/'];
const HOME_HELP = '/fi/palvelut/lapsiperheiden-kotipalvelu/';

async function axe(page, source) {
  if ((await page.evaluate(() => typeof window.axe)) !== 'object') await page.evaluate(source);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, AXE_TAGS);
}

/** Presses Tab until `selector` has the focus; false if it never does. */
async function tabTo(page, selector) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return true;
  }
  return false;
}

/** The result links' paths and the status, once the status answers `query`. */
async function results(page, query) {
  await page.waitForFunction(
    (q) => document.getElementById('search-status')?.textContent.includes(q),
    query,
    { timeout: WAIT_MS },
  );
  return page.evaluate(() => ({
    status: document.getElementById('search-status').textContent,
    links: [...document.querySelectorAll('#search-results a')].map((a) => new URL(a.href).pathname),
  }));
}

/** Types `query` into the search page's field with the keyboard, replacing what was there. */
async function searchFor(page, query) {
  await page.focus('#search-q');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  return results(page, query);
}

/** The service pages of a language: every `<lang>/<section>/<slug>/index.html`. */
function servicePages(dir, section) {
  return fs
    .readdirSync(path.join(dir, section), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, section, e.name, 'index.html')))
    .map((e) => `/${section}/${e.name}/`);
}

async function main() {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(path.join(dir, 'fi', 'haku', 'index.html'))) {
    throw new HarnessError('usage: search-check.mjs DIR (a built example site with fi/haku/)');
  }
  const checks = [];
  const check = (what, ok, detail = '') => {
    checks.push({ what, ok, detail });
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail}`}`);
  };
  const axeSource = fs.readFileSync(AXE_PATH, 'utf8');
  const server = await serveDir(dir);
  try {
    const browser = await launchBrowser({ viewport: VIEWPORT, needs: [AXE_PATH] });
    try {
      const { context } = browser;
      await context.route((url) => url.origin !== server.origin, (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.origin}/fi/`, { waitUntil: 'load' });

      const reached = await tabTo(page, '#search-home-q');
      check('a. Tab reaches the home page search field', reached);
      await page.keyboard.type('perhe');
      await Promise.all([page.waitForURL(/\/fi\/haku\/\?q=perhe$/, { timeout: WAIT_MS }), page.keyboard.press('Enter')]);
      let found = await results(page, 'perhe');
      const missing = FAMILY_WORK.filter((u) => !found.links.includes(u));
      check('a. "perhe" finds the three family-work services', missing.length === 0, `missing ${missing}; got ${found.links}`);
      check(
        'a. the status says how many were found',
        found.status.includes(String(found.links.length)),
        found.status,
      );
      check('a. the status is a polite live region', (await page.getAttribute('#search-status', 'aria-live')) === 'polite');
      let violations = await axe(page, axeSource);
      check('a. axe-core on the results: 0 violations', violations.length === 0, violations.join('\n     '));

      await page.focus('#search-q');
      const toResult = await tabTo(page, '#search-results li:first-child a');
      check('b. Tab from the field reaches the first result', toResult);
      const first = found.links[0];
      await Promise.all([page.waitForURL((u) => u.pathname === first, { timeout: WAIT_MS }), page.keyboard.press('Enter')]);
      check('b. Enter opens it', new URL(page.url()).pathname === first, page.url());

      await page.goto(`${server.origin}/fi/haku/`, { waitUntil: 'load' });
      found = await searchFor(page, 'kotiin apua');
      check('c. "kotiin apua" finds home help for families first', found.links[0] === HOME_HELP, found.links.join(', '));
      check('c. the address keeps the query', new URL(page.url()).searchParams.get('q') === 'kotiin apua', page.url());
      found = await searchFor(page, 'kotiapu');
      check('c. "kotiapu", a word of its keywords only, finds home help', found.links.join() === HOME_HELP, found.links.join(', '));
      found = await searchFor(page, 'tyo');
      check('c. "tyo" finds perhetyö', found.links.includes('/fi/palvelut/perhetyo/'), found.links.join(', '));
      found = await searchFor(page, 'xylofoni');
      check('c. a word on no page finds nothing, and says so', found.links.length === 0 && found.status.length > 0, found.status);
      violations = await axe(page, axeSource);
      check('c. axe-core with nothing found: 0 violations', violations.length === 0, violations.join('\n     '));
      await page.goto(`${server.origin}/en/search/?q=home%20help`, { waitUntil: 'load' });
      found = await results(page, 'home help');
      check(
        'c. "home help" finds home help for families first in English',
        found.links[0] === '/en/services/home-help-for-families/',
        found.links.join(', '),
      );
      check('no script errors', errors.length === 0, errors.join('\n     '));
    } finally {
      await browser.close();
    }

    const nojs = await launchBrowser({ viewport: VIEWPORT, javaScriptEnabled: false });
    try {
      const page = await nojs.context.newPage();
      for (const [search, section, finder] of [
        ['/fi/haku/', 'fi/palvelut', '/fi/kunnat/'],
        ['/en/search/', 'en/services', '/en/municipalities/'],
      ]) {
        await page.goto(`${server.origin}${search}?q=perhe`, { waitUntil: 'load' });
        check(`d. ${search} says that search needs JavaScript`, await page.isVisible('#search-nojs'));
        check(`d. ${search} hides the form that cannot work`, !(await page.isVisible('#search-q')));
        const links = await page.evaluate(() => [...document.querySelectorAll('main a')].map((a) => new URL(a.href).pathname));
        const services = servicePages(dir, section);
        const unlinked = services.filter((u) => !links.includes(u));
        check(`d. ${search} links to all ${services.length} services`, services.length > 0 && unlinked.length === 0, `not linked: ${unlinked}`);
        check(`d. ${search} links to the municipality finder`, links.includes(finder));
      }
    } finally {
      await nojs.close();
    }
  } finally {
    await server.close();
  }
  const failed = checks.filter((c) => !c.ok);
  console.log('esite-search-summary ' + JSON.stringify({ ok: failed.length === 0, checks: checks.length, failed: failed.map((c) => c.what) }));
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.log(`${e instanceof HarnessError ? 'harness error' : 'error'}: ${e.stack || e}`);
    console.log('esite-search-summary ' + JSON.stringify({ ok: false, harnessError: String(e.message || e) }));
    process.exit(e instanceof HarnessError ? 2 : 1);
  },
);
