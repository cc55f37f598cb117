// A bench page that drives a real server without touching it: the entry is bundled in memory with
// esbuild (it imports the product's own client modules) and served from 127.0.0.1 by a small HTTP
// server of the bench. The page's origin goes into the server's TRUSTED_ORIGINS, as a deployment
// names its Electron or proxy origin. (Served through Playwright's router instead, the page has no
// address and Chromium's Local Network Access checks block its websocket to 127.0.0.1.)
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT_DIR } from '../../config/load.ts';

/** `entry` (a path under the repository) bundled as one ES module. */
export async function bundlePage(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT_DIR, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}

export interface BenchPageServer {
  /** `http://127.0.0.1:port`: what the app server must trust. */
  origin: string;
  close(): Promise<void>;
}

/** Serves `/` as a blank page running `script` as a module; the query string is the page's to read. */
export async function servePage(title: string, script: string): Promise<BenchPageServer> {
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${title}</title><body style="margin:0;background:#111"><script type="module" src="/page.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const body = pathname === '/' ? html : pathname === '/page.js' ? script : null;
    if (body === null) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': pathname === '/' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('bench page server has no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
