import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, test } from 'vitest';
import { pino } from 'pino';
import type { InstructionView, IssueInstruction } from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';
import { postgresDatabases, postgresUnavailable } from '../../tests/support/postgres.ts';
import { buildWorld, COURTS, USERS } from '../../tests/support/world.ts';
import { AuditLog } from '../audit/AuditLog.ts';
import { AuthService } from '../auth/AuthService.ts';
import { CourtTree } from '../courts/CourtTree.ts';
import { BadMessageError, type DispatchError, ForbiddenError, InvalidStateError, NotFoundError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Store, type StoreOptions } from '../store/Store.ts';
import type { Actor } from '../auth/actor.ts';
import { TeamDirectory } from '../teams/TeamDirectory.ts';
import { InstructionQueries } from './InstructionQueries.ts';
import { InstructionService, type DispatchConfig } from './InstructionService.ts';
import { WarningService } from '../warnings/WarningService.ts';
import { ActionService } from '../actions/ActionService.ts';
import { CaseQueries } from '../cases/CaseQueries.ts';
import { ManualClock } from '../clock.ts';
import { skipTitle } from '../../tests/support/skip.ts';

const silent: Logger = pino({ level: 'silent' });
const CONFIG: DispatchConfig = Object.freeze({
  templates: Object.freeze({ go_now: '立即前往', hold: '暂停行动' }),
  ackWindowSeconds: 120,
  expireAfterMinutes: 240,
});
const T0 = Date.parse('2026-06-01T02:00:00.000Z');

interface World {
  store: Store;
  courts: CourtTree;
  clock: ManualClock;
  users: Record<string, string>;
  xihuTeam: string;
  haishuTeam: string;
  /**
   * A fresh pair of services on the world's store (a second one is a restarted server). The world's
   * commanders sit at upper courts: upperCourtsMayInstruct is on unless a test turns it off.
   */
  services(opts?: { upperCourtsMayInstruct?: boolean }): { instructions: InstructionService; queries: InstructionQueries; warnings: WarningService; issued: InstructionView[]; updated: [InstructionView, readonly string[]][]; raised: [Warning, readonly string[]][] };
  actor(username: string): Actor;
}

async function makeWorld(opts: StoreOptions): Promise<World> {
  const store = await Store.open(opts);
  const auth = new AuthService(store.db, { sessionHours: 1, maxFailedLogins: 5, lockoutMinutes: 1, scryptCost: 1024 });
  const users = await buildWorld(store.db, auth);
  const courts = await CourtTree.load(store.db);
  const team = async (court: keyof typeof COURTS) => (await store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS[court].id).executeTakeFirstOrThrow()).id;
  const clock = new ManualClock(T0);
  return {
    store,
    courts,
    clock,
    users,
    xihuTeam: await team('xihu'),
    haishuTeam: await team('haishu'),
    services(opts = {}) {
      const teams = new TeamDirectory(store.db);
      const actions = new ActionService({ db: store.db, courts: () => courts, teams, clock });
      const cases = new CaseQueries(store.db, () => ({ colour: 'green' }), () => null, () => 0);
      const warnings = new WarningService({ db: store.db, courts: () => courts, teams, ongoingActionOf: (id) => actions.ongoingForTeam(id), clock });
      const upperCourtsMayInstruct = opts.upperCourtsMayInstruct ?? true;
      const instructions = new InstructionService({ db: store.db, courts: () => courts, warnings, teams, actions, cases, config: CONFIG, logger: silent, clock, upperCourtsMayInstruct });
      const queries = new InstructionQueries({ db: store.db, courts: () => courts, teams, config: CONFIG, clock });
      const issued: InstructionView[] = [];
      const updated: [InstructionView, readonly string[]][] = [];
      const raised: [Warning, readonly string[]][] = [];
      instructions.on('issued', (v) => issued.push(v));
      instructions.on('updated', (v, teams) => updated.push([v, teams]));
      warnings.on('raised', (w, userIds) => raised.push([w, userIds]));
      return { instructions, queries, warnings, issued, updated, raised };
    },
    actor(username) {
      const u = USERS[username] ?? assert.fail(`no user ${username}`);
      return Object.freeze({ userId: users[username] ?? '', username, name: username, role: u.role, courtId: COURTS[u.court].id });
    },
  };
}

async function rejectsWith(p: Promise<unknown>, cls: new (...a: never[]) => DispatchError, code: string): Promise<DispatchError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    assert.equal(err.code, code);
    return err;
  }
  assert.fail(`expected ${cls.name}`);
}

