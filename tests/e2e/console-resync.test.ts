import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Browser } from 'playwright-core';
import type { InstructionView } from '../../protocol/instruction.ts';
import { browserUnavailable, launchBrowser, openConsole, SCREENSHOT_DIR } from '../support/browser.ts';
import { nextEvent } from '../support/once.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer } from '../support/server.ts';
import { gateSocket } from '../support/socketGate.ts';
import { ACTIONS, COURTS } from '../support/world.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();
const WAIT = { timeout: 15_000 };

// A server restart where the terminals come back before the console: everything that happened
// meanwhile (a replayed instruction delivered, a team's status, an SOS, an action started) must be
// on the console once it reconnects, without a reload.
describe.skipIf(skip)(skipTitle('console resync after a server restart', skip), () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cc-resync-'));
  const ctx = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServer({}, { dataDir });
    ctx.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('console shows 已送达, 在途, the SOS and the started action after reconnecting when terminals came back first', async () => {
    const errors: string[] = [];
    const page = await openConsole(ctx, 'h.dispatcher', errors);
    const gate = await gateSocket(page);
    const team = page.locator(`[data-testid="team-row"][data-court-id="${COURTS.xihu.id}"]`);
    await team.waitFor(WAIT);
    const teamId = await team.getAttribute('data-team-id');
    assert.ok(teamId);

    // 立即前往 to 西湖's team, whose terminal is offline: 已下达. The dispatcher follows 西湖's action.
    await page.getByTestId('template-go_now').waitFor(WAIT);
    await team.getByTestId('team-select').check();
    await page.getByTestId('template-go_now').click();
    await page.getByTestId('issue-sent').waitFor(WAIT);
    const target = page.locator(`[data-testid="console-instruction"] [data-testid="target"][data-team-id="${teamId}"]`);
    await target.and(page.locator('[data-state="issued"]')).waitFor(WAIT);
    const action = page.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"]`);
    await action.getByTestId('action-follow').click();
    await action.getByTestId('action-watchers').filter({ hasText: 'h.dispatcher' }).waitFor(WAIT);
    await page.locator('[data-testid="sync-state"][data-state="synced"]').waitFor(WAIT);

    // The server restarts on the same port; the console is held back until the terminal has reported.
    gate.hold();
    const port = Number(new URL(ctx.server.url).port);
    await ctx.server.close();
    await page.locator('[data-testid="sync-state"][data-state="stale"]').waitFor(WAIT);
    ctx.server = await startServer({}, { dataDir, port });

    let replayed!: Promise<InstructionView>;
    const field = await connectClient(
      ctx.server.url,
      { client: 'field', token: await login(ctx.server, 'xihu.field'), terminalId: randomUUID() },
      {
        listen: (s) => {
          replayed = nextEvent(s, 'instruction:new');
        },
      },
    );
    const view = await replayed;
    assert.equal(ok(await send(field, 'instruction:delivered', { instructionId: view.id })).targets[0]?.state, 'delivered');
    ok(await send(field, 'team:status', { status: 'en_route' }));
    ok(await send(field, 'sos:raise', { clientKey: randomUUID(), text: '现场有人持械' }));
    const leader = await connectClient(ctx.server.url, { client: 'console', token: await login(ctx.server, 'hz.leader') });
    ok(await send(leader, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [teamId] }));
    ok(await send(leader, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' }));

    // Now the console reconnects by itself and reads everything again.
    gate.release();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await target.and(page.locator('[data-state="delivered"]')).waitFor(WAIT);
    assert.match(await target.getByTestId('target-state').innerText(), /已送达/);
    await team.locator('[data-testid="team-row-status"][data-status="en_route"]').waitFor(WAIT);
    await page.locator('[data-testid="warning"][data-kind="sos"][data-acked="false"]').filter({ hasText: '现场有人持械' }).waitFor(WAIT);
    await page.locator(`[data-testid="action-row"][data-action-id="${ACTIONS.xihu.id}"][data-status="ongoing"]`).waitFor(WAIT);
    // Followed again: the new server lists the dispatcher among the action's watchers.
    await action.getByTestId('action-watchers').filter({ hasText: 'h.dispatcher' }).waitFor(WAIT);
    await page.locator('[data-testid="sync-state"][data-state="synced"]').waitFor(WAIT);
    assert.match(await page.getByTestId('sync-state').innerText(), /已同步/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-resync.png') });
    await page.getByTestId('instruction-panel').screenshot({ path: path.join(SCREENSHOT_DIR, 'console-resync-instructions.png') });

    field.disconnect();
    leader.disconnect();
    await page.close();
    assert.deepEqual(errors, []);
  });
});
