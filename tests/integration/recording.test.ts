import assert from 'node:assert/strict';
import { once } from 'node:events';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { ActionRecordingsAnswer, RecordingVerifyAnswer } from '../../protocol/recording.ts';
import { AuditLog } from '../../server/audit/AuditLog.ts';
import { ManualClock } from '../../server/clock.ts';
import { Feed } from '../../server/media/Feed.ts';
import { recorderUnavailable } from '../support/ffprobe.ts';
import { onBothDatabases, type TestDatabase } from '../support/postgres.ts';
import { startRtpSource, type RtpSource } from '../support/rtpSource.ts';
import { ok, send } from '../support/requests.ts';
import { connectClient, login, startServer, type RunningServer, type TestSocket } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS, COURTS } from '../support/world.ts';

// Recordings end to end on the real server: a feed published into the xihu action's media room is
// recorded (the media feature's 'feedopen'), sealed when it closes ('feedclose'), then listed,
// played with HTTP Range, downloaded and re-verified over REST, each look audited, scoped by court.
// On SQLite and PostgreSQL: the rows and their audit entries are written by the same queries on both.
onBothDatabases('recordings over REST', recordingSuite);

const ACTION = ACTIONS.xihu;

function recordingSuite(label: string, database: () => Promise<TestDatabase>, skipDb: string | false): void {
  const skip = skipDb || recorderUnavailable();
  describe.skipIf(skip)(skipTitle(label, skip), () => {
    let server: RunningServer;
    let stopDatabase: () => Promise<void> = async () => undefined;
    let source: RtpSource;
    let recordingId: string;
    let file: string;
    const tokens = new Map<string, string>();
    const auth = (user: string) => ({ authorization: `Bearer ${tokens.get(user) ?? assert.fail(user)}` });
    const audits = async (action: string) =>
      server.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', recordingId).orderBy('seq').execute();

    beforeAll(async () => {
      const db = await database();
      stopDatabase = db.stop;
      server = await startServer(db.env);
      for (const u of ['hz.operator', 'nb.operator', 'xihu.operator', 'h.auditadmin', 'xihu.field']) tokens.set(u, await login(server, u));
      const team = await server.store.db.selectFrom('teams').select(['id', 'name']).where('court_id', '=', COURTS.xihu.id).executeTakeFirstOrThrow();
      const officer = await server.store.db.selectFrom('users').select('id').where('username', '=', 'xihu.field').executeTakeFirstOrThrow();

      // The test source stands in for a phone: its producer lives on the action room's router and is
      // added to the room as the media feature adds a field page's.
      const roomId = `action:${ACTION.id}` as const;
      const room = await server.media.room(roomId);
      source = await startRtpSource({ router: room.router, width: 320, height: 180 });
      const feed = new Feed(source.video, room.router, roomId, {
        terminalId: 'terminal-rec',
        label: '记录仪 07',
        userId: officer.id,
        officer: '王某刚',
        courtId: COURTS.xihu.id,
        courtName: COURTS.xihu.short,
        teamId: team.id,
        teamName: team.name,
        actionId: ACTION.id,
        caseNumber: '(2026)浙0106执1号',
      }, new Date());
      const opened = once(server.recordings, 'opened');
      room.addFeed(feed);
      await opened;
      // Some media into the file, then the feed ends (the phone stopped): the segment is sealed.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const sealed = once(server.recordings, 'sealed');
      feed.close();
      const [s] = (await sealed) as [{ id: string }];
      recordingId = s.id;
      file = path.join(server.config.dataDir, 'recordings', ACTION.id, `${recordingId}.webm`);
    });
    afterAll(async () => {
      await source?.stop();
      await server?.close();
      await stopDatabase();
    });

    test('GET /api/actions/:id/recordings lists the sealed recording with its team, officer, span, size and SHA-256', async () => {
      const res = await server.app.inject({ url: `/api/actions/${ACTION.id}/recordings`, headers: auth('hz.operator') });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<ActionRecordingsAnswer>();
      assert.equal(body.recordings.length, 1);
      const [r] = body.recordings;
      assert.ok(r);
      const bytes = readFileSync(file);
      assert.deepEqual(
        { id: r.id, state: r.state, locked: r.locked, kind: r.kind, teamName: r.teamName, officer: r.officer, terminalId: r.terminalId, caseNumber: r.caseNumber, bytes: r.bytes },
        { id: recordingId, state: 'sealed', locked: true, kind: 'video', teamName: '执行一组', officer: '王某刚', terminalId: 'terminal-rec', caseNumber: '(2026)浙0106执1号', bytes: bytes.length },
      );
      const { createHash } = await import('node:crypto');
      assert.equal(r.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.ok(r.endedAt && Date.parse(r.endedAt) > Date.parse(r.startedAt));
      assert.deepEqual(body.gaps, []);
    });

    test('GET /api/recordings/:id/media answers the file, 206 with the right bytes for a Range; one playback is audited once, not per range', async () => {
      const bytes = readFileSync(file);
      const before = (await audits('recording.play')).length;
      const whole = await server.app.inject({ url: `/api/recordings/${recordingId}/media`, headers: auth('hz.operator') });
      assert.equal(whole.statusCode, 200);
      assert.equal(whole.headers['content-type'], 'video/webm');
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.ok(whole.rawPayload.equals(bytes), 'the whole file');

      // A player's first request (from byte 0), then the ranges it reads while it plays.
      const first = await server.app.inject({ url: `/api/recordings/${recordingId}/media`, headers: { ...auth('hz.operator'), range: 'bytes=0-99' } });
      assert.equal(first.statusCode, 206);
      assert.equal(first.headers['content-range'], `bytes 0-99/${bytes.length}`);
      assert.ok(first.rawPayload.equals(bytes.subarray(0, 100)));
      const middle = await server.app.inject({ url: `/api/recordings/${recordingId}/media`, headers: { ...auth('hz.operator'), range: 'bytes=1000-1499' } });
      assert.equal(middle.statusCode, 206);
      assert.equal(middle.headers['content-range'], `bytes 1000-1499/${bytes.length}`);
      assert.ok(middle.rawPayload.equals(bytes.subarray(1000, 1500)));

      const played = await audits('recording.play');
      assert.equal(played.length - before, 2, 'the whole-file request and the playback from byte 0; not the range at 1000');
      const entry = played.at(-1);
      assert.equal(entry?.actor_name, 'hz.operator');
      assert.equal(entry?.court_id, COURTS.hz.id);
      assert.equal((JSON.parse(entry?.detail ?? '{}') as { actionId: string }).actionId, ACTION.id);
    });

    test('GET /api/recordings/:id/media?download=1 answers an attachment, audited as a download', async () => {
      const res = await server.app.inject({ url: `/api/recordings/${recordingId}/media?download=1`, headers: auth('xihu.operator') });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-disposition']), /^attachment; filename=.*\.webm/);
      assert.ok(res.rawPayload.equals(readFileSync(file)));
      const downloads = await audits('recording.download');
      assert.equal(downloads.length, 1);
      assert.equal(downloads[0]?.actor_name, 'xihu.operator');
    });

    test('POST /api/recordings/:id/verify answers a match, then 哈希不符 once the file was altered; each check audited', async () => {
      const verify = async () => server.app.inject({ method: 'POST', url: `/api/recordings/${recordingId}/verify`, headers: auth('hz.operator') });
      const good = await verify();
      assert.equal(good.statusCode, 200, good.body);
      const g = good.json<RecordingVerifyAnswer>();
      assert.equal(g.match, true);
      assert.equal(g.actual, g.sha256);

      appendFileSync(file, Buffer.from([0]));
      const bad = (await verify()).json<RecordingVerifyAnswer>();
      assert.equal(bad.match, false);
      assert.equal(bad.sha256, g.sha256, 'the sealed hash does not move');
      assert.notEqual(bad.actual, g.sha256);
      const checks = (await audits('recording.verify')).map((e) => (JSON.parse(e.detail) as { match: boolean }).match);
      assert.deepEqual(checks, [true, false]);
    });

    test('every recording route answers ERR_NOT_FOUND to a court that may not see the action, ERR_BAD_REQUEST to a malformed id, ERR_FORBIDDEN to a role without dispatch:read', async () => {
      const routes = [
        { method: 'GET' as const, url: `/api/actions/${ACTION.id}/recordings` },
        { method: 'GET' as const, url: `/api/recordings/${recordingId}/media` },
        { method: 'GET' as const, url: `/api/recordings/${recordingId}/media?download=1` },
        { method: 'POST' as const, url: `/api/recordings/${recordingId}/verify` },
      ];
      const before = await server.store.db.selectFrom('audit_log').select('seq').where('target_id', '=', recordingId).execute();
      for (const r of routes) {
        const res = await server.app.inject({ ...r, headers: auth('nb.operator') });
        assert.equal(res.statusCode, 404, `${r.url}: ${res.body}`);
        assert.equal(res.json<{ code: string }>().code, 'ERR_NOT_FOUND');
        const admin = await server.app.inject({ ...r, headers: auth('h.auditadmin') });
        assert.equal(admin.json<{ code: string }>().code, 'ERR_FORBIDDEN', r.url);
      }
      const after = await server.store.db.selectFrom('audit_log').select('seq').where('target_id', '=', recordingId).execute();
      assert.equal(after.length, before.length, 'a refused look is no playback');
      for (const url of ['/api/recordings/00000000-0000-4000-8000-00000000dead/media', '/api/actions/action-unknown/recordings']) {
        assert.equal((await server.app.inject({ url, headers: auth('hz.operator') })).json<{ code: string }>().code, 'ERR_NOT_FOUND', url);
      }
      const malformed = await server.app.inject({ url: `/api/recordings/${'x'.repeat(65)}/media`, headers: auth('hz.operator') });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.json<{ message: string }>().message, /params\/id/);
      const badQuery = await server.app.inject({ url: `/api/recordings/${recordingId}/media?download=yes`, headers: auth('hz.operator') });
      assert.equal(badQuery.statusCode, 400);
      assert.match(badQuery.json<{ message: string }>().message, /querystring\/download/);
    });

    test('the audit chain still verifies after the recording and every look at it', async () => {
      const chain = await AuditLog.verify(server.store.db);
      assert.equal(chain.ok, true, JSON.stringify(chain.firstBroken));
      const seal = await audits('recording.seal');
      assert.equal(seal.length, 1);
      const listed = (await server.app.inject({ url: `/api/actions/${ACTION.id}/recordings`, headers: auth('hz.operator') })).json<ActionRecordingsAnswer>();
      assert.equal((JSON.parse(seal[0]?.detail ?? '{}') as { sha256: string }).sha256, listed.recordings[0]?.sha256);
    });
  });
}

