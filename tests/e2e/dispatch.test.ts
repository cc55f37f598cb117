import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { COURTS } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// Dispatch end to end in two real pages: a dispatcher's console issues a one-click instruction to
// 西湖's team, the officer's phone page signs for it and reports back, then presses SOS.
describe.skipIf(skip)(skipTitle('dispatch from the console to the field page and back', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('template instruction → 签收 → 反馈 on the phone; the console tracks 已签收 → 已反馈; SOS lands on top of 执行预警', async () => {
    const errors: string[] = [];
    const consolePage = await openConsole(ctx, 'h.dispatcher', errors);
    const xihuTeam = consolePage.locator(`[data-testid="team-row"][data-court-id="${COURTS.xihu.id}"]`);
    await xihuTeam.waitFor({ timeout: 10_000 });
    const teamId = await xihuTeam.getAttribute('data-team-id');
    assert.ok(teamId);
    await consolePage.getByTestId('template-go_now').waitFor({ timeout: 10_000 });

    const { context: field, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors, { latitude: 30.2741, longitude: 120.1551, accuracy: 12 });
    await fieldPage.locator('[data-testid="gps-state"][data-state="fixed"]').waitFor({ timeout: 10_000 });
    assert.match(await fieldPage.getByTestId('gps-state').innerText(), /已定位 ±12 米/);
    assert.match(await fieldPage.getByTestId('my-team').innerText(), /执行一组/);

    // The officer sets 在途; the console's team row follows, with a fresh position age.
    await fieldPage.getByTestId('status-en_route').click();
    await fieldPage.locator('[data-testid="team-status"][data-status="en_route"]').waitFor({ timeout: 10_000 });
    await xihuTeam.locator('[data-testid="team-row-status"][data-status="en_route"]').waitFor({ timeout: 10_000 });
    await consolePage.waitForFunction(
      (id) => /秒前/.test(document.querySelector(`[data-team-id="${id}"] [data-testid="team-age"]`)?.textContent ?? ''),
      teamId,
      { timeout: 10_000 },
    );

    // Issue 立即前往 (urgent) to 西湖's team.
    await xihuTeam.getByTestId('team-select').check();
    await consolePage.getByTestId('priority-urgent').click();
    await consolePage.getByTestId('template-go_now').click();
    await consolePage.getByTestId('issue-sent').waitFor({ timeout: 10_000 });
    const target = consolePage.locator(`[data-testid="console-instruction"] [data-testid="target"][data-team-id="${teamId}"]`).first();
    await target.waitFor({ timeout: 10_000 });

    // The phone shows it, highlighted as 紧急, and answers delivered on receipt.
    const card = fieldPage.getByTestId('field-instruction').filter({ hasText: '立即前往' });
    await card.waitFor({ timeout: 10_000 });
    assert.match(await card.innerText(), /紧急/);
    assert.match((await card.getAttribute('class')) ?? '', /prio-urgent/);
    await consolePage.locator(`[data-testid="target"][data-team-id="${teamId}"][data-state="delivered"]`).waitFor({ timeout: 10_000 });
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-instruction-new.png'), fullPage: true });

    // 签收
    await card.getByTestId('ack').click();
    await card.and(fieldPage.locator('[data-state="acknowledged"]')).waitFor({ timeout: 10_000 });
    await consolePage.locator(`[data-testid="target"][data-team-id="${teamId}"][data-state="acknowledged"]`).waitFor({ timeout: 10_000 });
    assert.match(await target.getByTestId('target-state').innerText(), /已签收/);

    // 反馈 with text
    await card.getByTestId('feedback').click();
    await card.getByTestId('feedback-text').fill('已到达现场，被执行人在家，开始执行');
    await card.getByTestId('submit-step').click();
    await card.and(fieldPage.locator('[data-state="done"]')).waitFor({ timeout: 10_000 });
    const done = consolePage.locator(`[data-testid="target"][data-team-id="${teamId}"][data-state="done"]`);
    await done.waitFor({ timeout: 10_000 });
    assert.match(await done.getByTestId('target-state').innerText(), /已反馈/);
    assert.match(await done.innerText(), /已到达现场/);
    assert.match(await done.innerText(), /送达 .*签收 .*→ 已反馈 \+\d+ 秒/);

    // SOS: the first press asks to confirm, the second sends.
    await fieldPage.getByTestId('sos').click();
    await fieldPage.getByTestId('sos-confirm').click();
    await fieldPage.getByTestId('sos-sent').waitFor({ timeout: 10_000 });
    const top = consolePage.getByTestId('warning').first();
    await consolePage.locator('[data-testid="warning"][data-kind="sos"]').first().waitFor({ timeout: 10_000 });
    assert.equal(await top.getAttribute('data-kind'), 'sos');
    assert.equal(await top.getAttribute('data-acked'), 'false');
    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-after-sos.png'), fullPage: true });
    await consolePage.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-dispatch-sos.png') });

    // 确认 the SOS.
    await top.getByTestId('warning-ack').click();
    await consolePage.locator('[data-testid="warning"][data-kind="sos"][data-acked="true"]').waitFor({ timeout: 10_000 });

    await field.close();
    await consolePage.close();
    assert.deepEqual(errors, []);
  });
});
