import assert from 'node:assert/strict';
import { test } from 'vitest';
import { messageKeys, t, tBoth, tEn, type MessageKey } from './i18n.ts';

// Keys read from the table at run time: their placeholders are checked here, not by the type checker.
type Translate = (key: MessageKey, values?: Record<string, string>) => string;
const zh = t as Translate;
const en = tEn as Translate;

test('t() and tEn() fill every placeholder the type checker asks values for, in every message of both languages', () => {
  for (const key of messageKeys()) {
    // As the Placeholders type reads them: anything between braces (so '{ n}' would be asked for and never filled).
    const names = [...`${zh(key)} ${en(key)}`.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
    const values = Object.fromEntries(names.map((n) => [n, '<value>']));
    for (const text of [zh(key, values), en(key, values)]) {
      assert.ok(text.trim().length > 0, key);
      assert.doesNotMatch(text, /[{}]/, key);
    }
  }
});

test('t() words an instruction whose team gave feedback 已反馈, as the server does', () => {
  assert.equal(t('instructionState.done'), '已反馈');
});

test('t() fills placeholders by name', () => {
  assert.equal(t('composer.targetAction', { kind: t('actionKind.eviction'), caseNumber: '(2026)浙0106执1号', n: 2 }), '目标：强制迁出 (2026)浙0106执1号（2 个执行组）');
});

test('tBoth() writes the Chinese, then the English', () => {
  assert.equal(tBoth('error.noAnswer', { ms: 8000 }), '服务器无应答 / no answer within 8000 ms');
});
