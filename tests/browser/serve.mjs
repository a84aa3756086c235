// Minimal static file server for a built site folder, bound to 127.0.0.1 on a free port.
//
// - `/dir/` serves `dir/index.html`; `/dir` (a folder, no slash) redirects to `/dir/`.
// - Unknown paths answer 404 with the body of `<root>/404.html` when the site has one.
// - Paths that would leave the root (`..`, encoded or not) answer 404 too.
//
// Only Node's standard library is used, so the self-test can load it without node_modules.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a URL path to a file below root, or null when it escapes root. */
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

async function statOrNull(p) {
  try {
    return await fsp.stat(p);
  } catch {
    return null;
  }
}

/**
 * Starts the server. Resolves to { server, port, origin, close(), requests }.
 * `requests` records every [status, path] answered (used by the self-test).
 */
export async function serveDir(rootDir) {
  const root = path.resolve(rootDir);
  const requests = [];

  async function send(res, status, file, method, headers = {}) {
    const body = await fsp.readFile(file);
    res.writeHead(status, {
      'content-type': contentType(file),
      'content-length': body.length,
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(method === 'HEAD' ? undefined : body);
  }

  async function notFound(res, method) {
    const page = path.join(root, '404.html');
    if (await statOrNull(page)) return send(res, 404, page, method);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(method === 'HEAD' ? undefined : 'Not found\n');
  }

  async function handle(req, res) {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return 405;
    }
    const file = resolveInside(root, url.pathname);
    if (!file) {
      await notFound(res, method);
      return 404;
    }
    const st = await statOrNull(file);
    if (st?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' + url.search });
        res.end();
        return 301;
      }
      const index = path.join(file, 'index.html');
      if (await statOrNull(index)) {
        await send(res, 200, index, method);
        return 200;
      }
      await notFound(res, method);
      return 404;
    }
    if (st?.isFile()) {
      await send(res, 200, file, method);
      return 200;
    }
    await notFound(res, method);
    return 404;
  }

  const server = http.createServer((req, res) => {
    handle(req, res)
      .then((status) => requests.push([status, req.url]))
      .catch((err) => {
        requests.push([500, req.url]);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Every *.html file under root, as sorted paths relative to root with '/' separators. */
export function listHtmlFiles(rootDir) {
  const root = path.resolve(rootDir);
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(full);
      else if (ent.isFile() && ent.name.toLowerCase().endsWith('.html')) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return out.sort();
}

/** `fi/palvelut/index.html` -> `/fi/palvelut/`; `404.html` -> `/404.html`. */
export function fileToUrlPath(rel) {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}

/** `/fi/palvelut/` -> `fi/palvelut/index.html`; `/a.html` -> `a.html`; `/fi/x` -> `fi/x/index.html` when that exists. */
export function urlPathToFile(rootDir, urlPath) {
  const p = urlPath.split(/[?#]/)[0];
  const clean = p.replace(/^\/+/, '');
  if (clean === '' || clean.endsWith('/')) return clean + 'index.html';
  if (clean.toLowerCase().endsWith('.html')) return clean;
  const asDir = path.join(rootDir, clean, 'index.html');
  if (fs.existsSync(asDir)) return clean + '/index.html';
  return clean;
}
