import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, test } from 'vitest';
import type { ActionReport } from '../../protocol/report.ts';
import { findReportFonts } from './reportFont.ts';
import { renderReportPdf } from './reportPdf.ts';

const fonts = findReportFonts();
const skip = !fonts ? 'Noto Sans CJK not installed (Debian fonts-noto-cjk: npm run setup)' : spawnSync('pdftotext', ['-v']).error ? 'pdftotext not installed (Debian poppler-utils: npm run setup -- --for-tests)' : false;

const T0 = Date.parse('2026-06-01T06:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const SHA = '6e39ff240d3d6f04c759fdaee5997e7df78173617897ced62c8d1e3bb33bf7a1';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** A long report: 300 timeline entries, a long feedback, and a chat photo that does not decode. */
const REPORT = deepFreeze<ActionReport>({
  actionId: 'action-1',
  generatedAt: at(600),
  header: {
    caseId: 'case-1', caseNumber: '(2026)浙0203执6号', kind: 'eviction', status: 'cancelled', courtId: 'c1', courtName: '宁波市海曙区人民法院',
    riskColour: 'yellow', riskReasons: ['群体性'], plannedAt: at(0), startedAt: null, endedAt: at(30), lng: 121.55, lat: 29.86, siteRadiusM: 200, plan: null,
  },
  teams: [{ teamId: 't1', name: '执行一组', role: null, task: null }],
  timeline: Array.from({ length: 300 }, (_, i) => ({
    id: `e${i}`, at: at(i), kind: 'instruction_step' as const, actor: null, team: { id: 't1', name: '执行一组' }, text: `第 ${i + 1} 条记录`, refs: i === 150 ? { sha256: SHA } : {},
  })),
  timelineTruncated: false,
  instructions: [{
    id: 'i1', text: '立即前往现场', template: null, priority: 'critical', issuedAt: at(1), issuedBy: { id: 'u1', name: '调度员' }, courtId: 'c1', caseId: 'case-1', actionId: 'action-1',
    targets: [{ teamId: 't1', teamName: '执行一组', courtId: 'c1', state: 'done', deliveredAt: at(1), acknowledgedAt: at(2), acknowledgedBy: { id: 'u2', name: '陈某' }, finishedAt: at(3), finishedBy: { id: 'u2', name: '陈某' }, feedback: { text: '现场平稳。'.repeat(120), hasPhoto: false }, refuseReason: null, escalatedAt: null }],
  }],
  recordings: [],
  gaps: [{ id: 'g1', teamId: 't1', terminalId: 'tt', feedId: 'f1', kind: 'video', from: at(5), to: at(6), reason: '录像进程异常退出' }],
  chat: [{ message: { id: 7, actionId: 'action-1', sentAt: at(4), sender: { userId: 'u2', name: '陈某', role: 'field_officer', courtId: 'c1', courtName: '海曙法院', teamId: 't1', teamName: '执行一组' }, text: '现场照片', hasPhoto: true }, photoSha256: SHA }],
  chatTruncated: false,
  watchers: [],
});

describe.skipIf(skip)(skip || 'renderReportPdf()', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-report-pdf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('renderReportPdf() wraps a long report across A4 pages, numbers every page 第 k 页 / 共 n 页, and tells a photo that does not decode instead of failing', async () => {
    // A JPEG signature over bytes that are no picture: stored photos pass that check only.
    const broken = { type: 'jpeg' as const, bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]) };
    const pdf = await renderReportPdf(REPORT, new Map([[7, broken]]), fonts!);
    const file = path.join(dir, 'long.pdf');
    writeFileSync(file, pdf);

    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    assert.ok(pages >= 6, `300 rows take several pages (${pages})`);
    assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    assert.match(info, /Title:\s+执行行动报告 \(2026\)浙0203执6号/);

    for (let page = 1; page <= pages; page++) {
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      assert.ok(text.includes(`第${page}页/共${pages}页`), `page ${page} is numbered`);
      assert.ok(text.includes('生成于2026-06-0200:00:00'), `page ${page} tells when it was generated`);
      if (page > 1 && text.includes('条记录')) assert.ok(text.includes('时间（北京时间）'), `page ${page} repeats the timeline's header`);
    }
    const all = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
    const flat = all.replace(/\s+/g, '');
    for (let i = 1; i <= 300; i++) assert.ok(flat.includes(`第${i}条记录`), `entry ${i}`);
    assert.ok(all.includes(SHA), 'a hash stays whole on one line');
    assert.ok(flat.includes('现场平稳。'.repeat(120)), 'a long feedback wraps inside its cell, whole');
    assert.ok(flat.includes('照片无法显示'));
    assert.ok(flat.includes('未开始') && flat.includes('无预案') && flat.includes('录像进程异常退出'));
  });
});
