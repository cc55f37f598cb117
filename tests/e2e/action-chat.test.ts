import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { teamOf } from '../support/dispatch.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS } from '../support/world.ts';

const skip = browserUnavailable();

/** A camera-sized PNG (1600×1200, a gradient with a cross) drawn by Chromium itself. */
async function cameraPng(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2d context');
    const fill = g.createLinearGradient(0, 0, 1600, 1200);
    fill.addColorStop(0, '#1d6fd8');
    fill.addColorStop(1, '#e5a13b');
    g.fillStyle = fill;
    g.fillRect(0, 0, 1600, 1200);
    g.fillStyle = '#ffffff';
    g.fillRect(780, 0, 40, 1200);
    g.fillRect(0, 580, 1600, 40);
    return canvas.toDataURL('image/png').split(',')[1] ?? '';
  });
  return Buffer.from(base64, 'base64');
}

// 行动群聊 in two real pages: a leader following 西湖's eviction writes from the console's drawer and
// the officer's phone shows it; the phone answers with a photo taken with its camera input and text,
// and the console shows both (the photo scaled to 1280 px JPEG on the phone, fetched by id).
describe.skipIf(skip)(skipTitle('action chat between the console and the field page', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('console 群聊 → the phone shows the message; the phone sends a photo and text → the console shows both; folded, the phone counts unread', async () => {
    const errors: string[] = [];
    const dispatcher = await connectClient(ctx.server.url, { client: 'console', token: await login(ctx.server, 'h.dispatcher') });
    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [await teamOf(ctx.server, 'xihu')] }));
    dispatcher.disconnect();

    const { context: phone, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors);
    const fieldChat = fieldPage.locator(`[data-testid="field-chat"][data-action-id="${ACTIONS.xihu.id}"]`);
    await fieldChat.waitFor({ timeout: 10_000 });
    await fieldChat.getByText('暂无消息').waitFor({ timeout: 10_000 });

    // The leader opens the chat from the actions list: the drawer, and the action is followed.
    const consolePage = await openConsole(ctx, 'hz.leader', errors, { label: 'leader' });
    const row = consolePage.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"]`);
    await row.getByTestId('action-chat').click();
    const drawer = consolePage.getByTestId('chat-drawer');
    await drawer.waitFor({ timeout: 10_000 });
    await row.locator('[data-testid="action-follow"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    await drawer.getByTestId('chat-input').fill('十分钟后到场，注意被执行人情绪');
    await drawer.getByTestId('chat-send').click();
    await drawer.getByTestId('chat-message').filter({ hasText: '十分钟后到场' }).waitFor({ timeout: 10_000 });

    const fromConsole = fieldChat.getByTestId('chat-message').filter({ hasText: '十分钟后到场，注意被执行人情绪' });
    await fromConsole.waitFor({ timeout: 10_000 });
    assert.match(await fromConsole.getByTestId('chat-sender').innerText(), /^hz\.leader · 院领导 · 杭州中院$/);

    // The phone: a photo from the camera input (previewed, scaled), then text, one message.
    await fieldChat.getByTestId('chat-photo-input').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: await cameraPng(fieldPage) });
    const preview = fieldChat.getByTestId('chat-photo-preview');
    await preview.waitFor({ timeout: 10_000 });
    assert.match((await preview.getAttribute('src')) ?? '', /^data:image\/jpeg;base64,/);
    await fieldChat.getByTestId('chat-input').fill('现场已控制，门已打开');
    await fieldChat.getByTestId('chat-send').click();
    const mine = fieldChat.locator('[data-testid="chat-message"].mine').filter({ hasText: '现场已控制' });
    await mine.waitFor({ timeout: 10_000 });
    assert.match(await mine.getByTestId('chat-sender').innerText(), /^我 · 执行一组$/);

    const fromField = drawer.getByTestId('chat-message').filter({ hasText: '现场已控制，门已打开' });
    await fromField.waitFor({ timeout: 10_000 });
    assert.match(await fromField.getByTestId('chat-sender').innerText(), /^xihu\.field · 执行一组$/);
    const photo = fromField.locator('[data-testid="chat-photo"] img');
    await photo.waitFor({ timeout: 10_000 });
    await consolePage.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await photo.elementHandle(), { timeout: 10_000 });
    // Sent as the phone scaled it: JPEG, 1280 px on the longest side.
    assert.deepEqual(await photo.evaluate((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight]), [1280, 960]);
    assert.match((await photo.getAttribute('src')) ?? '', /^data:image\/jpeg;base64,/);
    await fromField.getByTestId('chat-photo').click();
    await consolePage.getByTestId('chat-lightbox').waitFor({ timeout: 10_000 });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-chat-photo.png') });
    await consolePage.getByTestId('chat-lightbox').click();

    // Stored once, with the photo's hash in the audit chain.
    const rows = await ctx.server.store.db.selectFrom('chat_messages').select(['text', 'photo_sha256']).where('action_id', '=', ACTIONS.xihu.id).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => [r.text, r.photo_sha256 !== null]), [['十分钟后到场，注意被执行人情绪', false], ['现场已控制，门已打开', true]]);

    // Folded on the phone, a new message counts as unread; unfolded, it is read.
    await fieldChat.getByTestId('chat-toggle').click();
    await drawer.getByTestId('chat-input').fill('增援十分钟后到');
    await drawer.getByTestId('chat-input').press('Enter');
    await fieldChat.locator('[data-testid="chat-unread"]').filter({ hasText: '1' }).waitFor({ timeout: 10_000 });
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-chat-unread.png'), fullPage: true });
    await fieldChat.getByTestId('chat-toggle').click();
    await fieldChat.getByTestId('chat-message').filter({ hasText: '增援十分钟后到' }).waitFor({ timeout: 10_000 });
    assert.equal(await fieldChat.getByTestId('chat-unread').count(), 0);

    await fieldChat.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-chat.png') });
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-chat-page.png'), fullPage: true });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-chat-drawer.png') });
    await phone.close();
    await consolePage.close();
    assert.deepEqual(errors, []);
  });
});
