import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { InstructionTarget, InstructionView } from '../../protocol/instruction.ts';
import { CourtTree, type CourtNode } from '../courts/CourtTree.ts';
import { audienceCourts as roomCourts } from '../realtime/memberships.ts';
import { viewForCourt, viewForTeam } from './fanout.ts';

const court = (id: string, parentId: string | null): CourtNode =>
  Object.freeze({ id, name: id, shortName: id, level: parentId === null ? 'high' : 'basic', parentId, caseCode: id, lng: 0, lat: 0 });
// 浙 → 杭州 (西湖, 滨江), 宁波 (海曙)
const tree = new CourtTree([court('zj', null), court('hz', 'zj'), court('nb', 'zj'), court('xihu', 'hz'), court('binjiang', 'hz'), court('haishu', 'nb')]);

const target = (teamId: string, courtId: string): InstructionTarget => ({
  teamId,
  teamName: teamId,
  courtId,
  state: 'issued',
  deliveredAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  finishedAt: null,
  finishedBy: null,
  feedback: null,
  refuseReason: null,
  escalatedAt: null,
});
const view: InstructionView = Object.freeze({
  id: 'i-1',
  text: '立即前往',
  template: 'go_now',
  priority: 'urgent',
  issuedAt: '2026-06-01T00:00:00.000Z',
  issuedBy: { id: 'u-1', name: '调度员' },
  courtId: 'zj',
  caseId: null,
  actionId: null,
  targets: [target('t-xihu', 'xihu'), target('t-haishu', 'haishu')],
});

test('audienceCourts() names each room once for teams of two branches', () => {
  assert.deepEqual(roomCourts(tree, ['xihu', 'haishu', 'xihu']).sort(), ['haishu', 'hz', 'nb', 'xihu', 'zj']);
});

test('audienceCourts() never names a sibling branch: 滨江 and 宁波 hear nothing of 西湖', () => {
  const rooms = roomCourts(tree, ['xihu']);
  assert.ok(!rooms.includes('binjiang'));
  assert.ok(!rooms.includes('nb'));
});

test('viewForCourt() keeps only the targets the viewer\'s branch may see', () => {
  assert.deepEqual(viewForCourt(tree, view, 'hz').targets.map((t) => t.teamId), ['t-xihu']);
  assert.deepEqual(viewForCourt(tree, view, 'nb').targets.map((t) => t.teamId), ['t-haishu']);
  assert.deepEqual(viewForCourt(tree, view, 'zj').targets.map((t) => t.teamId), ['t-xihu', 't-haishu']);
  assert.deepEqual(viewForCourt(tree, view, 'binjiang').targets, []);
});

test('viewForTeam() keeps the team\'s own target only', () => {
  assert.deepEqual(viewForTeam(view, 't-haishu').targets.map((t) => t.teamId), ['t-haishu']);
});
