import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, SCREENSHOT_DIR, signIn, useServerAndBrowser, watchPage } from '../support/browser.ts';
import { carryOutAction, REPORT_ACTION, type ReportedAction } from '../support/reportAction.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// The report page (/console?report=ID) in a real Chromium after 海曙's seizure was carried out over
// real sockets: a leader of the upper court reads the report, sees the chat photo as a thumbnail and
// downloads the PDF (audited); 西湖's operator is told the action is not in their court's branch.
describe.skipIf(skip)(skipTitle('the report page of a finished action', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });
  let done: ReportedAction;
  beforeAll(async () => {
    done = await carryOutAction(ctx.server);
  });

  test('/console?report=ID shows the sections, the instructions with their feedback, the recording hashes and the chat photo; 下载 PDF downloads it (audited); another branch is told 不在本院管辖范围', async () => {
    const errors: string[] = [];
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    watchPage(page, errors, 'report');
    await signIn(page, `${ctx.server.url}/console?report=${REPORT_ACTION.id}`, 'nb.leader');
    const sheet = page.getByTestId('report-sheet');
    await sheet.waitFor({ timeout: 15_000 });
    const text = await sheet.innerText();
    for (const expected of ['执行行动报告', done.caseNumber, '一、行动概况', '查封扣押', '已结束', '二、执行组（1 个）', '主攻', '四、指令及反馈（2 条）', done.instructions.done, done.instructions.feedback, done.instructions.reason, done.chat.field, done.chat.photoSha256, '七、远程观看（1 人）']) {
      assert.ok(text.includes(expected), `the page shows ${expected}`);
    }
    assert.deepEqual(await page.getByTestId('report-recording-hash').allInnerTexts(), done.recordingHashes);
    const photo = page.getByTestId('report-photo');
    await photo.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="report-photo"]');
      return img !== null && img.complete && img.naturalWidth > 0;
    }, undefined, { timeout: 10_000 });
    assert.equal(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth), 96, 'the thumbnail is the photo sent');

    // The sheet scrolls inside the page (the top bar stays): from its top, then the whole of it in a tall window.
    await page.locator('.report-scroll').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-page.png') });
    const height = await page.locator('.report-scroll').evaluate((el) => el.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(height + 60, 6_000) });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-page-full.png') });
    await page.setViewportSize({ width: 1280, height: 900 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    const file = await download.path();
    assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(download.suggestedFilename(), /^执行行动报告_.*\.pdf$/);
    const audit = await ctx.server.store.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'action.report.download').where('target_id', '=', REPORT_ACTION.id).execute();
    assert.deepEqual(audit.map((a) => a.actor_name), ['nb.leader']);

    // The finished action's recordings play back from its report.
    await page.getByTestId('report-play-recordings').click();
    await page.getByTestId('recording-row').first().waitFor({ timeout: 10_000 });
    await page.getByTestId('recording-play').first().click();
    await page.waitForFunction(() => ((document.querySelector('[data-testid="recording-video"]') as HTMLVideoElement | null)?.currentTime ?? 0) > 0.5, undefined, { timeout: 20_000 });
    await page.close();

    const sibling = await ctx.browser.newPage();
    watchPage(sibling, errors, 'sibling');
    await signIn(sibling, `${ctx.server.url}/console?report=${REPORT_ACTION.id}`, 'xihu.operator');
    const refused = sibling.getByTestId('report-error');
    await refused.waitFor({ timeout: 10_000 });
    assert.equal(await refused.getAttribute('data-code'), 'ERR_NOT_FOUND');
    assert.match(await refused.innerText(), /不在本院管辖范围/);
    await sibling.close();
    assert.deepEqual(errors, []);
  });
});
