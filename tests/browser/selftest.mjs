#!/usr/bin/env node
// Proves that check-site.mjs can both pass and fail: the fixture site selftest/good must come out
// clean in every mode, and selftest/bad must fail every check with the expected rule ids.
//
//   node tests/browser/selftest.mjs
//
// Uses node:test; exit code 0 when every assertion holds.

import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serveDir, listHtmlFiles, fileToUrlPath, urlPathToFile } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHECK = path.join(HERE, 'check-site.mjs');
const GOOD = path.join(HERE, 'selftest', 'good');
const BAD = path.join(HERE, 'selftest', 'bad');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'esite-selftest-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

let runs = 0;
/** Runs check-site.mjs; resolves to { code, stdout, stderr, json } (json: the --json-out report). */
function check(args, env = {}) {
  const jsonOut = path.join(TMP, `report-${++runs}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHECK, ...args, '--json-out', jsonOut], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json = null;
      try {
        json = JSON.parse(fs.readFileSync(jsonOut, 'utf8'));
      } catch {
        /* no report written */
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

const show = (r) => `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
const rulesOf = (r, page) =>
  new Set((r.json?.findings ?? []).filter((f) => page === undefined || f.page === page).map((f) => f.rule));

function assertRules(r, page, expected) {
  const got = rulesOf(r, page);
  for (const rule of expected) {
    assert.ok(got.has(rule), `expected rule ${rule} on ${page}; got [${[...got].join(', ')}]\n${show(r)}`);
  }
}

describe('static server', () => {
  let srv;
  before(async () => {
    srv = await serveDir(GOOD);
  });
  after(async () => {
    await srv.close();
  });
  const get = (p) => fetch(srv.origin + p, { redirect: 'manual' });

  test('binds 127.0.0.1 on a free port', () => {
    assert.equal(srv.server.address().address, '127.0.0.1');
    assert.ok(srv.port > 0);
  });
  test('directory URLs serve index.html', async () => {
    const r = await get('/sub/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(await r.text(), /<h1>Services<\/h1>/);
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<h1>Family services<\/h1>/);
  });
  test('a folder without the trailing slash redirects', async () => {
    const r = await get('/sub');
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/sub/');
  });
  test('content types', async () => {
    assert.match((await get('/style.css')).headers.get('content-type'), /^text\/css/);
    assert.equal((await get('/logo.svg')).headers.get('content-type'), 'image/svg+xml');
  });
  test('unknown paths get 404.html with status 404', async () => {
    const r = await get('/no/such/page/');
    assert.equal(r.status, 404);
    assert.match(await r.text(), /Page not found/);
  });
  test('paths cannot leave the site folder', async () => {
    for (const p of ['/../selftest.mjs', '/%2e%2e/selftest.mjs', '/..%2fselftest.mjs', '/sub/%2e%2e/%2e%2e/check-site.mjs']) {
      assert.equal((await get(p)).status, 404, p);
    }
  });
  test('page listing and URL mapping', () => {
    assert.deepEqual(listHtmlFiles(GOOD), ['404.html', 'index.html', 'sub/index.html']);
    assert.deepEqual(listHtmlFiles(GOOD).map(fileToUrlPath), ['/404.html', '/', '/sub/']);
    assert.equal(urlPathToFile(GOOD, '/sub/'), 'sub/index.html');
    assert.equal(urlPathToFile(GOOD, '/sub'), 'sub/index.html');
    assert.equal(urlPathToFile(GOOD, '/'), 'index.html');
  });
});

describe('check-site.mjs', () => {
  test('good site passes every mode (one browser, one vnu run)', async () => {
    const r = await check([GOOD, '--mode', 'all', '--keyboard-page', '/', '--keyboard-page', '/sub/']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(r.json.findings, []);
    assert.deepEqual(r.json.checked, { vnu: 3, a11y: 3, keyboard: 2 });
    assert.match(r.stdout, /^esite-check-summary \{"ok":true/m);
  });

  test('bad site fails a11y: alt, contrast, second h1, reflow at 320 px, broken and off-site requests', async () => {
    const r = await check([BAD, '--mode', 'a11y']);
    assert.equal(r.code, 1, show(r));
    assertRules(r, '/', ['image-alt', 'color-contrast', 'esite-one-h1', 'esite-reflow-320', 'esite-request-failed', 'esite-offsite-request']);
    const reflow = r.json.findings.find((f) => f.rule === 'esite-reflow-320');
    assert.deepEqual(reflow.viewports, ['320x640']);
    assert.ok(reflow.nodes.some((n) => n.target.includes('div.wide')), JSON.stringify(reflow));
    const alt = r.json.findings.find((f) => f.rule === 'image-alt');
    assert.deepEqual(alt.viewports, ['1280x800', '320x640']);
    assert.match(alt.nodes[0].html, /photo\.svg/);
    assert.match(r.stdout, /image-alt/);
    assert.match(r.stdout, /^esite-check-summary \{"ok":false/m);
  });

  test('bad site fails vnu with file, line and message', async () => {
    const r = await check([BAD, '--mode', 'vnu']);
    assert.equal(r.code, 1, show(r));
    const errs = r.json.findings.filter((f) => f.page === 'invalid.html');
    const text = errs.map((f) => f.help).join('\n');
    assert.match(text, /Duplicate ID/);
    assert.match(text, /Stray end tag/);
    assert.ok(errs.every((f) => /^line \d+:\d+$/.test(f.nodes[0].target)), JSON.stringify(errs));
    assert.match(r.stdout, /invalid\.html/);
  });

  test('bad site fails keyboard: no skip link, tab order, focus indicator, skip target, focus after Enter', async () => {
    const r = await check([BAD, '--mode', 'keyboard', '--keyboard-page', '/', '--keyboard-page', '/skip/', '--keyboard-page', '/skip-focus/']);
    assert.equal(r.code, 1, show(r));
    assertRules(r, '/', ['esite-skip-link', 'esite-tab-order', 'esite-focus-indicator']);
    assertRules(r, '/skip/', ['esite-skip-link']);
    assertRules(r, '/skip-focus/', ['esite-skip-link']);
    const skipFocus = r.json.findings.find((f) => f.page === '/skip-focus/');
    assert.match(skipFocus.help, /Enter on the skip link/);
    assert.ok(!rulesOf(r, '/skip-focus/').has('esite-tab-order'), show(r));
  });

  test('a keyboard page missing from the site is a failure', async () => {
    const r = await check([GOOD, '--mode', 'keyboard', '--keyboard-page', '/does-not-exist/']);
    assert.equal(r.code, 1, show(r));
    assertRules(r, '/does-not-exist/', ['esite-page-missing']);
  });

  test('harness failures exit 2', async () => {
    const noChromium = await check([GOOD, '--mode', 'a11y'], { CHROMIUM_PATH: path.join(TMP, 'no-such-chromium') });
    assert.equal(noChromium.code, 2, show(noChromium));
    assert.match(noChromium.stderr, /Chromium not found/);
    assert.match(noChromium.stderr, /setup-test-deps\.sh/);
    const noDir = await check([path.join(TMP, 'no-such-site'), '--mode', 'vnu']);
    assert.equal(noDir.code, 2, show(noDir));
    const empty = fs.mkdtempSync(path.join(TMP, 'empty-'));
    const noPages = await check([empty, '--mode', 'a11y']);
    assert.equal(noPages.code, 2, show(noPages));
    const badArgs = await check([GOOD, '--mode', 'nonsense']);
    assert.equal(badArgs.code, 2, show(badArgs));
  });
});
