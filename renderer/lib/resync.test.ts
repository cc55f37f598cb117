import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActionView } from '../../protocol/action.ts';
import type { InstructionState, InstructionTarget, InstructionView } from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';
import { LiveList } from './LiveList.ts';
import { mergeAction, mergeById, mergeInstruction, mergeTarget, mergeWarning, oldestOpen, readBack } from './resync.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

const T0 = '2026-06-01T02:00:00.000Z';
const T1 = '2026-06-01T02:00:05.000Z';

const target = (teamId: string, state: InstructionState, extra: Partial<InstructionTarget> = {}): InstructionTarget =>
  deepFreeze({
    teamId,
    teamName: `执行组 ${teamId}`,
    courtId: 'c330106',
    state,
    deliveredAt: state === 'issued' ? null : T1,
    acknowledgedAt: null,
    acknowledgedBy: null,
    finishedAt: null,
    finishedBy: null,
    feedback: null,
    refuseReason: null,
    escalatedAt: null,
    ...extra,
  });

const instruction = (id: string, targets: InstructionTarget[], issuedAt = T0): InstructionView =>
  deepFreeze({
    id,
    text: '立即前往',
    template: 'go_now',
    priority: 'urgent',
    issuedAt,
    issuedBy: { id: 'u1', name: '调度员' },
    courtId: 'c330000',
    caseId: null,
    actionId: null,
    targets,
  });

const warning = (id: string, acknowledgedAt: string | null): Warning =>
  deepFreeze({
    id,
    courtId: 'c330106',
    teamId: 't1',
    instructionId: null,
    kind: 'sos',
    level: 'critical',
    text: 'SOS 求助',
    raisedAt: T0,
    raisedBy: null,
    position: null,
    acknowledgedAt,
    acknowledgedBy: acknowledgedAt ? { id: 'u2', name: '值班员' } : null,
  });

const action = (id: string, status: ActionView['status'], teams: string[] = []): ActionView =>
  deepFreeze({
    id,
    caseId: 'case-1',
    caseNumber: '(2026)浙0106执1号',
    courtId: 'c330106',
    courtName: '西湖法院',
    kind: 'seizure',
    status,
    plannedAt: T0,
    riskColour: 'red',
    riskReasons: [],
    lng: 120.13,
    lat: 30.26,
    siteRadiusM: 200,
    teams: teams.map((t) => ({ teamId: t, name: t, courtId: 'c330106', status: 'idle' as const })),
    watchers: [],
  });

test('mergeTarget() keeps delivered when an older issued view arrives after it', () => {
  const delivered = target('t1', 'delivered');
  assert.equal(mergeTarget(delivered, target('t1', 'issued')), delivered);
});

test('mergeTarget() takes the further state, and keeps an escalation the further view does not carry', () => {
  const escalated = target('t1', 'issued', { escalatedAt: T1 });
  const acked = target('t1', 'acknowledged', { acknowledgedAt: T1 });
  const merged = mergeTarget(escalated, acked);
  assert.equal(merged.state, 'acknowledged');
  assert.equal(merged.escalatedAt, T1);
});

test('mergeInstruction() merges per team: one target moves on while the other is not moved back', () => {
  const held = instruction('i1', [target('a', 'done'), target('b', 'issued')]);
  const older = instruction('i1', [target('a', 'acknowledged'), target('b', 'delivered')]);
  const merged = mergeInstruction(held, older);
  assert.deepEqual(
    merged.targets.map((t) => [t.teamId, t.state]),
    [
      ['a', 'done'],
      ['b', 'delivered'],
    ],
  );
});

test('mergeInstruction() returns the newer view itself when nothing held was further', () => {
  const next = instruction('i1', [target('a', 'delivered')]);
  assert.equal(mergeInstruction(instruction('i1', [target('a', 'issued')]), next), next);
});

test('mergeWarning() never takes an acknowledgement back', () => {
  const acked = warning('w1', T1);
  assert.equal(mergeWarning(acked, warning('w1', null)), acked);
  assert.equal(mergeWarning(warning('w1', null), acked), acked);
});

test('mergeAction() keeps an ongoing action when a planned view of it arrives late', () => {
  const ongoing = action('a1', 'ongoing', ['t1']);
  assert.equal(mergeAction(ongoing, action('a1', 'planned')), ongoing);
  const finished = action('a1', 'finished', ['t1']);
  assert.equal(mergeAction(ongoing, finished), finished);
});

