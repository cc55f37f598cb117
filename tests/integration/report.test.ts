import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { ActionReport } from '../../protocol/report.ts';
import { SCREENSHOT_DIR } from '../support/browser.ts';
import { carryOutAction, REPORT_ACTION, type ReportedAction } from '../support/reportAction.ts';
import { login, startServer, type RunningServer } from '../support/server.ts';
import { skipTitle } from '../support/skip.ts';
import { ACTIONS } from '../support/world.ts';

// The action report (执行行动报告, issue 13 item 5) over REST on 海曙's seizure carried out through
// real sockets: refused while planned or ongoing; once finished, the page's data and the PDF, read
// back with poppler's pdftotext (the Chinese text is in the file, not in the reader's fonts); every
// download audited with the file's SHA-256; 西湖 and 杭州 (another branch) told nothing.

const popplerMissing = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error ? 'pdftotext not found: run `npm run setup -- --for-tests` (Debian poppler-utils)' : false;
const ACTION = REPORT_ACTION.id;

describe.skipIf(popplerMissing)(skipTitle('action report: page data and PDF from the store, audited, scoped', popplerMissing), () => {
  let server: RunningServer;
  let done: ReportedAction;
  const whileOngoing: { status: number; code?: string }[] = [];
  const tokens = new Map<string, string>();
  const token = async (u: string) => tokens.get(u) ?? tokens.set(u, await login(server, u)).get(u)!;
  const get = async (user: string, url: string) => server.app.inject({ url, headers: { authorization: `Bearer ${await token(user)}` } });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-report-'));

  beforeAll(async () => {
    server = await startServer();
    done = await carryOutAction(server, async () => {
      for (const url of [`/api/actions/${ACTION}/report`, `/api/actions/${ACTION}/report.pdf`]) {
        const res = await get('haishu.dispatcher', url);
        whileOngoing.push({ status: res.statusCode, code: res.json<{ code?: string }>().code });
      }
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('GET /api/actions/:id/report and report.pdf answer 409 ERR_INVALID_STATE while the action is planned or ongoing', async () => {
    assert.deepEqual(whileOngoing, [{ status: 409, code: 'ERR_INVALID_STATE' }, { status: 409, code: 'ERR_INVALID_STATE' }]);
    for (const url of [`/api/actions/${ACTIONS.xihu.id}/report`, `/api/actions/${ACTIONS.xihu.id}/report.pdf`]) {
      const res = await get('xihu.operator', url);
      assert.deepEqual([res.statusCode, res.json<{ code: string }>().code], [409, 'ERR_INVALID_STATE'], url);
    }
  });

  test('GET /api/actions/:id/report.pdf is a PDF whose text (pdftotext) holds the title, the case number, the instructions, the feedback, the chat and the recording hashes; the download is audited with its SHA-256', async () => {
    const res = await get('nb.leader', `/api/actions/${ACTION}/report.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="action-report-action-haishu-1\.pdf"; filename\*=UTF-8''/);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    assert.equal(res.headers['x-report-sha256'], sha256);

    const file = path.join(tmp, 'report.pdf');
    writeFileSync(file, pdf);
    const text = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    // pdftotext writes a space or a line break where it sees a gap: compare without any.
    const body = text.stdout.replace(/\s+/g, '');
    for (const expected of [
      '执行行动报告',
      done.caseNumber,
      '宁波市海曙区人民法院',
      '查封被执行人仓库内存货，清点造册后张贴封条',
      done.instructions.done,
      done.instructions.feedback,
      done.instructions.refused,
      done.instructions.reason,
      done.chat.field,
      done.chat.console,
      done.chat.photoSha256,
      '第 1 页 / 共',
    ]) {
      assert.ok(body.includes(expected.replace(/\s+/g, '')), `the PDF's text holds ${expected}`);
    }
    assert.ok(done.recordingHashes.length > 0 || process.env.CI === undefined, 'CI records a feed (ffmpeg is installed there)');
    for (const hash of done.recordingHashes) assert.ok(body.includes(hash), `the PDF's text holds the recording hash ${hash}`);
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
    assert.match(fonts, /NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/, 'the CJK font is embedded as a subset with a ToUnicode map');

    // The first page as a person sees it (test-results/screenshots, ignored by git).
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SCREENSHOT_DIR, 'report-pdf-page1')]);
    assert.equal(png.status, 0, String(png.stderr));

    const audit = await server.store.db
      .selectFrom('audit_log')
      .select(['actor_name', 'court_id', 'detail'])
      .where('action', '=', 'action.report.download')
      .where('target_type', '=', 'action')
      .where('target_id', '=', ACTION)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_name, 'nb.leader');
    const detail = JSON.parse(audit[0]!.detail) as { sha256: string; bytes: number; caseNumber: string; generatedAt: string };
    assert.deepEqual([detail.sha256, detail.bytes, detail.caseNumber], [sha256, pdf.length, done.caseNumber]);
  });

  test('GET /api/actions/:id/report tells the header, the teams with their roles, the timeline, each team\'s steps, the recordings, the chat with the photo\'s hash and who watched; the reading is audited', async () => {
    const res = await get('haishu.dispatcher', `/api/actions/${ACTION}/report`);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json<ActionReport>();
    assert.deepEqual([r.header.caseNumber, r.header.status, r.header.kind, r.header.courtName], [done.caseNumber, 'finished', 'seizure', '宁波市海曙区人民法院']);
    assert.deepEqual([r.header.plan?.version, r.header.plan?.frozen], [1, true]);
    assert.ok(r.header.startedAt && r.header.endedAt && r.header.startedAt <= r.header.endedAt);
    assert.deepEqual(r.teams, [{ teamId: done.teamId, name: '执行一组', role: 'assault', task: '进入仓库清点存货' }]);
    assert.deepEqual(r.instructions.map((i) => [i.text, i.targets.map((t) => t.state)]), [[done.instructions.done, ['done']], [done.instructions.refused, ['refused']]]);
    const target = r.instructions[0]!.targets[0]!;
    assert.ok(target.deliveredAt && target.acknowledgedAt && target.finishedAt, 'delivered, signed for and answered, each with its time');
    assert.equal(target.feedback?.text, done.instructions.feedback);
    assert.deepEqual(r.recordings.map((x) => x.sha256), done.recordingHashes);
    assert.deepEqual(r.chat.map((c) => [c.message.text, c.photoSha256]), [[done.chat.field, done.chat.photoSha256], [done.chat.console, null]]);
    assert.deepEqual(r.watchers.map((w) => [w.name, w.joins, w.lastLeftAt !== null]), [['nb.leader', 1, true]]);
    const kinds = new Set(r.timeline.map((e) => e.kind));
    for (const k of ['planned', 'plan_saved', 'team_assigned', 'started', 'instruction_issued', 'instruction_step', 'watch_join', 'finished'] as const) assert.ok(kinds.has(k), k);

    const audit = await server.store.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'action.report.view').where('target_id', '=', ACTION).execute();
    assert.deepEqual(audit.map((a) => a.actor_name), ['haishu.dispatcher']);
  });

  test('GET /api/actions/:id/report/photos/:messageId answers the chat photo\'s bytes (its SHA-256 as the report says); 404 for a message without one', async () => {
    const r = (await get('haishu.dispatcher', `/api/actions/${ACTION}/report`)).json<ActionReport>();
    const [withPhoto, without] = r.chat;
    const res = await get('nb.leader', `/api/actions/${ACTION}/report/photos/${withPhoto!.message.id}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(createHash('sha256').update(res.rawPayload).digest('hex'), done.chat.photoSha256);
    const none = await get('nb.leader', `/api/actions/${ACTION}/report/photos/${without!.message.id}`);
    assert.deepEqual([none.statusCode, none.json<{ code: string }>().code], [404, 'ERR_NOT_FOUND']);
    // A photo of 海曙's action is not reached through 西湖's action.
    assert.equal((await get('h.leader', `/api/actions/${ACTIONS.xihu.id}/report/photos/${withPhoto!.message.id}`)).statusCode, 404);
  });

  test('a court of another branch gets 404 ERR_NOT_FOUND for the report, its PDF and its photos (西湖 and 杭州 for 海曙, 宁波 for 西湖), and nothing is audited for them', async () => {
    const before = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', 'action.report.%').executeTakeFirstOrThrow();
    for (const user of ['xihu.operator', 'hz.leader']) {
      for (const url of [`/api/actions/${ACTION}/report`, `/api/actions/${ACTION}/report.pdf`, `/api/actions/${ACTION}/report/photos/1`]) {
        const res = await get(user, url);
        assert.deepEqual([res.statusCode, res.json<{ code: string }>().code], [404, 'ERR_NOT_FOUND'], `${user} ${url}`);
      }
    }
    const nb = await get('nb.leader', `/api/actions/${ACTIONS.xihu.id}/report.pdf`);
    assert.deepEqual([nb.statusCode, nb.json<{ code: string }>().code], [404, 'ERR_NOT_FOUND']);
    const after = await server.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', 'like', 'action.report.%').executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('GET /api/actions/:id/report.pdf is 403 ERR_FORBIDDEN for roles without dispatch:read (a field officer, the system administrator)', async () => {
    for (const user of ['haishu.field', 'h.sysadmin']) {
      const res = await get(user, `/api/actions/${ACTION}/report.pdf`);
      assert.deepEqual([res.statusCode, res.json<{ code: string }>().code], [403, 'ERR_FORBIDDEN'], user);
    }
  });
});
