import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

/** Slot `i` of the wall. */
const slot = (page: Page, i: number) => page.locator(`[data-testid="wall-slot"][data-slot="${i}"]`);

/** Waits until slot `i` shows the feed of `terminalId` (any state: `live` when given). */
async function slotShows(page: Page, i: number, terminalId: string, state?: 'live' | 'offline'): Promise<void> {
  const s = state ? `[data-state="${state}"]` : '';
  await page.locator(`[data-testid="wall-slot"][data-slot="${i}"][data-terminal-id="${terminalId}"]${s}`).waitFor({ timeout: 20_000 });
}

/** The terminal id a field page publishes under (kept in its localStorage, so a reload keeps it). */
const terminalOf = (field: Page) => field.evaluate(() => localStorage.getItem('field.terminalId') ?? '');

// The wall's layout and operation with real feeds: two field pages (Chromium's fake camera) publish
// into the SFU; an operator of the city court arranges them on the wall page and reloads it.
describe.skipIf(skip)(skipTitle('the video wall: layouts, placing, pins, patrol, focus, restore', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('the wall switches layouts, places a feed by click, pins it, patrols, focuses and comes back as it was after a reload', async () => {
    const errors: string[] = [];
    const page = await openConsole(ctx, 'hz.operator', errors, { viewport: { width: 1600, height: 1000 } });
    await page.goto(`${ctx.server.url}/console?view=wall`);
    await page.getByTestId('video-wall').waitFor();

    const grid = page.getByTestId('wall-grid');
    await page.getByTestId('wall-layout-4').click();
    assert.equal(await page.getByTestId('wall-slot').count(), 4);
    assert.equal(await grid.getAttribute('data-size'), '4');
    await page.getByTestId('wall-layout-9').click();
    assert.equal(await page.getByTestId('wall-slot').count(), 9);
    assert.equal(await page.getByText('拖入执行组或画面').count(), 9, 'every empty slot invites a drop');

    const fields: Page[] = [];
    for (const user of ['xihu.field', 'xihu.teamlead']) {
      const { page: field } = await openPhone(ctx, user, errors);
      await field.getByTestId('start-camera').click();
      await field.locator('[data-testid="publish-state"][data-state="live"]').waitFor({ timeout: 20_000 });
      fields.push(field);
    }
    const [a, b] = await Promise.all(fields.map(terminalOf));
    assert.ok(a && b && a !== b);
    await page.locator('[data-testid="wall-feed"]').nth(1).waitFor({ timeout: 15_000 });
    // New feeds fill empty slots by themselves; empty the wall to place one by hand.
    await page.locator('[data-testid="wall-slot"][data-state="live"]').nth(1).waitFor({ timeout: 15_000 });
    for (const i of [0, 1]) await slot(page, i).getByTestId('slot-remove').click();
    assert.equal(await page.locator('[data-testid="wall-slot"][data-state="empty"]').count(), 9);

    // A click in 在线画面 puts a feed in the first empty slot; it shows team, officer, court and action.
    const itemA = page.locator(`[data-testid="wall-feed"][data-terminal-id="${a}"]`);
    assert.match((await itemA.textContent()) ?? '', /执行一组.*西湖/);
    await itemA.click();
    await slotShows(page, 0, a, 'live');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-slot="0"] [data-testid="feed-tile"]')?.getAttribute('data-frames-decoded') ?? 0) > 0,
      undefined,
      { timeout: 30_000, polling: 250 },
    );

    // Pinned: patrol leaves slot 0 alone and walks the other feed through the unpinned slots.
    await slot(page, 0).getByTestId('slot-pin').click();
    assert.equal(await slot(page, 0).getAttribute('data-pinned'), 'true');
    await page.getByTestId('wall-patrol-interval').selectOption('10');
    await page.getByTestId('wall-patrol-toggle').click();
    await slotShows(page, 1, b);
    const progress = page.getByTestId('wall-patrol-progress');
    assert.match((await progress.textContent()) ?? '', /第 1\/1 页 · \d+ 秒后切换/);
    await slotShows(page, 0, a);

    // One unpinned slot for two feeds: two pages, and the slot changes feed at the interval.
    await slot(page, 0).getByTestId('slot-pin').click();
    await page.getByTestId('wall-layout-1').click();
    assert.equal(await page.getByTestId('wall-slot').count(), 1);
    await page.locator('[data-testid="wall-patrol-progress"][data-pages="2"]').waitFor();
    const before = await slot(page, 0).getAttribute('data-terminal-id');
    const after = before === a ? b : a;
    await slotShows(page, 0, after); // within one interval (10 s)
    assert.equal(await progress.getAttribute('data-page'), '2');
    await page.getByTestId('wall-patrol-toggle').click();
    assert.equal(await progress.count(), 0);

    // Back to nine slots: the feed patrol left in slot 0, the other placed by click in the first empty one.
    await page.getByTestId('wall-layout-9').click();
    await page.locator(`[data-testid="wall-feed"][data-terminal-id="${before}"]`).click();
    await slotShows(page, 1, before ?? '', 'live');
    await slot(page, 1).getByTestId('slot-pin').click();

    // Double-click: slot 0 fills the wall, the others are display:none (their tiles pause); Esc and double-click return.
    const gridBox = await grid.boundingBox();
    await slot(page, 0).dblclick();
    assert.equal(await grid.getAttribute('data-focus'), '0');
    assert.equal(await slot(page, 1).isHidden(), true);
    const focusedBox = await slot(page, 0).boundingBox();
    assert.ok(gridBox && focusedBox && focusedBox.width > gridBox.width * 0.95 && focusedBox.height > gridBox.height * 0.95, 'focused slot fills the wall');
    await page.keyboard.press('Escape');
    assert.equal(await grid.getAttribute('data-focus'), '');
    assert.equal(await slot(page, 1).isVisible(), true);
    await slot(page, 1).dblclick();
    assert.equal(await grid.getAttribute('data-focus'), '1');
    await slot(page, 1).dblclick();
    assert.equal(await grid.getAttribute('data-focus'), '');

    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="feed-tile"]')].filter((t) => Number(t.getAttribute('data-frames-decoded')) > 0).length === 2,
      undefined,
      { timeout: 30_000, polling: 250 },
    );
    await page.waitForTimeout(1000); // a few more frames for the picture
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wall-9.png') });

    // Reload: the same layout, feeds in the same slots, the pin, patrol off as it was left.
    await page.reload();
    await page.getByTestId('video-wall').waitFor();
    assert.equal(await grid.getAttribute('data-size'), '9');
    await slotShows(page, 0, after, 'live');
    await slotShows(page, 1, before ?? '', 'live');
    assert.equal(await slot(page, 1).getAttribute('data-pinned'), 'true');
    assert.equal(await slot(page, 0).getAttribute('data-pinned'), 'false');
    assert.equal(await page.getByTestId('wall-patrol-toggle').getAttribute('aria-pressed'), 'false');

    // A field page that reloads publishes a new feed (a new feedId) from the same terminal: it returns to its slot.
    const fieldOf = after === a ? fields[0] : fields[1];
    assert.ok(fieldOf);
    const oldFeed = (await slot(page, 0).getAttribute('data-feed-id')) ?? '';
    await fieldOf.reload();
    await fieldOf.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 10_000 });
    // The field page turns its camera on again by itself after a reload; a tap only if it has not within a few seconds.
    const fieldLive = fieldOf.locator('[data-testid="publish-state"][data-state="live"]');
    await fieldLive.waitFor({ timeout: 8_000 }).catch(() => fieldOf.getByTestId('start-camera').click());
    await page
      .locator(`[data-testid="wall-slot"][data-slot="0"][data-terminal-id="${after}"][data-state="live"]:not([data-feed-id="${oldFeed}"])`)
      .waitFor({ timeout: 20_000 });

    // The full console: a team dragged from the dispatch team list brings its feeds (both officers of 执行一组) from the drop slot on.
    await page.goto(`${ctx.server.url}/console`);
    await page.getByTestId('video-wall').waitFor();
    await slotShows(page, 1, b, 'live'); // this page's own wall, auto-filled
    const team = page.locator('[data-testid="team-row"]').filter({ hasText: '执行一组' }).first();
    await team.dragTo(slot(page, 2));
    await page.locator('[data-testid="wall-slot"][data-slot="3"][data-state="live"]').waitFor({ timeout: 10_000 });
    const placed = await Promise.all([2, 3].map((i) => slot(page, i).getAttribute('data-terminal-id')));
    assert.deepEqual([...placed].sort(), [a, b].sort());
    assert.equal(await slot(page, 0).getAttribute('data-state'), 'empty', 'the feeds moved rather than show twice');
    // A slot dragged onto another swaps them; the tile moves with its element (not remounted, so it keeps its consumer).
    await slot(page, 3).getByTestId('feed-tile').evaluate((el) => el.setAttribute('data-mark', 'kept'));
    await slot(page, 3).dragTo(slot(page, 0));
    await slotShows(page, 0, placed[1] ?? '');
    assert.equal(await slot(page, 3).getAttribute('data-state'), 'empty');
    assert.equal(await slot(page, 0).getByTestId('feed-tile').getAttribute('data-mark'), 'kept');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wall-beside-map.png') });
    await page.getByTestId('wall-layout-36').click();
    assert.equal(await page.getByTestId('wall-slot').count(), 36);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wall-36-beside-map.png') });
    assert.deepEqual(errors, []);
  });
});
