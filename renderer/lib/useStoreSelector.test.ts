import assert from 'node:assert/strict';
import { test } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { shallowEqual } from './shallowEqual.ts';
import { Store } from './store.ts';
import { selectionCache, useStoreSelector, type Equal } from './useStoreSelector.ts';

interface Desk {
  readonly steps: Readonly<Record<string, string>>;
  readonly teams: readonly { id: string; lost: boolean }[];
}

const desk = (steps: Record<string, string>, teams: Desk['teams'] = []): Desk => Object.freeze({ steps: Object.freeze(steps), teams: Object.freeze(teams) });

/**
 * What React does with useSyncExternalStore: read the selection on mount, and on every change of
 * the store read it again and render when it is not the same object (Object.is) as the one shown.
 */
function mount<T, S>(store: Store<T>, select: (value: T) => S, equal: Equal<S> = Object.is) {
  const read = selectionCache<T, S>();
  const view = { shown: read(store.get(), select, equal), renders: 1 };
  store.subscribe(() => {
    const next = read(store.get(), select, equal);
    if (!Object.is(next, view.shown)) {
      view.shown = next;
      view.renders++;
    }
  });
  return view;
}

test('selectionCache() renders a card again only when its own slice changes', () => {
  const store = new Store(desk({ a: 'idle', b: 'idle' }));
  const cardA = mount(store, (d) => d.steps['a']);
  const cardB = mount(store, (d) => d.steps['b']);
  store.set(desk({ a: 'busy', b: 'idle' }));
  store.set(desk({ a: 'idle', b: 'idle' }));
  assert.deepEqual([cardA.renders, cardA.shown], [3, 'idle']);
  assert.deepEqual([cardB.renders, cardB.shown], [1, 'idle']);
});

test('selectionCache() keeps the object of a fresh selection that is shallowly equal to the one shown', () => {
  const team = { id: 't1', lost: false };
  const store = new Store(desk({}, [team]));
  const open = mount(store, (d) => d.teams.filter((x) => !x.lost), shallowEqual);
  const first = open.shown;
  store.set(desk({ a: 'busy' }, [team]));
  assert.equal(open.renders, 1);
  assert.equal(open.shown, first);
  store.set(desk({ a: 'busy' }, [{ id: 't1', lost: true }]));
  assert.deepEqual([open.renders, open.shown], [2, []]);
});

test('selectionCache() gives a new object for an equal-looking selection under Object.is, the default', () => {
  const store = new Store(desk({}, [{ id: 't1', lost: false }]));
  const open = mount(store, (d) => d.teams.filter((x) => !x.lost));
  store.set(desk({ a: 'busy' }, store.get().teams));
  assert.equal(open.renders, 2);
});

test('selectionCache() calls select once per store value and selector (React reads a snapshot several times)', () => {
  let calls = 0;
  const select = (d: Desk) => {
    calls++;
    return Object.keys(d.steps);
  };
  const read = selectionCache<Desk, string[]>();
  const value = desk({ a: 'idle' });
  const first = read(value, select, shallowEqual);
  assert.equal(read(value, select, shallowEqual), first);
  assert.equal(calls, 1);
});

test('selectionCache() returns the shown object to a new inline selector that selects an equal slice (a parent rendered)', () => {
  const read = selectionCache<Desk, string[]>();
  const value = desk({ a: 'idle' });
  const first = read(value, (d) => Object.keys(d.steps), shallowEqual);
  assert.equal(read(value, (d) => Object.keys(d.steps), shallowEqual), first);
});

test('useStoreSelector() renders the selected slice of the store', () => {
  const store = new Store(desk({ a: 'busy', b: 'idle' }));
  function Step({ id }: { id: string }) {
    return createElement('span', null, useStoreSelector(store, (d) => d.steps[id] ?? 'none'));
  }
  assert.equal(renderToString(createElement(Step, { id: 'a' })), '<span>busy</span>');
  assert.equal(renderToString(createElement(Step, { id: 'c' })), '<span>none</span>');
});
