import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, test, vi } from 'vitest';
import type { ActionTrackAnswer, TeamTrackAnswer } from '../../protocol/map.ts';
import { ManualClock } from '../../server/clock.ts';
import { teamOf } from '../support/dispatch.ts';
import { onBothDatabases, type TestDatabase } from '../support/postgres.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS } from '../support/world.ts';

// Track history end to end: a field terminal's fixes thinned into team_positions by the teams
// feature, and read back by GET /api/teams/:id/track and GET /api/actions/:id/track, scoped by court.
// On SQLite and PostgreSQL: the chunks are bytea rows, written and read by the same queries on both.
onBothDatabases('track history', trackSuite);

const T0 = Date.parse('2026-06-01T02:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** Degrees of latitude for `m` metres. */
const north = (m: number) => m / 111_195;

function trackSuite(label: string, database: () => Promise<TestDatabase>, skip: string | false): void {
  describe.skipIf(skip)(skipTitle(label, skip), () => {
    let server: RunningServer;
    let stopDatabase: () => Promise<void> = async () => undefined;
    let xihuTeam: string;
    const clock = new ManualClock(T0);
    const tokens = new Map<string, string>();
    const sockets: TestSocket[] = [];
    const get = async <T>(user: string, url: string) => {
      const res = await server.app.inject({ url, headers: { authorization: `Bearer ${tokens.get(user) ?? assert.fail(user)}` } });
      return { status: res.statusCode, body: res.json<T & { code?: string; message?: string }>() };
    };
    const trackUrl = (teamId: string, from: number, to: number) => `/api/teams/${teamId}/track?from=${iso(from)}&to=${iso(to)}`;
    let field: TestSocket;
    /** Sends a fix `s` seconds after T0, `m` metres north of the start; resolves once the server handled it. */
    const fixAt = async (s: number, m = 0) => {
      field.emit('team:position', { lng: 120.13, lat: 30.26 + north(m), at: iso(T0 + s * 1000) });
      await send(field, 'media:capabilities');
    };

    beforeAll(async () => {
      const db = await database();
      stopDatabase = db.stop;
      server = await startServer(db.env, { clock });
      for (const u of ['hz.leader', 'nb.leader', 'xihu.field', 'h.auditadmin']) tokens.set(u, await login(server, u));
      xihuTeam = await teamOf(server, 'xihu');
      field = await connectClient(server.url, { client: 'field', token: tokens.get('xihu.field')!, terminalId: randomUUID() });
      sockets.push(field);
    });
    afterAll(async () => {
      for (const s of sockets) s.disconnect();
      await server?.close();
      await stopDatabase();
    });

    test('a terminal\'s fixes are kept once per 10 s in place, at each 20 m, and at each status change; GET /api/teams/:id/track answers them for TripsLayer', async () => {
      await fixAt(0);
      await fixAt(1); // in place, 1 s later: dropped
      await fixAt(10); // 10 s later: kept
      await fixAt(11, 25); // 25 m north, 1 s later: kept
      await fixAt(12, 30); // 5 m on: dropped (the status change below is kept where the team was last heard)
      clock.advance(12_500);
      assert.equal(ok(await send(field, 'team:status', { status: 'en_route' })).status, 'en_route');
      const { status, body } = await get<TeamTrackAnswer>('hz.leader', trackUrl(xihuTeam, T0 - 60_000, T0 + 3_600_000));
      assert.equal(status, 200);
      assert.equal(body.origin, T0 - 60_000);
      assert.deepEqual(body.track.timestamps, [60, 70, 71, 72.5]);
      assert.deepEqual(body.track.path.filter((_, i) => i % 2 === 1).map((lat) => Math.round((lat - 30.26) / north(1))), [0, 0, 25, 30]);
      assert.deepEqual(body.track.statuses, [
        { t: 60, status: 'idle' },
        { t: 72.5, status: 'en_route' },
      ]);
    });

    test('the track is written to team_positions within 10 minutes and reads back the same', async () => {
      const before = (await get<TeamTrackAnswer>('hz.leader', trackUrl(xihuTeam, T0, T0 + 3_600_000))).body.track;
      // Step by step: a manual clock jumping minutes at once would fire the 15-s write task only once.
      for (let i = 0; i < 41; i++) {
        clock.advance(15_000);
        await send(field, 'media:capabilities');
      }
      await vi.waitFor(async () => {
        const rows = await server.store.db.selectFrom('team_positions').select(['team_id', 'points']).execute();
        assert.deepEqual(rows.map((r) => ({ ...r })), [{ team_id: xihuTeam, points: 4 }]);
      });
      assert.deepEqual((await get<TeamTrackAnswer>('hz.leader', trackUrl(xihuTeam, T0, T0 + 3_600_000))).body.track, before);
    });

    test('GET /api/teams/:id/track answers 404 to a user of another branch, 403 to an administrator, 400 for a span over 24 h or backwards', async () => {
      assert.equal((await get('nb.leader', trackUrl(xihuTeam, T0, T0 + 60_000))).status, 404);
      assert.equal((await get('hz.leader', trackUrl('no-such-team', T0, T0 + 60_000))).status, 404);
      assert.equal((await get('h.auditadmin', trackUrl(xihuTeam, T0, T0 + 60_000))).status, 403);
      const long = await get('hz.leader', trackUrl(xihuTeam, T0, T0 + 24 * 3_600_000 + 1));
      assert.equal(long.status, 400);
      assert.match(long.body.message ?? '', /querystring\/to/);
      assert.equal((await get('hz.leader', trackUrl(xihuTeam, T0, T0))).status, 400);
      assert.equal((await get('hz.leader', `/api/teams/${xihuTeam}/track?from=yesterday&to=${iso(T0)}`)).status, 400);
      assert.equal((await get('hz.leader', trackUrl(xihuTeam, T0, T0 + 24 * 3_600_000))).status, 200);
    });

    test('GET /api/actions/:id/track answers every team of the action over its span, and 404 outside the branch', async () => {
      const url = `/api/actions/${ACTIONS.xihu.id}/track`;
      const planned = await get<ActionTrackAnswer>('hz.leader', url);
      assert.equal(planned.status, 200);
      assert.equal(planned.body.from, planned.body.to, 'a planned action has no span yet');
      const leader = await connectClient(server.url, { client: 'console', token: tokens.get('hz.leader')! });
      sockets.push(leader);
      ok(await send(leader, 'action:assign', { actionId: ACTIONS.xihu.id, teamIds: [xihuTeam] }));
      ok(await send(leader, 'action:status', { actionId: ACTIONS.xihu.id, status: 'ongoing' }));
      const started = clock.now();
      const s = (started - T0) / 1000;
      await fixAt(s + 1, 100);
      await fixAt(s + 20, 200);
      clock.advance(30_000);
      const { status, body } = await get<ActionTrackAnswer>('hz.leader', url);
      assert.equal(status, 200);
      assert.equal(body.from, iso(started));
      assert.equal(body.to, iso(clock.now()));
      assert.equal(body.truncated, false);
      assert.deepEqual(body.tracks.map((t) => [t.teamId, t.timestamps]), [[xihuTeam, [1, 20]]]);
      assert.equal((await get('nb.leader', url)).status, 404);
    });
  });
}
