// End to end: the bundled Electron app against a real HTTP server on 127.0.0.1:0, driven by
// playwright-core's _electron. Needs the Electron binary (node_modules/electron/dist), which its
// postinstall downloads from GitHub; where it is missing the test reports itself skipped.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { onTestFinished, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { _electron } from 'playwright-core';
import type { ConsoleApi } from '../../protocol/ipc.ts';
import { skipTitle } from '../support/skip.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE_TITLE = 'console e2e';
const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${PAGE_TITLE}</title></head><body>执行指挥中心</body></html>`;

/**
 * The Electron executable, found the way node_modules/electron/index.js finds it but without its
 * fallback: `require('electron')` would try to download the binary when it is missing.
 */
function electronExecutable(): string | undefined {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executable = override ? path.join(override, relative || 'electron') : path.join(packageDir, 'dist', relative);
  return existsSync(executable) ? executable : undefined;
}

function skipReason(executable: string | undefined): string | false {
  if (executable === undefined) {
    return 'Electron binary not installed (cannot be downloaded here); run `npx install-electron` where GitHub is reachable';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display server (DISPLAY and WAYLAND_DISPLAY unset); run the tests under `xvfb-run -a`';
  }
  return false;
}

const executable = electronExecutable();
const skip = skipReason(executable);

test.skipIf(skip)(
  skipTitle('the Electron console loads CONSOLE_URL with window.consoleApi bridged and no Node in the page', skip),
  async () => {
    assert.ok(executable);
    // Bundle first: the app under test is dist/electron/main.cjs, package.json "main".
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT, timeout: 60_000 });

    const server = createServer((req, res) => {
      if (req.url === '/console' || req.url?.startsWith('/console?')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      } else {
        res.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onTestFinished(() => {
      // Chromium keeps its connections alive; close() alone would wait for them.
      server.closeAllConnections();
      server.close();
    });
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object', 'server is not listening on TCP');
    const consoleUrl = `http://127.0.0.1:${address.port}/console`;

    const app = await _electron.launch({
      executablePath: executable,
      args: [
        ROOT,
        // Chromium refuses to start as root with its sandbox on (CI containers); the renderer stays
        // sandboxed by webPreferences either way, which is what the assertions below are about.
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ],
      env: { ...process.env, CONSOLE_URL: consoleUrl, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
      timeout: 60_000,
    });
    onTestFinished(() => app.close());

    const page = await app.firstWindow();
    await page.waitForLoadState('load');
    assert.equal(page.url(), consoleUrl);
    assert.equal(await page.title(), PAGE_TITLE);

    // `window` has no consoleApi in the DOM typings; the preload adds it (a type for the page, not a payload).
    type ConsoleWindow = Window & { readonly consoleApi?: ConsoleApi };
    const inPage = await page.evaluate(async () => {
      const api = (window as ConsoleWindow).consoleApi;
      const displays = api ? await api.listDisplays() : [];
      let badCall = 'resolved';
      try {
        // @ts-expect-error -- a display id must be a non-negative integer
        await api?.openOnDisplay('2', 'wall');
      } catch (err) {
        badCall = String(err);
      }
      return {
        isElectron: api?.isElectron,
        apiKeys: Object.keys(api ?? {}).sort(),
        typeofRequire: typeof require,
        typeofProcess: typeof process,
        primaryDisplays: displays.filter((d) => d.primary).length,
        primaryId: displays.find((d) => d.primary)?.id,
        badCall,
      };
    });
    assert.deepEqual(inPage, {
      isElectron: true,
      apiKeys: ['isElectron', 'listDisplays', 'openOnDisplay', 'toggleFullscreen'],
      typeofRequire: 'undefined',
      typeofProcess: 'undefined',
      primaryDisplays: 1,
      primaryId: inPage.primaryId,
      badCall: inPage.badCall,
    });
    // Only the message crosses the process boundary: the error class name is in it.
    assert.match(inPage.badCall, /IpcRejectedError/);

    // A good call goes through both guards with a real WebFrameMain origin: a wall window opens.
    assert.ok(inPage.primaryId !== undefined);
    const wallOpened = app.waitForEvent('window');
    await page.evaluate((id) => (window as ConsoleWindow).consoleApi?.openOnDisplay(id, 'wall'), inPage.primaryId);
    const wall = await wallOpened;
    await wall.waitForLoadState('load');
    assert.equal(wall.url(), `${consoleUrl}?view=wall`);
    assert.equal(await wall.evaluate(() => typeof require), 'undefined');
  },
  120_000,
);
