import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { TerminalContext } from '../../protocol/action.ts';
import { rooms } from '../../protocol/rooms.ts';
import { nextEvent } from '../support/once.ts';
import { collect, failure, ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

// Enforcement actions live over real sockets: teams assigned to an action, its room (the terminals of
// its teams and the consoles following it), one click to all its teams, and the terminal's own context.
describe('actions: rooms, assignment, following, issuing to an action', () => {
  let server: RunningServer;
  const sockets: TestSocket[] = [];
  let xihuTeam: string;
  let haishuTeam: string;

  beforeAll(async () => {
    server = await startServer();
    const team = async (court: keyof typeof COURTS) =>
      (await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS[court].id).executeTakeFirstOrThrow()).id;
    xihuTeam = await team('xihu');
    haishuTeam = await team('haishu');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });

  async function connect(username: string, client: 'console' | 'field', listen?: (s: TestSocket) => void): Promise<TestSocket> {
    const auth = client === 'field' ? { client, token: await login(server, username), terminalId: randomUUID() } : { client, token: await login(server, username) };
    const s = await connectClient(server.url, auth, listen ? { listen } : {});
    sockets.push(s);
    return s;
  }
  /** A field terminal and the context it was sent before session:ready. */
  async function terminal(username: string): Promise<{ socket: TestSocket; context: TerminalContext[] }> {
    let context: TerminalContext[] = [];
    const socket = await connect(username, 'field', (s) => {
      context = collect(s, 'terminal:context');
    });
    return { socket, context };
  }
  const inRoom = (actionId: string, socket: TestSocket) => server.gateway.io.sockets.adapter.rooms.get(rooms.action(actionId))?.has(socket.id ?? '') ?? false;

  test('a terminal is told its own team on connecting; an officer in no team is told so', async () => {
    const xihu = await terminal('xihu.field');
    assert.equal(xihu.context.length, 1, 'terminal:context arrives before session:ready');
    assert.deepEqual(xihu.context[0], {
      teams: [{ id: xihuTeam, name: '执行一组', courtId: COURTS.xihu.id, courtName: COURTS.xihu.short, status: 'idle', lost: false }],
      actions: [],
    });
    const none = await terminal('h.field');
    assert.deepEqual(none.context[0], { teams: [], actions: [] });
  });

  test('assigning a team: the console answer, action:updated to the branch only, the terminal joins the room and gets its new context', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    const hz = await connect('hz.operator', 'console');
    const nb = await connect('nb.operator', 'console');
    const nbHeard = collect(nb, 'action:updated');
    const xihu = await terminal('xihu.field');
    const hzHeard = nextEvent(hz, 'action:updated', (v) => v.id === ACTIONS.xihu.id);
    const briefed = nextEvent(xihu.socket, 'terminal:context', (c) => c.actions.length === 1);

    const view = ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
    assert.deepEqual(view.teams, [{ teamId: xihuTeam, name: '执行一组', courtId: COURTS.xihu.id, status: 'idle' }]);
    assert.equal(view.caseNumber.startsWith('(2026)浙0106执'), true, view.caseNumber);
    assert.deepEqual([view.kind, view.status, view.riskColour, view.courtName], ['eviction', 'planned', 'red', COURTS.xihu.short]);
    assert.deepEqual((await hzHeard).teams.map((t) => t.teamId), [xihuTeam]);
    const context = await briefed;
    assert.deepEqual(context.actions.map((a) => a.id), [ACTIONS.xihu.id]);
    assert.equal(inRoom(ACTIONS.xihu.id, xihu.socket), true);

    // A terminal connecting later joins the room at once and is briefed on connecting.
    const later = await terminal('xihu.field');
    assert.deepEqual(later.context[0]?.actions.map((a) => a.id), [ACTIONS.xihu.id]);
    assert.equal(inRoom(ACTIONS.xihu.id, later.socket), true);

    const audit = await server.store.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', ACTIONS.xihu.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['action.assign']);
    assert.deepEqual(JSON.parse(audit[0]!.detail).added, [xihuTeam]);
    await send(nb, 'action:list', {});
    assert.deepEqual(nbHeard, [], '宁波 hears nothing of 西湖\'s action');
  });

  test('assigning is checked: operators may not; teams and actions outside the branch are refused; an unknown field is named', async () => {
    const operator = await connect('hz.operator', 'console');
    assert.equal(failure(await send(operator, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [] })).code, 'ERR_FORBIDDEN');
    const haishu = await connect('haishu.dispatcher', 'console');
    assert.equal(failure(await send(haishu, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [haishuTeam] })).code, 'ERR_NOT_FOUND');
    assert.equal(failure(await send(haishu, 'action:assign', { actionId: ACTIONS.haishu.id, teamIds: [xihuTeam] })).code, 'ERR_FORBIDDEN');
    const bad = failure(await send(haishu, 'action:assign', { actionId: ACTIONS.haishu.id, teamIds: [haishuTeam], extra: 1 } as never));
    assert.deepEqual([bad.code, /extra|additional/i.test(bad.message)], ['ERR_BAD_MESSAGE', true]);
    const rows = await server.store.db.selectFrom('action_teams').select('team_id').where('action_id', '=', ACTIONS.haishu.id).execute();
    assert.deepEqual(rows, [], 'nothing stored');
  });

  test('following an action: watchers reach the field; another branch and terminals may not follow; leaving updates them', async () => {
    const leader = await connect('hz.leader', 'console');
    const xihu = await terminal('xihu.field');
    const watched = nextEvent(xihu.socket, 'action:updated', (v) => v.id === ACTIONS.xihu.id && v.watchers.length === 1);
    const view = ok(await send(leader, 'action:follow', { actionId: ACTIONS.xihu.id }));
    assert.deepEqual(view.watchers.map((w) => [w.name, w.role]), [['hz.leader', 'leader']]);
    assert.deepEqual((await watched).watchers.map((w) => w.name), ['hz.leader']);
    assert.equal(inRoom(ACTIONS.xihu.id, leader), true);

    const nbLeader = await connect('nb.leader', 'console');
    assert.equal(failure(await send(nbLeader, 'action:follow', { actionId: ACTIONS.xihu.id })).code, 'ERR_NOT_FOUND');
    assert.equal(failure(await send(xihu.socket, 'action:follow', { actionId: ACTIONS.xihu.id })).code, 'ERR_FORBIDDEN');
    const admin = await connect('h.sysadmin', 'console');
    assert.equal(failure(await send(admin, 'action:list', {})).code, 'ERR_FORBIDDEN');

    const left = nextEvent(xihu.socket, 'action:updated', (v) => v.id === ACTIONS.xihu.id && v.watchers.length === 0);
    leader.disconnect();
    await left;
  });

  test('one click on an action reaches every team assigned to it; an action with no team is refused', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
    const xihu = await terminal('xihu.field');
    const got = nextEvent(xihu.socket, 'instruction:new', (v) => v.actionId === ACTIONS.xihu.id);
    const res = ok(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId: ACTIONS.xihu.id, template: 'record_all', priority: 'urgent' }));
    const view = await got;
    assert.equal(view.id, res.instructionId);
    assert.deepEqual(view.targets.map((t) => t.teamId), [xihuTeam]);
    const none = failure(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId: ACTIONS.haishu.id, template: 'go_now', priority: 'normal' }));
    assert.equal(none.code, 'ERR_INVALID_STATE');
    const neither = failure(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), template: 'go_now', priority: 'normal' }));
    assert.deepEqual([neither.code, /teamIds/.test(neither.message)], ['ERR_BAD_MESSAGE', true]);
  });

  test('an upper court lends a 宁波 team to a 西湖 action: 杭州 consoles and 西湖 terminals never learn of that team, each side sees its own', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    const high = await connect('h.operator', 'console');
    const hz = await connect('hz.operator', 'console');
    const hzLeader = await connect('hz.leader', 'console');
    const xihu = await terminal('xihu.field');
    const haishu = await terminal('haishu.field');
    const heardByHz = collect(hz, 'action:updated');
    const heardByXihu = collect(xihu.socket, 'action:updated');
    const xihuContexts = collect(xihu.socket, 'terminal:context');
    const highHeard = nextEvent(high, 'action:updated', (v) => v.id === ACTIONS.xihu.id && v.teams.length === 2);
    const haishuBriefed = nextEvent(haishu.socket, 'terminal:context', (c) => c.actions.some((a) => a.id === ACTIONS.xihu.id));

    const view = ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam, haishuTeam] }));
    assert.deepEqual(view.teams.map((t) => t.teamId).sort(), [xihuTeam, haishuTeam].sort(), 'the high court sees both');
    assert.deepEqual((await highHeard).teams.map((t) => t.teamId).sort(), [xihuTeam, haishuTeam].sort());
    const lent = (await haishuBriefed).actions.find((a) => a.id === ACTIONS.xihu.id);
    assert.deepEqual(lent?.teams.map((t) => t.teamId), [haishuTeam], '海曙 sees its own team on the action, not 西湖\'s');

    // Round trips order after the broadcasts; then nothing anyone of 杭州 got names the 宁波 team.
    const listed = ok(await send(hz, 'action:list', {}));
    const followed = ok(await send(hzLeader, 'action:follow', { actionId: ACTIONS.xihu.id }));
    await send(xihu.socket, 'instruction:list', {});
    assert.ok(heardByHz.some((v) => v.id === ACTIONS.xihu.id), '杭州 still hears of its action');
    assert.ok(heardByXihu.some((v) => v.id === ACTIONS.xihu.id), '西湖\'s terminal still hears of its action');
    for (const [who, got] of [['hz action:updated', heardByHz], ['hz action:list', listed], ['hz.leader action:follow', [followed]], ['xihu action:updated', heardByXihu], ['xihu terminal:context', xihuContexts]] as const) {
      const text = JSON.stringify(got);
      assert.equal(text.includes(haishuTeam), false, `${who} names the 宁波 team: ${text.slice(0, 300)}`);
      assert.equal(text.includes(COURTS.haishu.id), false, `${who} names 海曙`);
    }
    assert.deepEqual(listed.find((a) => a.id === ACTIONS.xihu.id)?.teams.map((t) => t.teamId), [xihuTeam]);
    ok(await send(hzLeader, 'action:unfollow', { actionId: ACTIONS.xihu.id }));
    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
  });

  test('status: planned → ongoing → finished; the terminals are released and briefed; a finished action takes no instruction', async () => {
    const dispatcher = await connect('h.dispatcher', 'console');
    ok(await send(dispatcher, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
    const xihu = await terminal('xihu.field');
    assert.equal(ok(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' })).status, 'ongoing');
    const cancel = failure(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'cancelled' }));
    assert.deepEqual([cancel.code, /进行中/.test(cancel.message)], ['ERR_INVALID_STATE', true]);
    const released = nextEvent(xihu.socket, 'terminal:context', (c) => c.actions.length === 0);
    assert.equal(ok(await send(dispatcher, 'action:status', { actionId: ACTIONS.xihu.id, status: 'finished' })).status, 'finished');
    await released;
    assert.equal(inRoom(ACTIONS.xihu.id, xihu.socket), false);
    const late = failure(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId: ACTIONS.xihu.id, template: 'go_now', priority: 'normal' }));
    assert.equal(late.code, 'ERR_INVALID_STATE');
    const listed = ok(await send(dispatcher, 'action:list', {}));
    assert.deepEqual(listed.map((a) => a.id), [ACTIONS.haishu.id], 'only open actions by default');
    const audit = await server.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'action.status').where('target_id', '=', ACTIONS.xihu.id).execute();
    // The start records the plan version it froze (none was saved here).
    assert.deepEqual(audit.map((a) => JSON.parse(a.detail) as unknown), [{ from: 'planned', to: 'ongoing', planVersion: null }, { from: 'ongoing', to: 'finished' }]);
  });
});
