import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, launchBrowser, openPhone, signIn, waitConnected, watchPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import type { Browser } from 'playwright-core';

const skip = browserUnavailable();

// A room past its router's consumer limit (set to 1 here): the second wall is served by a router on
// the other worker, the feed piped there with pipeToRouter, and both walls decode it.
describe.skipIf(skip)(skipTitle('a media room piped to a second worker past media.consumersPerRouter', skip), () => {
  const ctx = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServer({ MEDIA_WORKERS: '2', MEDIA_CONSUMERS_PER_ROUTER: '1' });
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  async function wall(username: string, errors: string[]): Promise<Page> {
    const page = await ctx.browser.newPage({ viewport: { width: 640, height: 400 } });
    watchPage(page, errors, username);
    await signIn(page, `${ctx.server.url}/console?view=wall`, username);
    await waitConnected(page);
    return page;
  }
  const decoding = (page: Page) =>
    page.waitForFunction(() => Number(document.querySelector('[data-testid="feed-tile"][data-state="live"]')?.getAttribute('data-frames-decoded')) > 10, undefined, {
      timeout: 40_000,
      polling: 250,
    });

  test('two walls of one feed: one consumer on each router, on two workers, and both decode frames', async () => {
    const errors: string[] = [];
    const { page: field } = await openPhone(ctx, 'xihu.field', errors);
    await field.getByTestId('start-camera').click();
    await field.locator('[data-testid="publish-state"][data-state="live"]').waitFor({ timeout: 20_000 });
    const video = ctx.server.media.feeds().find((f) => f.info.kind === 'video') ?? assert.fail('no video feed');

    const first = await wall('hz.operator', errors);
    await decoding(first);
    const second = await wall('h.operator', errors);
    await decoding(second);
    const routers = ctx.server.media.find(video.info.feedId)?.room.describe() ?? assert.fail('no room');
    assert.equal(routers.length, 2);
    assert.deepEqual(routers.map((r) => r.consumers), [1, 1]);
    assert.notEqual(routers[0]?.workerPid, routers[1]?.workerPid);
    // Still decoding on both after the second joined.
    await decoding(first);
    assert.deepEqual(errors, []);
  });
});