test('mergeById() adds new items and merges known ones', () => {
  const merged = mergeById([warning('w1', T1)], [warning('w1', null), warning('w2', null)], mergeWarning);
  assert.deepEqual(
    merged.map((w) => [w.id, w.acknowledgedAt]),
    [
      ['w1', T1],
      ['w2', null],
    ],
  );
});

test('oldestOpen() is the time of the oldest open item, or null when none is open', () => {
  const list = [warning('w1', null), { ...warning('w0', T1), raisedAt: '2026-05-01T00:00:00.000Z' }];
  assert.equal(oldestOpen(list, (w) => w.acknowledgedAt === null, (w) => w.raisedAt), T0);
  assert.equal(oldestOpen([warning('w0', T1)], (w) => w.acknowledgedAt === null, (w) => w.raisedAt), null);
});

test('readBack() pages back with `before` until a page reaches `until`', async () => {
  const times = ['2026-06-01T05', '2026-06-01T04', '2026-06-01T03', '2026-06-01T02', '2026-06-01T01'];
  const asked: (string | undefined)[] = [];
  const taken: string[] = [];
  await readBack({
    fetch: async (before) => {
      asked.push(before);
      return times.filter((t) => before === undefined || t < before).slice(0, 2);
    },
    at: (t) => t,
    limit: 2,
    until: '2026-06-01T03',
    take: (page) => taken.push(...page),
    maxPages: 10,
  });
  assert.deepEqual(asked, [undefined, '2026-06-01T04']);
  assert.deepEqual(taken, times.slice(0, 4));
});

test('readBack() reads one page when nothing is open, and stops at a short page or maxPages', async () => {
  let pages = 0;
  const read = (until: string | null, maxPages: number, size: number) =>
    readBack({ fetch: async () => (pages++, Array.from({ length: size }, () => 'x')), at: () => '2026-06-02', limit: 2, until, take: () => {}, maxPages });
  await read(null, 10, 2);
  assert.equal(pages, 1);
  pages = 0;
  await read('2026-06-01', 10, 1);
  assert.equal(pages, 1);
  pages = 0;
  await read('2026-06-01', 3, 2);
  assert.equal(pages, 3);
});

const instructionList = () => new LiveList<InstructionView>({ merge: mergeInstruction, order: (l) => l });

test('liveList.sync() keeps a delivered state that arrived live while its older list answer was out', async () => {
  const list = instructionList();
  list.apply(instruction('i1', [target('t1', 'issued')]));
  await list.sync(async (take) => {
    // The server computed the answer, then the terminal's receipt went out live before the answer.
    list.apply(instruction('i1', [target('t1', 'delivered')]));
    take([instruction('i1', [target('t1', 'issued')]), instruction('i2', [target('t1', 'issued')])]);
  });
  assert.deepEqual(
    list.items.get().map((v) => [v.id, v.targets[0]?.state]),
    [
      ['i1', 'delivered'],
      ['i2', 'issued'],
    ],
  );
});

test('liveList.sync() moves a held item on when the answer is newer', async () => {
  const list = instructionList();
  list.apply(instruction('i1', [target('t1', 'issued')]));
  await list.sync(async (take) => take([instruction('i1', [target('t1', 'delivered')])]));
  assert.equal(list.items.get()[0]?.targets[0]?.state, 'delivered');
});

test('liveList.sync() drops items a complete answer leaves out, but not one that changed live meanwhile', async () => {
  const list = new LiveList<ActionView>({ merge: mergeAction, order: (l) => l.filter((a) => a.status !== 'finished') });
  list.apply(action('gone', 'ongoing'));
  list.apply(action('kept', 'planned'));
  await list.sync(async (take) => {
    list.apply(action('new-live', 'planned'));
    take([action('kept', 'ongoing')], { complete: true });
  });
  assert.deepEqual(
    list.items.get().map((a) => [a.id, a.status]),
    [
      ['kept', 'ongoing'],
      ['new-live', 'planned'],
    ],
  );
});

test('liveList.sync() stops tracking live changes once it has ended, even when the read failed', async () => {
  const list = instructionList();
  await assert.rejects(
    list.sync(async () => {
      throw new Error('ERR_TIMEOUT');
    }),
  );
  list.apply(instruction('i1', [target('t1', 'delivered')]));
  await list.sync(async (take) => take([instruction('i1', [target('t1', 'acknowledged')])]));
  assert.equal(list.items.get()[0]?.targets[0]?.state, 'acknowledged');
});
