import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { crc32, deflateSync } from 'node:zlib';
import type { ActionPlanContent } from '../../protocol/plan.ts';
import { Feed } from '../../server/media/Feed.ts';
import { recorderUnavailable } from './ffprobe.ts';
import { nextEvent } from './once.ts';
import { ok, send } from './requests.ts';
import { startRtpSource } from './rtpSource.ts';
import { connectClient, login, type RunningServer, type TestSocket } from './server.ts';
import { ACTIONS, COURTS } from './world.ts';

// 海曙's seizure carried out over real sockets, for the report's tests: a plan, the team assigned and
// the action started; an instruction signed for and answered by the terminal and one refused; chat
// text and a real PNG photo; a leader of the upper court watching; a feed recorded by the real
// recorder (when ffmpeg is here); then finished. Everything goes through the features' public APIs.

export const REPORT_ACTION = ACTIONS.haishu;

/** What the report of the action must tell. */
export interface ReportedAction {
  teamId: string;
  caseNumber: string;
  instructions: { done: string; feedback: string; refused: string; reason: string };
  chat: { field: string; console: string; photoSha256: string };
  /** The SHA-256 of every sealed recording; empty when ffmpeg is missing here. */
  recordingHashes: string[];
}

/** A real PNG (an RGB gradient, `width`×`height`), so the PDF has a picture to embed. */
export function gradientPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 160], row + 1 + x * 3);
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([head, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function plan(teamId: string): ActionPlanContent {
  return {
    objective: '查封被执行人仓库内存货，清点造册后张贴封条',
    kind: 'seizure',
    riskColour: 'red',
    riskReasons: ['被执行人曾以暴力抗拒执行'],
    teams: [{ teamId, role: 'assault', task: '进入仓库清点存货' }],
    documents: [{ name: '执行裁定书', number: '(2026)浙0203执1号之一' }],
    contingencies: [{ risk: '被执行人阻拦', response: '警戒组隔离现场，全程录像' }],
    siteRadiusM: 200,
  };
}

/**
 * Carries out 海曙's action on `server` and finishes it. `whileOngoing` runs once it started (a
 * report asked for then is refused); sockets opened here are closed before it returns.
 */
export async function carryOutAction(server: RunningServer, whileOngoing: () => Promise<void> = async () => undefined): Promise<ReportedAction> {
  const sockets: TestSocket[] = [];
  const connect = async (user: string, client: 'console' | 'field' = 'console') => {
    const token = await login(server, user);
    const s = await connectClient(server.url, client === 'field' ? { client, token, terminalId: randomUUID() } : { client, token });
    sockets.push(s);
    return s;
  };
  try {
    const db = server.store.db;
    const teamId = (await db.selectFrom('teams').select('id').where('court_id', '=', COURTS.haishu.id).executeTakeFirstOrThrow()).id;
    const caseNumber = (await db.selectFrom('cases').select('case_number').where('id', '=', REPORT_ACTION.caseId).executeTakeFirstOrThrow()).case_number;
    const dispatcher = await connect('haishu.dispatcher');
    const field = await connect('haishu.field', 'field');
    const actionId = REPORT_ACTION.id;

    ok(await send(dispatcher, 'action:plan:save', { actionId, baseVersion: 0, content: plan(teamId) }));
    ok(await send(dispatcher, 'action:assign', { actionId, teamIds: [teamId] }));
    ok(await send(dispatcher, 'action:status', { actionId, status: 'ongoing' }));
    await whileOngoing();

    const leader = await connect('nb.leader');
    ok(await send(leader, 'action:follow', { actionId }));

    const texts = { done: '立即封存仓库出入口并清点存货', feedback: '仓库已封存，存货清点完毕共 38 件', refused: '将存货运往法院仓库', reason: '车辆未到，无法运输' };
    const first = ok(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId, text: texts.done, priority: 'urgent' }));
    ok(await send(field, 'instruction:delivered', { instructionId: first.instructionId }));
    ok(await send(field, 'instruction:ack', { instructionId: first.instructionId }));
    ok(await send(field, 'instruction:feedback', { instructionId: first.instructionId, text: texts.feedback }));
    const second = ok(await send(dispatcher, 'instruction:issue', { clientKey: randomUUID(), actionId, text: texts.refused, priority: 'normal' }));
    ok(await send(field, 'instruction:refuse', { instructionId: second.instructionId, reason: texts.reason }));

    const png = gradientPng(96, 64);
    const chat = { field: '现场已控制，开始清点', console: '收到，注意保全证据', photoSha256: createHash('sha256').update(png).digest('hex') };
    ok(await send(field, 'chat:send', { actionId, clientKey: randomUUID(), text: chat.field, photo: `data:image/png;base64,${png.toString('base64')}` }));
    ok(await send(dispatcher, 'chat:send', { actionId, clientKey: randomUUID(), text: chat.console }));

    if (recorderUnavailable() === null) await recordOneFeed(server, { actionId: REPORT_ACTION.id, teamId, caseNumber, terminalId: 'terminal-report' });
    const recordingHashes = (await db.selectFrom('recordings').select('sha256').where('action_id', '=', actionId).orderBy('started_at').orderBy('id').execute()).flatMap((r) => (r.sha256 ? [r.sha256] : []));

    const left = nextEvent(dispatcher, 'action:event', (m) => m.actionId === actionId && m.entry.kind === 'watch_leave');
    ok(await send(leader, 'action:unfollow', { actionId }));
    await left;
    ok(await send(dispatcher, 'action:status', { actionId, status: 'finished' }));
    return { teamId, caseNumber, instructions: texts, chat, recordingHashes };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

/** A body cam of a 海曙 team in the action's media room for a moment: the real recorder writes and seals a segment. */
export async function recordOneFeed(server: RunningServer, o: { actionId: string; teamId: string; caseNumber: string; terminalId: string }): Promise<void> {
  const roomId = `action:${o.actionId}` as const;
  const room = await server.media.room(roomId);
  const source = await startRtpSource({ router: room.router, width: 320, height: 180 });
  try {
    const officer = await server.store.db.selectFrom('users').select('id').where('username', '=', 'haishu.field').executeTakeFirstOrThrow();
    const feed = new Feed(source.video, room.router, roomId, {
      terminalId: o.terminalId, label: '记录仪 01', userId: officer.id, officer: '陈某', courtId: COURTS.haishu.id, courtName: COURTS.haishu.short,
      teamId: o.teamId, teamName: '执行一组', actionId: o.actionId, caseNumber: o.caseNumber,
    }, new Date());
    const opened = once(server.recordings, 'opened');
    room.addFeed(feed);
    await opened;
    // The segment needs media in it: let the source run a moment past the first frames.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const sealed = once(server.recordings, 'sealed');
    feed.close();
    await sealed;
  } finally {
    await source.stop();
  }
}
