import assert from 'node:assert/strict';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { browserUnavailable, SCREENSHOT_DIR, signIn, useServerAndBrowser, waitConnected, watchPage } from '../support/browser.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, type TestSocket } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

const skip = browserUnavailable();
const ACTION = ACTIONS.haishu;
const WAIT = { timeout: 10_000 };
const DEG_PER_M = 1 / 111_195;

// The plan (预案) and the timeline in the room of 海曙's action, in Chromium: the dispatcher writes
// the first version through the form; starting the action freezes it (已冻结); the team walking onto
// the site shows in the timeline as it happens.
describe.skipIf(skip)(skipTitle('the action room\'s plan and timeline', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });
  const sockets: TestSocket[] = [];
  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  test('制定预案 → 第 1 版; 开始行动 → 已冻结 and no edit; 已到达现场 appears in the timeline live', async () => {
    const errors: string[] = [];
    const team = (await ctx.server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS.haishu.id).executeTakeFirstOrThrow()).id;
    const dispatcher = await connectClient(ctx.server.url, { client: 'console', token: await login(ctx.server, 'haishu.dispatcher') });
    sockets.push(dispatcher);
    ok(await send(dispatcher, 'action:assign', { actionId: ACTION.id, teamIds: [team] }));

    const page = await ctx.browser.newPage({ viewport: { width: 1800, height: 1000 } });
    watchPage(page, errors, 'room');
    await signIn(page, `${ctx.server.url}/console?action=${ACTION.id}`, 'haishu.dispatcher');
    await waitConnected(page);
    const plan = page.getByTestId('room-plan');
    await plan.getByText('尚未制定预案').waitFor(WAIT);
    await plan.getByTestId('plan-edit').click();
    await plan.getByTestId('plan-objective-input').fill('查封被执行人仓库内存货，清点造册后张贴封条');
    await plan.getByTestId('plan-add-team').selectOption(team);
    await plan.getByTestId('plan-add-document').click();
    await plan.getByPlaceholder('文书名称（执行裁定书、搜查令…）').fill('执行裁定书');
    await plan.getByPlaceholder('文号').fill('(2026)浙0203执1号之一');
    await plan.getByTestId('plan-radius-input').fill('150');
    await plan.getByTestId('plan-save').click();
    await plan.locator('[data-testid="plan-version"][data-version="1"]').waitFor(WAIT);
    assert.equal(await plan.getByTestId('plan-radius').textContent(), '150 米');
    assert.match((await plan.getByTestId('plan-body').textContent()) ?? '', /执行一组：主攻/);

    ok(await send(dispatcher, 'action:status', { actionId: ACTION.id, status: 'ongoing' }));
    await plan.getByTestId('plan-frozen').waitFor(WAIT);
    assert.equal(await plan.getByTestId('plan-edit').count(), 0, 'no edit once started');
    const timeline = page.getByTestId('room-timeline');
    await timeline.getByText('行动开始，预案第 1 版已冻结').waitFor(WAIT);

    // The team's terminal walks from 400 m out onto the site.
    const field = await connectClient(ctx.server.url, { client: 'field', token: await login(ctx.server, 'haishu.field'), terminalId: randomUUID() });
    sockets.push(field);
    const site = await ctx.server.store.db.selectFrom('actions').select(['lng', 'lat']).where('id', '=', ACTION.id).executeTakeFirstOrThrow();
    const t0 = Date.now() - 10_000;
    [400, 120].forEach((m, i) => field.emit('team:position', { lng: site.lng, lat: site.lat + m * DEG_PER_M, accuracy: 5, at: new Date(t0 + i * 1000).toISOString() }));
    await timeline.locator('[data-kind="arrived"]').getByText('执行一组 已到达现场（距中心 120 米）').waitFor(WAIT);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'action-room-plan-timeline.png') });
    assert.deepEqual(errors, []);
  });
});