describe('free disk below the threshold: a disk-low warning for the consoles, raised once', () => {
  let server: RunningServer;
  const clock = new ManualClock();
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    // Far more than any disk has: the data directory is "low" from the first check, at start.
    server = await startServer({ RECORDING_MIN_FREE_BYTES: String(2 ** 52), DISK_CHECK_SECONDS: '60' }, { clock });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
  });
  const consoleOf = async (username: string) => {
    const s = await connectClient(server.url, { client: 'console', token: await login(server, username) });
    sockets.push(s);
    return s;
  };

  test('a top-court console lists one disk-low warning (存储空间不足), audited as the system\'s act; later checks raise no second one', async () => {
    const high = await consoleOf('h.operator');
    const lowOnes = async () => ok(await send(high, 'warning:list', {})).filter((x) => x.kind === 'disk-low');
    const [w, ...more] = await lowOnes();
    assert.ok(w, 'a disk-low warning');
    assert.deepEqual(more, []);
    assert.deepEqual([w.level, w.courtId, w.teamId, w.raisedBy], ['high', COURTS.high.id, null, null]);
    assert.match(w.text, /^录像存储空间不足：.*已封存的执法录像不会被删除/);
    const audited = await server.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'disk.low').execute();
    assert.deepEqual(audited.map((a) => [a.actor_user_id, a.target_id]), [[null, w.id]]);

    clock.advance(3 * 60_000);
    // The checks the clock just ran find the disk as low as before: no event to wait for, so a bounded pause.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await lowOnes()).length, 1, 'still one warning');
    // A basic court records no action now: the warning is the top courts'.
    const xihu = await consoleOf('xihu.operator');
    assert.deepEqual(ok(await send(xihu, 'warning:list', {})).filter((x) => x.kind === 'disk-low'), []);
  });
});