const issueTo = (teamIds: string[], extra: Partial<IssueInstruction> = {}): IssueInstruction => ({
  clientKey: randomUUID(),
  teamIds,
  template: 'go_now',
  priority: 'urgent',
  ...extra,
});

// PostgreSQL where Debian's binaries are installed (as tests/integration/store-dialects.test.ts).
const postgresDbs = postgresDatabases('dispatch');
afterAll(() => postgresDbs.stop());
const freshPostgres = () => postgresDbs.fresh();

const TARGETS = [
  { name: 'SQLite', skip: false as string | false, options: async (): Promise<StoreOptions> => ({ dataDir: ':memory:' }) },
  { name: 'PostgreSQL', skip: postgresUnavailable() ?? (false as string | false), options: freshPostgres },
];

for (const target of TARGETS) {
  describe.skipIf(target.skip)(skipTitle(`InstructionService on ${target.name}`, target.skip), () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await target.options());
    });
    afterEach(() => w.store.close());

    test('issue() stores the instruction, a target and an event per team and one audit entry, then announces it', async () => {
      const { instructions, issued } = w.services();
      const res = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam, w.haishuTeam], { priority: 'critical' }));
      assert.equal(res.duplicate, false);
      const targets = await w.store.db.selectFrom('instruction_targets').select(['team_id', 'state', 'court_id', 'issued_at']).where('instruction_id', '=', res.instructionId).orderBy('court_id').execute();
      assert.deepEqual(
        targets.map((t) => ({ ...t })),
        [
          { team_id: w.xihuTeam, state: 'issued', court_id: COURTS.xihu.id, issued_at: new Date(T0).toISOString() },
          { team_id: w.haishuTeam, state: 'issued', court_id: COURTS.haishu.id, issued_at: new Date(T0).toISOString() },
        ],
      );
      const events = await w.store.db.selectFrom('instruction_events').select('kind').where('instruction_id', '=', res.instructionId).execute();
      assert.deepEqual(events.map((e) => e.kind), ['issued', 'issued']);
      const audit = await w.store.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', res.instructionId).execute();
      assert.deepEqual(audit.map((a) => ({ ...a })), [{ action: 'instruction.issue', actor_name: 'h.dispatcher' }]);
      assert.equal((await AuditLog.verify(w.store.db)).ok, true);
      assert.equal(issued.length, 1);
      assert.equal(issued[0]?.text, '立即前往');
      assert.equal(issued[0]?.targets.length, 2);
    });

    test('issue() with a clientKey already used by the same user answers the first id, stores and announces nothing', async () => {
      const { instructions, issued } = w.services();
      const m = issueTo([w.xihuTeam]);
      const first = await instructions.issue(w.actor('h.dispatcher'), m);
      const again = await instructions.issue(w.actor('h.dispatcher'), { ...m, template: 'hold' });
      assert.deepEqual(again, { instructionId: first.instructionId, duplicate: true });
      assert.equal(issued.length, 1);
      // Another user's identical key is another instruction.
      const other = await instructions.issue(w.actor('hz.leader'), m);
      assert.equal(other.duplicate, false);
      assert.notEqual(other.instructionId, first.instructionId);
    });

    test('issue() run concurrently with one clientKey stores one instruction', async () => {
      const { instructions } = w.services();
      const m = issueTo([w.xihuTeam]);
      const results = await Promise.all([1, 2, 3].map(() => instructions.issue(w.actor('h.dispatcher'), m)));
      assert.equal(new Set(results.map((r) => r.instructionId)).size, 1);
      assert.equal(results.filter((r) => !r.duplicate).length, 1);
      const rows = await w.store.db.selectFrom('instructions').select('id').where('client_key', '=', m.clientKey).execute();
      assert.equal(rows.length, 1);
    });

    test('issue() refuses a team outside the issuer\'s branch with ForbiddenError and stores nothing', async () => {
      const { instructions } = w.services();
      await rejectsWith(instructions.issue(w.actor('haishu.dispatcher'), issueTo([w.haishuTeam, w.xihuTeam])), ForbiddenError, 'ERR_FORBIDDEN');
      assert.equal((await w.store.db.selectFrom('instructions').select('id').execute()).length, 0);
    });

    test('issue() refuses an upper court instructing a subordinate court\'s team when upperCourtsMayInstruct is off, and stores nothing', async () => {
      const { instructions } = w.services({ upperCourtsMayInstruct: false });
      for (const who of ['h.dispatcher', 'hz.leader']) {
        const err = await rejectsWith(instructions.issue(w.actor(who), issueTo([w.xihuTeam])), ForbiddenError, 'ERR_FORBIDDEN');
        assert.match(err.message, /上级法院仅可督导/);
      }
      // One click on a subordinate court's action is the same instruction to its teams.
      await w.store.db.insertInto('action_teams').values({ action_id: 'action-xihu-1', team_id: w.xihuTeam, assigned_at: new Date(T0).toISOString() }).execute();
      await rejectsWith(instructions.issue(w.actor('h.dispatcher'), { clientKey: randomUUID(), actionId: 'action-xihu-1', template: 'go_now', priority: 'urgent' }), ForbiddenError, 'ERR_FORBIDDEN');
      assert.equal((await w.store.db.selectFrom('instructions').select('id').execute()).length, 0);
      // A court still commands its own teams.
      const own = await instructions.issue(w.actor('haishu.dispatcher'), issueTo([w.haishuTeam]));
      assert.equal(own.duplicate, false);
    });

    test('issue() lets an upper court instruct a subordinate court\'s team when upperCourtsMayInstruct is on', async () => {
      const { instructions } = w.services({ upperCourtsMayInstruct: true });
      const res = await instructions.issue(w.actor('hz.leader'), issueTo([w.xihuTeam]));
      const targets = await w.store.db.selectFrom('instruction_targets').select('team_id').where('instruction_id', '=', res.instructionId).execute();
      assert.deepEqual(targets.map((t) => t.team_id), [w.xihuTeam]);
    });

    test('issue() refuses a case of another branch, and an action of another case', async () => {
      const { instructions } = w.services();
      await rejectsWith(instructions.issue(w.actor('haishu.dispatcher'), issueTo([w.haishuTeam], { caseId: 'case-xihu-1' })), ForbiddenError, 'ERR_FORBIDDEN');
      const ok = await instructions.issue(w.actor('haishu.dispatcher'), issueTo([w.haishuTeam], { caseId: 'case-haishu-1' }));
      assert.equal(ok.duplicate, false);
    });

    test('issue() names /template for an unknown template and /text for neither or both', async () => {
      const { instructions } = w.services();
      const a = await rejectsWith(instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam], { template: 'nope' })), BadMessageError, 'ERR_BAD_MESSAGE');
      assert.match(a.message, /^\/template/);
      const b = await rejectsWith(instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam], { template: 'go_now', text: '两个都有' })), BadMessageError, 'ERR_BAD_MESSAGE');
      assert.match(b.message, /^\/text/);
      const { template: _none, ...bare } = issueTo([w.xihuTeam]);
      const c = await rejectsWith(instructions.issue(w.actor('h.dispatcher'), { ...bare, text: '   ' }), BadMessageError, 'ERR_BAD_MESSAGE');
      assert.match(c.message, /^\/text/);
      // 'constructor' is a key of every object, not a template.
      await rejectsWith(instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam], { template: 'constructor' })), BadMessageError, 'ERR_BAD_MESSAGE');
    });

    test('a step by an officer of another team is ERR_NOT_FOUND; 签收 straight from issued fills in the delivery time', async () => {
      const { instructions, updated } = w.services();
      const { instructionId } = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam]));
      await rejectsWith(instructions.acknowledge(w.actor('haishu.field'), { instructionId }), NotFoundError, 'ERR_NOT_FOUND');
      await rejectsWith(instructions.acknowledge(w.actor('h.field'), { instructionId }), NotFoundError, 'ERR_NOT_FOUND');
      w.clock.advance(30_000);
      const view = await instructions.acknowledge(w.actor('xihu.field'), { instructionId });
      const t = view.targets[0];
      assert.equal(t?.state, 'acknowledged');
      assert.equal(t?.deliveredAt, new Date(T0 + 30_000).toISOString());
      assert.equal(t?.acknowledgedAt, new Date(T0 + 30_000).toISOString());
      assert.deepEqual(updated.map(([v, teams]) => [v.id, teams]), [[instructionId, [w.xihuTeam]]]);
    });

    test('a teammate\'s 签收 counts for the team; the other officer\'s resend is a repeat', async () => {
      const { instructions, updated } = w.services();
      const { instructionId } = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam]));
      await instructions.acknowledge(w.actor('xihu.teamlead'), { instructionId });
      const view = await instructions.acknowledge(w.actor('xihu.field'), { instructionId });
      assert.equal(view.targets[0]?.acknowledgedBy?.name, 'xihu.teamlead');
      assert.equal(updated.length, 1);
    });

    test('sweep() escalates a target not signed for within the window once, warning its consoles and its leader', async () => {
      const { instructions, raised, updated } = w.services();
      const { instructionId } = await instructions.issue(w.actor('h.leader'), issueTo([w.xihuTeam, w.haishuTeam], { template: 'hold' }));
      await instructions.acknowledge(w.actor('haishu.field'), { instructionId });
      w.clock.advance(119_000);
      await instructions.sweep();
      assert.equal(raised.length, 0);
      w.clock.advance(1_000);
      await instructions.sweep();
      await instructions.sweep();
      assert.equal(raised.length, 1, 'only 西湖 was not signed for, and only once');
      const [warning, notify] = raised[0] ?? assert.fail();
      assert.equal(warning.kind, 'instruction-unacked');
      assert.equal(warning.level, 'high');
      assert.equal(warning.courtId, COURTS.xihu.id);
      assert.equal(warning.instructionId, instructionId);
      assert.match(warning.text, /执行一组（西湖法院）2分钟内未签收“暂停行动”，已通知组长 xihu\.teamlead/);
      assert.deepEqual(notify, [w.users['xihu.teamlead']]);
      assert.ok(updated.some(([v, teams]) => v.id === instructionId && teams.includes(w.xihuTeam) && v.targets.find((t) => t.teamId === w.xihuTeam)?.escalatedAt));
      const events = await w.store.db.selectFrom('instruction_events').select('kind').where('instruction_id', '=', instructionId).where('team_id', '=', w.xihuTeam).orderBy('at').execute();
      assert.deepEqual(events.map((e) => e.kind), ['issued', 'escalated']);
    });

    test('sweep() of a restarted server (a new service on the same store) escalates what the last one left; two sweeping at once escalate once', async () => {
      const before = w.services();
      await before.instructions.issue(w.actor('h.dispatcher'), issueTo([w.haishuTeam]));
      await before.instructions.close();
      w.clock.advance(121_000);
      const a = w.services();
      const b = w.services();
      await Promise.all([a.instructions.sweep(), b.instructions.sweep()]);
      assert.equal(a.raised.length + b.raised.length, 1);
      const [warning, notify] = (a.raised[0] ?? b.raised[0]) ?? assert.fail();
      assert.match(warning.text, /该组未设组长/);
      assert.deepEqual(notify, []);
    });

    test('sweep() expires targets never signed for, leaves signed ones open, and replay skips expired ones even before the sweep', async () => {
      const { instructions, queries, updated } = w.services();
      const stale = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam]));
      const signed = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam]));
      await instructions.acknowledge(w.actor('xihu.field'), { instructionId: signed.instructionId });
      const replay = async () => {
        const views: InstructionView[] = [];
        for await (const page of queries.awaitingAck([w.xihuTeam])) views.push(...page);
        return views;
      };
      assert.deepEqual((await replay()).map((v) => v.id), [stale.instructionId]);
      w.clock.advance(240 * 60_000);
      assert.deepEqual(await replay(), [], 'past its expiry: not replayed');
      await instructions.sweep();
      const states = await w.store.db.selectFrom('instruction_targets').select(['instruction_id', 'state']).execute();
      assert.equal(states.find((s) => s.instruction_id === stale.instructionId)?.state, 'expired');
      assert.equal(states.find((s) => s.instruction_id === signed.instructionId)?.state, 'acknowledged');
      assert.ok(updated.some(([v]) => v.id === stale.instructionId && v.targets[0]?.state === 'expired'));
      await rejectsWith(instructions.acknowledge(w.actor('xihu.field'), { instructionId: stale.instructionId }), InvalidStateError, 'ERR_INVALID_STATE');
      const open = await queries.listForTerminal(w.actor('xihu.field'), {});
      assert.deepEqual(open.map((v) => v.id), [signed.instructionId]);
    });

    test('listForConsole() shows a branch only its instructions and, of each, only its targets', async () => {
      const { instructions, queries } = w.services();
      const both = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam, w.haishuTeam]));
      w.clock.advance(1_000);
      const xihuOnly = await instructions.issue(w.actor('h.dispatcher'), issueTo([w.xihuTeam]));
      const nb = await queries.listForConsole(w.actor('nb.operator'), {});
      assert.deepEqual(nb.map((v) => [v.id, v.targets.map((t) => t.teamId)]), [[both.instructionId, [w.haishuTeam]]]);
      const high = await queries.listForConsole(w.actor('h.operator'), {});
      assert.deepEqual(high.map((v) => v.id), [xihuOnly.instructionId, both.instructionId]);
      const page = await queries.listForConsole(w.actor('h.operator'), { before: high[0]?.issuedAt ?? '' });
      assert.deepEqual(page.map((v) => v.id), [both.instructionId]);
    });

    test('close() stops the timer, waits for a running sweep and may run twice', async () => {
      const { instructions } = w.services();
      instructions.start();
      const sweeping = instructions.sweep();
      await instructions.close();
      await sweeping;
      await instructions.close();
    });
  });

  describe.skipIf(target.skip)(skipTitle(`WarningService on ${target.name}`, target.skip), () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld(await target.options());
    });
    afterEach(() => w.store.close());

    test('raiseSos() raises a critical warning for the officer\'s team and court, audited; a resend is the same warning', async () => {
      const { warnings, raised } = w.services();
      const clientKey = randomUUID();
      const first = await warnings.raiseSos(w.actor('xihu.field'), { clientKey, text: '被围堵', position: { lng: 120.1, lat: 30.2 } });
      const again = await warnings.raiseSos(w.actor('xihu.field'), { clientKey });
      assert.deepEqual(again, { warningId: first.warningId, duplicate: true });
      assert.equal(raised.length, 1);
      const [warning] = raised[0] ?? assert.fail();
      assert.equal(warning.level, 'critical');
      assert.equal(warning.teamId, w.xihuTeam);
      assert.equal(warning.courtId, COURTS.xihu.id);
      assert.deepEqual(warning.position, { lng: 120.1, lat: 30.2 });
      const audit = await w.store.db.selectFrom('audit_log').select('action').where('target_id', '=', first.warningId).execute();
      assert.deepEqual(audit.map((a) => a.action), ['sos.raise']);
    });

    test('raiseSos() naming a team the officer is not in is ERR_FORBIDDEN; an officer in no team raises it for their court', async () => {
      const { warnings, raised } = w.services();
      await rejectsWith(warnings.raiseSos(w.actor('xihu.field'), { clientKey: randomUUID(), teamId: w.haishuTeam }), ForbiddenError, 'ERR_FORBIDDEN');
      await warnings.raiseSos(w.actor('h.field'), { clientKey: randomUUID() });
      assert.deepEqual(raised.map(([x]) => [x.courtId, x.teamId]), [[COURTS.high.id, null]]);
    });

    test('acknowledge() is for consoles of a court that may see the warning; a second acknowledgement changes nothing', async () => {
      const { warnings } = w.services();
      const updated: Warning[] = [];
      warnings.on('updated', (x) => updated.push(x));
      const { warningId } = await warnings.raiseSos(w.actor('haishu.field'), { clientKey: randomUUID() });
      await rejectsWith(warnings.acknowledge(w.actor('hz.operator'), warningId), NotFoundError, 'ERR_NOT_FOUND');
      w.clock.advance(5_000);
      const acked = await warnings.acknowledge(w.actor('nb.operator'), warningId);
      assert.equal(acked.acknowledgedAt, new Date(T0 + 5_000).toISOString());
      assert.equal(acked.acknowledgedBy?.name, 'nb.operator');
      const again = await warnings.acknowledge(w.actor('h.operator'), warningId);
      assert.equal(again.acknowledgedBy?.name, 'nb.operator');
      assert.equal(updated.length, 1);
      const audit = await w.store.db.selectFrom('audit_log').select('action').where('target_id', '=', warningId).orderBy('seq').execute();
      assert.deepEqual(audit.map((a) => a.action), ['sos.raise', 'warning.ack']);
    });

    test('list() returns the branch\'s warnings newest first; open keeps the unacknowledged', async () => {
      const { warnings } = w.services();
      const a = await warnings.raiseSos(w.actor('xihu.field'), { clientKey: randomUUID() });
      w.clock.advance(1_000);
      const b = await warnings.raiseSos(w.actor('haishu.field'), { clientKey: randomUUID() });
      await warnings.acknowledge(w.actor('h.operator'), a.warningId);
      assert.deepEqual((await warnings.list(w.actor('h.operator'), {})).map((x) => x.id), [b.warningId, a.warningId]);
      assert.deepEqual((await warnings.list(w.actor('h.operator'), { open: true })).map((x) => x.id), [b.warningId]);
      assert.deepEqual((await warnings.list(w.actor('hz.operator'), {})).map((x) => x.id), [a.warningId]);
      assert.deepEqual((await warnings.list(w.actor('nb.operator'), {})).map((x) => x.id), [b.warningId]);
    });
  });
}
