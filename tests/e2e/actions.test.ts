import assert from 'node:assert/strict';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, openConsole, openPhone, SCREENSHOT_DIR, useServerAndBrowser } from '../support/browser.ts';
import { ACTIONS, COURTS } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// An enforcement action end to end in three real pages: the dispatcher assigns 西湖's team to the
// planned eviction, the officer's phone is briefed on it, a leader follows it live (the phone shows
// who is watching), the dispatcher issues one click to the action and starts it.
describe.skipIf(skip)(skipTitle('an enforcement action from the console to the field page', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  test('指派 → the phone shows the action; 跟踪 → 正在远程观看; 选为指令目标 + 全程录像 reaches the phone; 开始行动 → 进行中', async () => {
    const errors: string[] = [];
    const dispatcher = await openConsole(ctx, 'h.dispatcher', errors, { label: 'dispatcher' });
    const row = dispatcher.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /强制迁出/);
    assert.match(await row.innerText(), /未指派/);
    // 海曙's action is listed too (the high court sees both branches).
    await dispatcher.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.haishu.id}"]`).waitFor({ timeout: 10_000 });

    const { context: phone, page: fieldPage } = await openPhone(ctx, 'xihu.field', errors);
    // The server named the team: no guessing from the court's team list.
    await fieldPage.getByTestId('my-team').filter({ hasText: `执行一组（${COURTS.xihu.short}）` }).waitFor({ timeout: 10_000 });
    assert.equal(await fieldPage.getByTestId('field-action').count(), 0);

    // 指派: tick 西湖's team, assign it to the eviction.
    const xihuTeam = dispatcher.locator(`[data-testid="team-row"][data-court-id="${COURTS.xihu.id}"]`);
    await xihuTeam.getByTestId('team-select').check();
    await row.getByTestId('action-assign').click();
    await row.filter({ hasText: '执行一组' }).waitFor({ timeout: 10_000 });
    const card = fieldPage.locator(`[data-testid="field-action"][data-action-id="${ACTIONS.xihu.id}"]`);
    await card.waitFor({ timeout: 10_000 });
    const briefing = await card.innerText();
    assert.match(briefing, /强制迁出/);
    assert.match(briefing, /计划中/);
    assert.match(briefing, /风险：暴力风险/);
    assert.match(briefing, /至少两台记录仪/);

    // 跟踪: a leader of 杭州中院 follows it; the phone shows who is watching.
    const leader = await openConsole(ctx, 'hz.leader', errors, { label: 'leader' });
    const leaderRow = leader.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"]`);
    await leaderRow.getByTestId('action-follow').click();
    await leaderRow.getByTestId('action-watchers').waitFor({ timeout: 10_000 });
    await card.getByTestId('action-watchers').filter({ hasText: '正在远程观看：hz.leader（院领导）' }).waitFor({ timeout: 10_000 });
    // 杭州中院 does not see 海曙's action.
    assert.equal(await leader.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.haishu.id}"]`).count(), 0);

    // One click on the action: 全程录像 to all its teams.
    await row.getByTestId('action-pick').click();
    assert.match(await dispatcher.getByTestId('composer-target').innerText(), /目标：强制迁出 .*（1 个执行组）/);
    await dispatcher.getByTestId('template-record_all').click();
    await dispatcher.getByTestId('issue-sent').waitFor({ timeout: 10_000 });
    await fieldPage.getByTestId('field-instruction').filter({ hasText: '全程录像' }).waitFor({ timeout: 10_000 });

    // 开始行动: the row and the phone both show 进行中.
    await row.getByTestId('action-start').click();
    await dispatcher.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"][data-status="ongoing"]`).waitFor({ timeout: 10_000 });
    await fieldPage.locator(`[data-testid="field-action"][data-action-id="${ACTIONS.xihu.id}"][data-status="ongoing"]`).waitFor({ timeout: 10_000 });

    await fieldPage.screenshot({ path: path.join(SCREENSHOT_DIR, 'field-action-briefing.png'), fullPage: true });
    await dispatcher.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-actions.png') });

    // The leader leaves: the phone no longer shows a watcher.
    await leader.close();
    await card.getByTestId('action-watchers').waitFor({ state: 'detached', timeout: 10_000 });
    await phone.close();
    await dispatcher.close();
    assert.deepEqual(errors, []);
  });
});
