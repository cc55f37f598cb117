import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, SCREENSHOT_DIR, signIn, useServerAndBrowser, waitConnected, watchPage } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { PASSWORD } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

describe.skipIf(skip)(skipTitle('console and field pages in Chromium', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('the console shows 已连接, then the field terminal appears in 在线终端 and disappears when it closes', async () => {
    const consolePage = await ctx.browser.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    watchPage(consolePage, errors, 'console');
    await signIn(consolePage, `${ctx.server.url}/console`, 'hz.operator');
    const badge = consolePage.getByTestId('connection-state');
    await badge.and(consolePage.locator('[data-state="connected"]')).waitFor({ timeout: 10_000 });
    assert.match(await badge.innerText(), /已连接/);
    // 辖区法院: 杭州中院's own branch (西湖 2 active + 滨江 2 active), nothing of 宁波.
    await consolePage.getByTestId('root-active').waitFor({ timeout: 10_000 });
    assert.equal(await consolePage.getByTestId('root-active').innerText(), '4');
    assert.doesNotMatch(await consolePage.getByTestId('court-overview').innerText(), /海曙|宁波/);
    assert.equal(await consolePage.getByTestId('terminal-count').innerText(), '0');

    const fieldContext = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const fieldPage = await fieldContext.newPage();
    watchPage(fieldPage, errors, 'field');
    await signIn(fieldPage, `${ctx.server.url}/field`, 'xihu.field');
    await waitConnected(fieldPage);
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

  test('the login screen refuses a wrong password in Chinese, signs in, and 退出 returns to it', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    watchPage(page, errors, 'console');
    await page.goto(`${ctx.server.url}/console`);
    await page.getByLabel('用户名').fill('hz.operator');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('login-error').innerText(), /用户名或密码错误/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-login-error.png') });

    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-chip').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('user-chip').innerText(), /杭州市中级人民法院/);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor({ timeout: 10_000 });
    await page.close();
    assert.deepEqual(errors, []);
  });

  test('the console shows 已断开 when the server goes away', async () => {
    const own = await startServer();
    const page = await ctx.browser.newPage();
    await signIn(page, `${own.url}/console`, 'hz.operator');
    await waitConnected(page);
    await own.close();
    await page.locator('[data-testid="connection-state"]:not([data-state="connected"])').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('connection-state').innerText(), /已断开|连接中|连接失败/);
    await page.close();
  });
});
