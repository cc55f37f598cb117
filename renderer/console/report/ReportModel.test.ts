import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActionReport } from '../../../protocol/report.ts';
import { ApiError } from '../../lib/api.ts';
import { ReportModel, reportPhotoUrl, reportTime } from './ReportModel.ts';

const REPORT = Object.freeze({ actionId: 'a1' }) as unknown as ActionReport;

test('ReportModel.load() reads GET /api/actions/:id/report and shows it', async () => {
  const asked: string[] = [];
  const model = new ReportModel('a 1', async (path) => {
    asked.push(path);
    return REPORT;
  });
  assert.equal(model.state.get().kind, 'loading');
  await model.load();
  assert.deepEqual(asked, ['/api/actions/a%201/report']);
  assert.deepEqual(model.state.get(), { kind: 'ready', report: REPORT });
});

test('ReportModel.load() words a refusal by its code: not over yet, not in the court\'s branch, not allowed', async () => {
  const cases = [
    ['ERR_INVALID_STATE', '行动尚未结束，结束或取消后才能查看报告'],
    ['ERR_NOT_FOUND', '行动不存在，或不在本院管辖范围'],
    ['ERR_FORBIDDEN', '无权查看行动报告'],
    ['ERR_INTERNAL', '服务器内部错误 / internal error'],
  ] as const;
  for (const [code, message] of cases) {
    const model = new ReportModel('a1', () => Promise.reject(new ApiError(409, code, '服务器内部错误 / internal error')));
    await model.load();
    assert.deepEqual(model.state.get(), { kind: 'error', code, message });
  }
});

test('ReportModel.stop() drops an answer still on its way', async () => {
  let answer!: (r: ActionReport) => void;
  const model = new ReportModel('a1', () => new Promise((resolve) => (answer = resolve)));
  const loading = model.load();
  model.stop();
  answer(REPORT);
  await loading;
  assert.equal(model.state.get().kind, 'loading');
});

test('reportTime() writes Beijing time with the date and seconds, as the PDF does', () => {
  assert.equal(reportTime('2026-06-01T17:03:05.000Z'), '2026-06-02 01:03:05');
  assert.equal(reportTime(null), '—');
  assert.equal(reportPhotoUrl('a1', 7), '/api/actions/a1/report/photos/7');
});
