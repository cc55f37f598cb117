import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// Media really flows: Chromium's fake camera → field page (mediasoup-client) → SFU on 127.0.0.1 →
// console page, whose consumer must decode frames. A clean worker build proves nothing; this does.
describe.skipIf(skip)(skipTitle('live video from the field page to the console wall', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('the console decodes frames of the feed the field page publishes (framesDecoded > 0)', async () => {
    const errors: string[] = [];
    const consolePage = await openConsole(ctx, 'hz.operator', errors, { viewport: { width: 1600, height: 900 } });

    const { context: field, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors);
    await fieldPage.getByTestId('start-camera').click();
    await fieldPage.locator('[data-testid="publish-state"][data-state="live"]').waitFor({ timeout: 15_000 });

    const tile = consolePage.getByTestId('feed-tile').first();
    await tile.waitFor({ timeout: 15_000 });
    await consolePage.waitForFunction(
      () => Number(document.querySelector('[data-testid="feed-tile"]')?.getAttribute('data-frames-decoded') ?? 0) > 0,
      undefined,
      { timeout: 30_000, polling: 250 },
    );
    const frames = Number(await tile.getAttribute('data-frames-decoded'));
    assert.ok(frames > 0, `framesDecoded ${frames}`);

    // The server side agrees: the feed's producer received RTP bytes.
    const feedId = await tile.getAttribute('data-feed-id');
    assert.ok(feedId);
    assert.ok(ctx.server.media.feeds().some((f) => f.info.feedId === feedId && f.info.kind === 'video'));

    await consolePage.waitForTimeout(1500); // let a few more frames paint for the screenshot
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-live-feed.png') });
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-publishing.png') });

    const removed = consolePage.getByTestId('feed-tile');
    await field.close();
    await removed.first().waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(errors, []);
  });
});
