import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import type { Ack } from '../../protocol/errors.ts';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { connectClient, login, type TestSocket } from '../support/server.ts';
import { COURTS } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

/** A real PNG (RGB, 8 bit) of `width`×`height`: a colour gradient with a white cross, a few KB. */
function makePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(4 + body.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bit, truecolour, deflate, no filter, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // filter byte 0 (none)
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff; // a little noise, so it does not compress to nothing
      const cross = Math.abs(x - width / 2) < 3 || Math.abs(y - height / 2) < 3;
      const noise = seed % 24;
      const px = cross ? [255, 255, 255] : [(x * 231) / width + noise, (y * 231) / height + noise, 160 - noise];
      rows.set(px.map(Math.round), row + 1 + x * 3);
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const PHOTO = makePng(96, 64);

/** instruction:photo over a node socket, as a console of `username` asks for it. */
async function photoAs(socket: TestSocket, instructionId: string, teamId: string): Promise<Ack<{ photo: string }>> {
  const emitter = socket.timeout(3_000) as unknown as { emitWithAck(e: string, m: unknown): Promise<Ack<{ photo: string }>> };
  return emitter.emitWithAck('instruction:photo', { instructionId, teamId });
}

/** 'ok', or the refusal's code (never the photo itself: it would flood the failure message). */
function codeOf(res: Ack<unknown>): string {
  return res.ok ? 'ok' : res.code;
}

// The officer's two other answers to an instruction, in two real pages: 拒收 with a reason, and
// 反馈 with a photo taken from the phone's file input. The console must show both as they happened.
describe.skipIf(skip)(skipTitle('field page 拒收 and 反馈 with a photo, tracked on the console', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });
  const sockets: TestSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  /** The dispatcher's console and the officer's phone, both connected; 西湖's team selected. */
  async function openPages(errors: string[]): Promise<{ consolePage: Page; field: BrowserContext; fieldPage: Page; teamId: string }> {
    const consolePage = await openConsole(ctx, 'h.dispatcher', errors);
    const xihuTeam = consolePage.locator(`[data-testid="team-row"][data-court-id="${COURTS.xihu.id}"]`);
    await xihuTeam.waitFor({ timeout: 10_000 });
    const teamId = (await xihuTeam.getAttribute('data-team-id')) ?? assert.fail('team row without data-team-id');
    await consolePage.getByTestId('template-go_now').waitFor({ timeout: 10_000 });

    const { context: field, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors, { latitude: 30.2741, longitude: 120.1551, accuracy: 12 });
    await xihuTeam.getByTestId('team-select').check();
    return { consolePage, field, fieldPage, teamId };
  }

  /** Issues a template to the selected team; resolves with the phone's card once it was delivered. */
  async function issueTemplate(consolePage: Page, fieldPage: Page, key: string, text: string, teamId: string) {
    await consolePage.getByTestId(`template-${key}`).click();
    await consolePage.getByTestId('issue-sent').waitFor({ timeout: 10_000 });
    const card = fieldPage.getByTestId('field-instruction').filter({ hasText: text });
    await card.waitFor({ timeout: 10_000 });
    const instructionId = (await card.getAttribute('data-instruction-id')) ?? assert.fail('card without data-instruction-id');
    const target = consolePage.locator(`[data-testid="console-instruction"][data-instruction-id="${instructionId}"] [data-testid="target"][data-team-id="${teamId}"]`);
    await target.and(consolePage.locator('[data-state="delivered"]')).waitFor({ timeout: 10_000 });
    return { card, instructionId, target };
  }

  test('拒收 with a reason: the phone shows 已拒收 and 拒收原因, the console 已拒收 and 拒收原因, the store refused with the reason', async () => {
    const errors: string[] = [];
    const { consolePage, field, fieldPage, teamId } = await openPages(errors);
    const { card, instructionId, target } = await issueTemplate(consolePage, fieldPage, 'hold', '暂停行动', teamId);
    const reason = '车辆故障，无法按时到达，请另派执行组';

    await card.getByTestId('refuse').click();
    // The form asks for the reason; 确认拒收 stays disabled until there is one.
    assert.equal(await card.getByTestId('submit-step').isDisabled(), true);
    assert.match(await card.getByTestId('submit-step').innerText(), /确认拒收/);
    await card.getByTestId('refuse-reason').fill(reason);
    await card.getByTestId('submit-step').click();

    await card.and(fieldPage.locator('[data-state="refused"]')).waitFor({ timeout: 10_000 });
    assert.equal(await card.getByTestId('field-instruction-state').innerText(), '已拒收');
    assert.ok((await card.innerText()).includes(`拒收原因：${reason}`));
    // Final: no 签收, 反馈 or 拒收 any more, and it no longer counts as open.
    assert.equal(await card.locator('[data-testid="ack"], [data-testid="feedback"], [data-testid="refuse"]').count(), 0);
    assert.equal(await fieldPage.getByTestId('instruction-count').innerText(), '0');

    await target.and(consolePage.locator('[data-state="refused"]')).waitFor({ timeout: 10_000 });
    assert.equal(await target.getByTestId('target-state').innerText(), '已拒收');
    assert.ok((await target.innerText()).includes(`拒收原因：${reason}`));
    assert.match(await target.innerText(), /送达 .*→ 已拒收 \+\d+ 秒/);

    // The store holds the refusal, its reason and who refused, with its event and audit entry.
    const db = ctx.server.store.db;
    const row = await db.selectFrom('instruction_targets').selectAll().where('instruction_id', '=', instructionId).where('team_id', '=', teamId).executeTakeFirstOrThrow();
    assert.equal(row.state, 'refused');
    assert.equal(row.refuse_reason, reason);
    assert.equal(row.finished_by_name, 'xihu.field');
    assert.ok(row.finished_at);
    assert.equal(row.acknowledged_at, null);
    const events = await db.selectFrom('instruction_events').select('kind').where('instruction_id', '=', instructionId).orderBy('at').execute();
    assert.deepEqual(events.map((e) => e.kind), ['issued', 'delivered', 'refused']);
    const audit = await db.selectFrom('audit_log').select('action').where('target_id', '=', instructionId).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['instruction.issue', 'instruction.deliver', 'instruction.refuse']);

    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-refused.png'), fullPage: true });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-refused.png') });
    await field.close();
    await consolePage.close();
    assert.deepEqual(errors, []);
  });

  test('签收, then 反馈 with text and a PNG from the file input: the console shows 已反馈, the text and 附照片; the photo is served to the branch only', async () => {
    const errors: string[] = [];
    const { consolePage, field, fieldPage, teamId } = await openPages(errors);
    const { card, instructionId, target } = await issueTemplate(consolePage, fieldPage, 'report_status', '报告现场情况', teamId);
    const text = '现场已控制，被执行人配合，查封车辆一台';

    await card.getByTestId('ack').click();
    await card.and(fieldPage.locator('[data-state="acknowledged"]')).waitFor({ timeout: 10_000 });
    await target.and(consolePage.locator('[data-state="acknowledged"]')).waitFor({ timeout: 10_000 });

    await card.getByTestId('feedback').click();
    await card.getByTestId('feedback-text').fill(text);
    await card.getByTestId('feedback-photo').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PHOTO });
    // The phone decodes the photo for its preview: the file went through as an image.
    const preview = card.locator('img.photo-preview');
    await preview.waitFor({ timeout: 10_000 });
    await fieldPage.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await preview.elementHandle(), { timeout: 10_000 });
    assert.deepEqual(await preview.evaluate((el) => [(el as HTMLImageElement).naturalWidth, (el as HTMLImageElement).naturalHeight]), [96, 64]);
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-feedback-photo-preview.png'), fullPage: true });
    await card.getByTestId('submit-step').click();

    await card.and(fieldPage.locator('[data-state="done"]')).waitFor({ timeout: 10_000 });
    assert.equal(await card.getByTestId('field-instruction-state').innerText(), '已反馈');
    assert.ok((await card.innerText()).includes(`反馈：${text}`));

    await target.and(consolePage.locator('[data-state="done"]')).waitFor({ timeout: 10_000 });
    assert.equal(await target.getByTestId('target-state').innerText(), '已反馈');
    const shown = await target.innerText();
    assert.ok(shown.includes(`反馈：${text}（附照片）`), shown);
    assert.match(shown, /送达 .*签收 .*→ 已反馈 \+\d+ 秒/);
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-feedback-done.png'), fullPage: true });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-feedback-photo.png') });

    // Stored byte for byte as the PNG the officer picked (a small PNG is not re-encoded).
    const expected = `data:image/png;base64,${PHOTO.toString('base64')}`;
    const row = await ctx.server.store.db.selectFrom('instruction_targets').select(['state', 'feedback_text', 'feedback_photo']).where('instruction_id', '=', instructionId).where('team_id', '=', teamId).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.feedback_text], ['done', text]);
    assert.ok(row.feedback_photo === expected, `stored photo differs: ${row.feedback_photo?.slice(0, 60)}…`);

    // The photo is fetched on demand (instruction:photo; there is no HTTP URL for it).
    // A console of the branch gets the image: the same bytes, and Chromium decodes it.
    const connect = async (username: string, client: 'console' | 'field') => {
      const s = await connectClient(ctx.server.url, { client, token: await login(ctx.server, username) });
      sockets.push(s);
      return s;
    };
    let served = '';
    for (const username of ['h.dispatcher', 'xihu.operator']) {
      const res = await photoAs(await connect(username, 'console'), instructionId, teamId);
      assert.ok(res.ok, `${username}: ${codeOf(res)}`);
      served = res.value.photo;
      assert.match(served, /^data:image\/png;base64,/);
      const bytes = Buffer.from(served.slice(served.indexOf(',') + 1), 'base64');
      assert.ok(bytes.equals(PHOTO), `${username}: photo bytes differ`);
    }
    const decoded = await consolePage.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, served);
    assert.deepEqual(decoded, [96, 64]);

    // 宁波's console is told it does not exist; a field terminal may not ask at all.
    assert.equal(codeOf(await photoAs(await connect('nb.operator', 'console'), instructionId, teamId)), 'ERR_NOT_FOUND');
    assert.equal(codeOf(await photoAs(await connect('xihu.field', 'field'), instructionId, teamId)), 'ERR_FORBIDDEN');

    await field.close();
    await consolePage.close();
    assert.deepEqual(errors, []);
  });
});
