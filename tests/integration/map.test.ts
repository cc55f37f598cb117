import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { CaseDetail, CaseListAnswer } from '../../protocol/api.ts';
import type { MapConfigAnswer, MapSearchAnswer } from '../../protocol/map.ts';
import { decodeMapCases, flagBit, type MapCases } from '../../protocol/mapCases.ts';
import { loadRules } from '../../config/rules.ts';
import { WorkCalendar } from '../../server/calendar/WorkCalendar.ts';
import { todayInShanghai } from '../../server/clock.ts';
import { onBothDatabases, type TestDatabase } from '../support/postgres.ts';
import { login, startServer, type RunningServer } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { CASES, COURTS } from '../support/world.ts';

// The map's routes on a real server, on SQLite and on PostgreSQL (the map-cases query builds its
// flags in SQL; search escapes LIKE): court scope, the binary cases answer against /api/cases, search.
onBothDatabases('map routes', mapSuite);

/** Court ids of the 杭州 and 宁波 branches of the test world. */
const HZ = new Set<string>([COURTS.hz.id, COURTS.xihu.id, COURTS.binjiang.id]);
const NB = new Set<string>([COURTS.nb.id, COURTS.haishu.id]);

function mapSuite(label: string, database: () => Promise<TestDatabase>, skip: string | false): void {
  describe.skipIf(skip)(skipTitle(label, skip), () => {
    let server: RunningServer;
    let stopDatabase: () => Promise<void> = async () => undefined;
    const tokens = new Map<string, string>();
    const inject = (user: string, url: string) => server.app.inject({ url, headers: { authorization: `Bearer ${tokens.get(user) ?? assert.fail(user)}` } });
    const json = async <T>(user: string, url: string) => (await inject(user, url)).json<T>();
    const mapCases = async (user: string, query = ''): Promise<MapCases> => {
      const res = await inject(user, `/api/map/cases${query}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      return decodeMapCases(res.rawPayload);
    };
    const ids = (cases: MapCases) => Array.from({ length: cases.count }, (_, i) => cases.idAt(i));

    beforeAll(async () => {
      const db = await database();
      stopDatabase = db.stop;
      server = await startServer(db.env);
      for (const u of ['hz.leader', 'nb.leader', 'h.leader', 'xihu.operator', 'h.auditadmin']) tokens.set(u, await login(server, u));
      // Tags the map filters on (the world's cases carry none).
      await server.store.db.updateTable('cases').set({ tags: JSON.stringify(['涉稳', '重点案件', '裁执分离']) }).where('id', '=', 'case-binjiang-2').execute();
      await server.store.db.updateTable('cases').set({ tags: JSON.stringify(['涉众']), team_id: null }).where('id', '=', 'case-xihu-1').execute();
    });
    afterAll(async () => {
      await server?.close();
      await stopDatabase();
    });

    test('GET /api/map/config answers the bundled schematic WGS-84 demo map, whose four GeoJSON files it serves, revalidated by ETag', async () => {
      const config = await json<MapConfigAnswer>('xihu.operator', '/api/map/config');
      assert.equal(config.source, 'demo');
      assert.equal(config.schematic, true);
      assert.equal(config.datum, 'WGS-84');
      assert.equal(config.styleUrl, null);
      assert.ok(config.demo && config.bounds);
      for (const url of Object.values(config.demo)) {
        const res = await inject('xihu.operator', url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['content-type'], 'application/geo+json; charset=utf-8');
        assert.ok(res.json<{ features: unknown[] }>().features.length > 0, url);
        const again = await server.app.inject({ url, headers: { authorization: `Bearer ${tokens.get('xihu.operator')}`, 'if-none-match': String(res.headers.etag) } });
        assert.equal(again.statusCode, 304, url);
      }
      assert.equal((await server.app.inject({ url: '/api/map/config' })).statusCode, 401);
      assert.equal((await inject('xihu.operator', '/api/map/demo/secret.json')).statusCode, 404);
    });

    test('GET /api/map/cases decodes to exactly the active cases GET /api/cases lists for the caller, with their tags and overdue as flags', async () => {
      const cases = await mapCases('hz.leader');
      const listed = (await json<CaseListAnswer>('hz.leader', '/api/cases?pageSize=500')).items.filter((c) => c.stage !== 'closed');
      assert.deepEqual(ids(cases).sort(), listed.map((c) => c.id).sort());
      for (const c of listed) {
        const i = cases.indexOf(c.id);
        const detail = await json<CaseDetail>('hz.leader', `/api/cases/${c.id}`);
        assert.equal(cases.header.courtIds[cases.court[i]!], c.courtId);
        assert.equal(cases.lngLat[2 * i], Math.fround(c.lng));
        assert.equal(cases.lngLat[2 * i + 1], Math.fround(c.lat));
        assert.equal(cases.header.colours[cases.colour[i]!], c.riskColour);
        assert.equal(cases.header.stages[cases.stage[i]!], c.stage);
        const flags = cases.flags[i]!;
        assert.equal(Boolean(flags & flagBit('overdue')), c.overdue, `${c.id} overdue`);
        assert.equal(Boolean(flags & flagBit('mass')), detail.tags.includes('涉众'), `${c.id} 涉众`);
        assert.equal(Boolean(flags & flagBit('stability')), detail.tags.includes('涉稳'), `${c.id} 涉稳`);
        assert.equal(Boolean(flags & flagBit('key')), detail.tags.includes('重点案件'), `${c.id} 重点`);
        assert.equal(Boolean(flags & flagBit('handedOver')), detail.handedOverOn !== null, `${c.id} 裁执分离`);
        assert.equal(Boolean(flags & flagBit('overridden')), c.computedColour !== null, `${c.id} override`);
        assert.equal(Boolean(flags & flagBit('hasTeam')), c.teamId !== null, `${c.id} team`);
      }
      const binjiang = cases.indexOf('case-binjiang-2');
      assert.equal(cases.flags[binjiang], flagBit('stability') | flagBit('key') | flagBit('handedOver'));
      assert.equal(cases.flags[cases.indexOf('case-xihu-1')], flagBit('overdue') | flagBit('mass'));
    });

    test('GET /api/cases/:id gives the case drawer the working days left to the node deadline, null once closed', async () => {
      const calendar = new WorkCalendar(loadRules().calendar);
      for (const c of CASES) {
        const detail = await json<CaseDetail>('h.leader', `/api/cases/${c.id}`);
        const expected = c.stage === 'closed' || c.dueOn === null ? null : calendar.workdaysBetween(todayInShanghai(), c.dueOn);
        assert.equal(detail.stageWorkdaysLeft, expected, c.id);
      }
      assert.ok(((await json<CaseDetail>('h.leader', '/api/cases/case-xihu-1')).stageWorkdaysLeft ?? 0) < 0, 'overdue: negative');
    });

    test('GET /api/map/cases never gives a 宁波 user a 杭州 case, narrows with court, and answers 403 for a court outside the branch', async () => {
      const nb = await mapCases('nb.leader');
      assert.ok(nb.count > 0);
      assert.ok(nb.header.courtIds.every((id) => NB.has(id)), nb.header.courtIds.join());
      assert.ok(ids(nb).every((id) => id.startsWith('case-haishu')));
      const hz = await mapCases('hz.leader');
      assert.ok(hz.header.courtIds.every((id) => HZ.has(id)));
      const all = await mapCases('h.leader');
      assert.equal(all.count, nb.count + hz.count);
      assert.deepEqual(ids(await mapCases('hz.leader', `?court=${COURTS.binjiang.id}`)).sort(), ['case-binjiang-1', 'case-binjiang-2']);
      const refused = await inject('nb.leader', `/api/map/cases?court=${COURTS.xihu.id}`);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ code: string }>().code, 'ERR_FORBIDDEN');
      assert.equal((await inject('h.auditadmin', '/api/map/cases')).statusCode, 403);
    });

    test('GET /api/map/search finds cases by 案号 and party name and teams by name, in the caller\'s branch only', async () => {
      const byNumber = await json<MapSearchAnswer>('hz.leader', `/api/map/search?q=${encodeURIComponent('浙0106执')}`);
      assert.deepEqual(byNumber.cases.map((c) => c.id), ['case-xihu-1', 'case-xihu-2']);
      const byParty = await json<MapSearchAnswer>('nb.leader', `/api/map/search?q=${encodeURIComponent('王某华')}`);
      assert.deepEqual(byParty.cases.map((c) => c.id).sort(), ['case-haishu-1', 'case-haishu-2']);
      assert.equal((await json<MapSearchAnswer>('nb.leader', `/api/map/search?q=${encodeURIComponent('浙0106')}`)).cases.length, 0, '宁波 never finds 西湖');
      const teams = await json<MapSearchAnswer>('nb.leader', `/api/map/search?q=${encodeURIComponent('执行一组')}`);
      assert.deepEqual(teams.teams.map((t) => t.courtId), [COURTS.haishu.id]);
      const hzTeams = await json<MapSearchAnswer>('hz.leader', `/api/map/search?q=${encodeURIComponent('执行一组')}`);
      assert.deepEqual(hzTeams.teams.map((t) => t.courtId), [COURTS.xihu.id]);
    });

    test('GET /api/map/search takes % and _ as text, stops at limit and says so, and refuses an empty q', async () => {
      assert.deepEqual(await json<MapSearchAnswer>('h.leader', '/api/map/search?q=%25'), { cases: [], teams: [], more: false });
      assert.equal((await json<MapSearchAnswer>('h.leader', '/api/map/search?q=_')).cases.length, 0);
      const one = await json<MapSearchAnswer>('h.leader', `/api/map/search?q=${encodeURIComponent('王某')}&limit=1`);
      assert.equal(one.cases.length, 1);
      assert.equal(one.more, true);
      assert.equal((await inject('h.leader', '/api/map/search?q=')).statusCode, 400);
      assert.equal((await inject('h.leader', '/api/map/search?q=x&limit=51')).statusCode, 400);
      assert.equal((await inject('nb.leader', `/api/map/search?q=x&court=${COURTS.xihu.id}`)).statusCode, 403);
    });
  });
}
