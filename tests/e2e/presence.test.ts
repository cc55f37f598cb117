import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { browserUnavailable, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { startServer } from '../support/server.ts';

const skip = browserUnavailable();

describe('console and field pages in Chromium', { skip: skip ?? false }, () => {
  const ctx = useServerAndBrowser({ before, after });

  test('the console shows 已连接, then the field terminal appears in 在线终端 and disappears when it closes', async () => {
    const consolePage = await ctx.browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    consolePage.on('pageerror', (e) => errors.push(e.message));
    await consolePage.goto(`${ctx.server.url}/console`);
    const badge = consolePage.getByTestId('connection-state');
    await badge.and(consolePage.locator('[data-state="connected"]')).waitFor({ timeout: 10_000 });
    assert.match(await badge.innerText(), /已连接/);
    assert.equal(await consolePage.getByTestId('terminal-count').innerText(), '0');

    const fieldContext = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const fieldPage = await fieldContext.newPage();
    fieldPage.on('pageerror', (e) => errors.push(e.message));
    await fieldPage.goto(`${ctx.server.url}/field`);
    await fieldPage.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 10_000 });
    assert.match(await fieldPage.locator('h1').innerText(), /外勤终端/);

    await consolePage.locator('[data-testid="terminal-count"]', { hasText: '1' }).waitFor({ timeout: 10_000 });
    const terminalId = await fieldPage.evaluate(() => localStorage.getItem('field.terminalId'));
    assert.ok(terminalId);
    await consolePage.locator(`[data-terminal-id="${terminalId}"]`).waitFor({ timeout: 5_000 });

    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-terminal-online.png') });
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-connected.png') });

    await fieldContext.close();
    await consolePage.locator('[data-testid="terminal-count"]', { hasText: '0' }).waitFor({ timeout: 10_000 });
    assert.equal(await consolePage.locator(`[data-terminal-id="${terminalId}"]`).count(), 0);
    assert.deepEqual(errors, []);
  });

  test('the console shows 已断开 when the server goes away', async () => {
    const own = await startServer();
    const page = await ctx.browser.newPage();
    await page.goto(`${own.url}/console`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 10_000 });
    await own.close();
    await page.locator('[data-testid="connection-state"]:not([data-state="connected"])').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('connection-state').innerText(), /已断开|连接中|连接失败/);
    await page.close();
  });
});
