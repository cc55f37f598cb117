import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import { CourtOverviewModel } from '../courts/CourtOverviewModel.ts';
import { DispatchModel } from '../dispatch/DispatchModel.ts';
import { buildCaseColumns } from './caseColumns.ts';
import { CLUSTER_MAX_ZOOM } from './clusters.ts';
import { MapModel } from './MapModel.ts';
import { SceneBuilder, type SceneInputs } from './SceneBuilder.ts';
import { fakeMapCases } from './testing/fakeMapCases.ts';
import { TeamSlots } from './TeamSlots.ts';

/** A socket that never connects: the models only register listeners on it. */
const idleSocket = { on: () => idleSocket } as unknown as ClientSocket;

function model(): MapModel {
  const m = new MapModel({ socket: idleSocket, courts: new CourtOverviewModel(), dispatch: new DispatchModel(idleSocket), scope: new Store<string | null>(null) });
  const cases = fakeMapCases([
    { id: 'a', lng: 120.1, lat: 30.2, court: 'c1', colour: 'red', stage: 'on_site' },
    { id: 'b', lng: 120.2, lat: 30.3, court: 'c1', colour: 'green', stage: 'filing' },
  ]);
  m.cases.set({ kind: 'ready', value: { cases, columns: buildCaseColumns(cases, 'WGS-84'), bytes: 100, at: 0 } });
  m.slots = new TeamSlots('WGS-84');
  m.slots.placeIfAbsent('t1', 120, 30, 0, 'idle');
  return m;
}

/** The pie atlas is a canvas in the page; layers only carry it, so a test needs none. */
const NO_ATLAS = () => ({ atlas: null, mapping: {} });
const inputs = (zoom: number): SceneInputs => ({ zoom, datum: 'WGS-84', courts: [], teams: [], actions: [], warnings: [], focus: null, project: null, now: 0, phase: 0 });
const ids = (b: SceneBuilder, zoom: number) => b.build(inputs(zoom)).map((l) => l.id);

describe('SceneBuilder', () => {
  test('build() clusters cases when zoomed out and draws every case from CLUSTER_MAX_ZOOM on, with teams on top', () => {
    const b = new SceneBuilder(model(), NO_ATLAS);
    const out = ids(b, 7);
    assert.ok(out.includes('cluster-pies') && !out.includes('cases'));
    assert.ok(out.indexOf('teams') > out.indexOf('cluster-pies'));
    const near = ids(b, CLUSTER_MAX_ZOOM + 1);
    assert.ok(near.includes('cases') && !near.includes('cluster-pies'));
  });

  test('build() keeps the clusters of a zoom level until the cases, filter or colours change', () => {
    const m = model();
    const b = new SceneBuilder(m, NO_ATLAS);
    const loaded = m.cases.get();
    assert.equal(loaded.kind, 'ready');
    if (loaded.kind !== 'ready') return;
    const first = b.clustersAt(loaded.value, 7);
    assert.equal(b.clustersAt(loaded.value, 7), first);
    m.toggleColour('red');
    assert.notEqual(b.clustersAt(loaded.value, 7), first);
  });

  test('build() draws the heatmap only when toggled on, and only while zoomed out', () => {
    const m = model();
    const b = new SceneBuilder(m, NO_ATLAS);
    assert.ok(!ids(b, 8).includes('heat'));
    m.toggleLayer('heat');
    assert.ok(ids(b, 8).includes('heat'));
    assert.ok(!ids(b, CLUSTER_MAX_ZOOM + 1).includes('heat'));
  });

  test('build() shows a ready replay instead of the live teams', () => {
    const m = model();
    const b = new SceneBuilder(m, NO_ATLAS);
    m.replay.state.set({
      kind: 'ready',
      source: { kind: 'action', actionId: 'a1' },
      origin: 0,
      span: 60,
      truncated: false,
      tracks: [{ teamId: 't1', name: '执行一组', courtId: 'c1', path: [120, 30, 120.1, 30], timestamps: [0, 60], statuses: [] }],
    });
    const out = ids(b, 13);
    assert.ok(out.includes('replay') && out.includes('replay-heads'));
    assert.ok(!out.includes('teams'));
  });
});
