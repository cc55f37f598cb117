import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, openPhone, SCREENSHOT_DIR, signIn, useServerAndBrowser, waitConnected, watchPage } from '../support/browser.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, type TestSocket } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

const skip = browserUnavailable();

/**
 * The loudness (RMS, 0..1) of what an <audio> element plays, measured for a second through Web Audio:
 * > 0 only when the page really decodes sound (Chromium's fake microphone sends a beep).
 */
function loudness(page: Page, testId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const el = document.querySelector(`[data-testid="${id}"]`) as HTMLAudioElement | null;
    const stream = el?.srcObject;
    if (!(stream instanceof MediaStream)) return -1;
    const ctx = new AudioContext();
    await ctx.resume();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    let peak = 0;
    const buf = new Float32Array(analyser.fftSize);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      analyser.getFloatTimeDomainData(buf);
      peak = Math.max(peak, Math.sqrt(buf.reduce((s, v) => s + v * v, 0) / buf.length));
    }
    await ctx.close();
    return peak;
  }, testId);
}

// The action command room (作战室) in Chromium with fake cameras and microphones on the real SFU: the
// site map with its feeds, push-to-talk from the room to the field page and back, and a sibling
// court's leader who gets nothing.
describe.skipIf(skip)(skipTitle('the action command room: feeds, push-to-talk both ways', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });
  const sockets: TestSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  async function room(username: string, errors: string[]): Promise<Page> {
    const page = await ctx.browser.newPage({ viewport: { width: 1800, height: 1000 } });
    watchPage(page, errors, username);
    await signIn(page, `${ctx.server.url}/console?action=${ACTIONS.xihu.id}`, username);
    await waitConnected(page);
    return page;
  }

  test('three body cams of the action on the room\'s wall beside the site map; the dispatcher\'s voice is decoded on the field page, the officer\'s answer in the room', async () => {
    const errors: string[] = [];
    const dispatcherSocket = await connectClient(ctx.server.url, { client: 'console', token: await login(ctx.server, 'h.dispatcher') });
    sockets.push(dispatcherSocket);
    const team = (await ctx.server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow()).id;
    ok(await send(dispatcherSocket, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [team] }));
    ok(await send(dispatcherSocket, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' }));

    // Three body cams: the officer's two units and the team leader's.
    const phones = [await openPhone(ctx, 'xihu.field', errors), await openPhone(ctx, 'xihu.field', errors), await openPhone(ctx, 'xihu.teamlead', errors)];
    for (const { page } of phones) {
      await page.getByTestId('start-camera').click();
      await page.locator('[data-testid="publish-state"][data-state="live"]').waitFor({ timeout: 30_000 });
    }
    const page = await room('h.dispatcher', errors);
    await page.getByTestId('room-head').waitFor();
    // Three publishers and three decoders share two cores with the map: every tile has decoded, none is offline.
    await page.waitForFunction(
      () => {
        const tiles = [...document.querySelectorAll('[data-testid="room-wall"] [data-testid="feed-tile"]')];
        return tiles.length === 3 && tiles.every((t) => Number(t.getAttribute('data-frames-decoded')) > 0 && t.getAttribute('data-state') !== 'offline');
      },
      undefined,
      { timeout: 90_000, polling: 500 },
    ).catch(async () => {
      // Say what the wall showed and what the SFU held, so a failure on a loaded machine can be read.
      const tiles = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="room-wall"] [data-testid="feed-tile"]')].map((t) => `${t.getAttribute('data-state')}:${t.getAttribute('data-frames-decoded')}`),
      );
      const feeds = ctx.server.media.feeds().map((f) => `${f.info.kind}@${f.info.roomId}`);
      assert.fail(`room wall tiles ${JSON.stringify(tiles)}; SFU feeds ${JSON.stringify(feeds)}; consumers ${ctx.server.media.consumers().length}`);
    });
    assert.equal(await page.getByTestId('room-recorders').getAttribute('data-live'), '3');
    await page.waitForTimeout(3000); // the map flies to the site
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'action-room.png') });

    // Push-to-talk to the team: the field page shows 指挥中心正在讲话 and decodes the voice.
    const field = phones[0]!.page;
    const button = page.getByTestId('talk-button');
    await button.hover();
    await page.mouse.down();
    await page.locator('[data-testid="talk-button"][data-state="talking"]').waitFor({ timeout: 15_000 });
    await field.getByTestId('talk-incoming').waitFor({ timeout: 15_000 });
    assert.match(await field.getByTestId('talk-incoming').innerText(), /指挥中心正在讲话/);
    const talkFeed = (await field.getByTestId('talk-incoming').getAttribute('data-feed-id')) ?? assert.fail('no talk feed id');
    const heard = await loudness(field, 'talk-audio');
    await field.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-talk.png') });
    await page.mouse.up();
    assert.ok(heard > 0.001, `field decoded the talk: rms ${heard}`);
    await field.getByTestId('talk-incoming').waitFor({ state: 'detached', timeout: 15_000 });
    // Every talk is evidence: recorded on its own and hashed when it ends.
    let sealed: { sha256: string | null; kind: string } | undefined;
    for (let i = 0; i < 60 && !sealed?.sha256; i++) {
      sealed = await ctx.server.store.db.selectFrom('recordings').select(['sha256', 'kind']).where('feed_id', '=', talkFeed).executeTakeFirst();
      if (!sealed?.sha256) await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(sealed?.kind, 'audio');
    assert.match(sealed?.sha256 ?? '', /^[0-9a-f]{64}$/);

    // The officer answers: the room shows 现场正在讲话 and decodes it.
    const answer = field.getByTestId('talk-button');
    await answer.hover();
    await field.mouse.down();
    await page.getByTestId('talk-answer').waitFor({ timeout: 15_000 });
    const back = await loudness(page, 'talk-answer-audio');
    await field.mouse.up();
    assert.ok(back > 0.001, `room decoded the answer: rms ${back}`);
    await page.getByTestId('talk-answer').waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(errors, []);
  });

  test('a leader of a sibling court opening the room by its address sees nothing of it', async () => {
    const errors: string[] = [];
    const page = await room('nb.leader', errors);
    await page.getByTestId('room-missing').waitFor();
    await page.waitForTimeout(2000);
    assert.equal(await page.getByTestId('room-head').count(), 0);
    assert.equal(await page.getByTestId('feed-tile').count(), 0);
    assert.deepEqual(errors, []);
  });
});
