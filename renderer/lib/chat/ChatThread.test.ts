import assert from 'node:assert/strict';
import { test } from 'vitest';
import { CHAT_PAGE_MAX, type ChatMessage } from '../../../protocol/chat.ts';
import type { Ack } from '../../../protocol/errors.ts';
import type { ClientSocket } from '../socket.ts';
import { fitWithin } from './chatPhoto.ts';
import { ChatThread, mergeMessages, unreadCount } from './ChatThread.ts';

const message = (id: number, userId = 'u-other', text = `消息 ${id}`): ChatMessage =>
  Object.freeze<ChatMessage>({
    id,
    actionId: 'action-1',
    sentAt: '2026-06-01T06:00:00.000Z',
    sender: { userId, name: userId, role: 'dispatcher', courtId: 'c1', courtName: '西湖法院', teamId: null, teamName: null },
    text,
    hasPhoto: false,
  });

type Answer = (event: string, payload: Record<string, unknown>) => Ack<unknown> | 'no-answer';

/** A socket whose requests `answer` answers ('no-answer': the request times out, as on a dropped connection). */
function fakeSocket(answer: Answer): { socket: ClientSocket; sent: [string, Record<string, unknown>][] } {
  const sent: [string, Record<string, unknown>][] = [];
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        sent.push([event, payload]);
        const a = answer(event, payload);
        if (a === 'no-answer') throw new Error('operation has timed out');
        return a;
      },
    }),
  } as unknown as ClientSocket;
  return { socket, sent };
}

test('mergeMessages() keeps each id once and orders by id, whatever order copies arrive in', () => {
  const merged = mergeMessages([message(1), message(3)], [message(3), message(2), message(2), message(5)]);
  assert.deepEqual(merged.map((m) => m.id), [1, 2, 3, 5]);
  const same = [message(1)];
  assert.equal(mergeMessages(same, [message(1)]), same, 'nothing new: the same list, so React does not render');
});

test('unreadCount() counts messages of others above what was read', () => {
  const list = [message(1), message(2, 'me'), message(3), message(4)];
  assert.equal(unreadCount(list, 0, 'me'), 3);
  assert.equal(unreadCount(list, 3, 'me'), 1);
  assert.equal(unreadCount(list, 4, 'me'), 0);
});

test('fitWithin() brings the longest side to 1280 px and never enlarges', () => {
  assert.deepEqual(fitWithin(4032, 3024, 1280), { width: 1280, height: 960 });
  assert.deepEqual(fitWithin(3024, 4032, 1280), { width: 960, height: 1280 });
  assert.deepEqual(fitWithin(640, 480, 1280), { width: 640, height: 480 });
});

test('ChatThread.catchUp() asks after what it holds without a gap, page by page until a short page', async () => {
  const stored = Array.from({ length: CHAT_PAGE_MAX + 3 }, (_, i) => message(i + 1));
  const { socket, sent } = fakeSocket((event, p) => {
    assert.equal(event, 'chat:list');
    const after = Number(p['after']);
    return { ok: true, value: stored.filter((m) => m.id > after).slice(0, Number(p['limit'])) };
  });
  const thread = new ChatThread({ socket, actionId: 'action-1', ready: () => true, live: () => true, readKey: null });
  await thread.catchUp();
  assert.deepEqual(sent.map(([, p]) => p['after']), [0, CHAT_PAGE_MAX]);
  assert.deepEqual([thread.messages.get().length, thread.through], [CHAT_PAGE_MAX + 3, CHAT_PAGE_MAX + 3]);
  assert.deepEqual(thread.state.get(), { kind: 'ready' });

  // In sync: live messages move `through` on.
  thread.receive(message(CHAT_PAGE_MAX + 4));
  assert.equal(thread.through, CHAT_PAGE_MAX + 4);
  // Offline, then back: the room sends a new message before session:ready, ahead of the ones missed.
  thread.desync();
  stored.push(message(CHAT_PAGE_MAX + 4), message(CHAT_PAGE_MAX + 5), message(CHAT_PAGE_MAX + 6), message(CHAT_PAGE_MAX + 7));
  thread.receive(message(CHAT_PAGE_MAX + 7));
  assert.equal(thread.through, CHAT_PAGE_MAX + 4, 'a live message out of sync says nothing of those before it');
  await thread.catchUp();
  assert.equal(sent.at(-1)?.[1]['after'], CHAT_PAGE_MAX + 4);
  assert.deepEqual(thread.messages.get().slice(-4).map((m) => m.id), [CHAT_PAGE_MAX + 4, CHAT_PAGE_MAX + 5, CHAT_PAGE_MAX + 6, CHAT_PAGE_MAX + 7]);
  assert.equal(new Set(thread.messages.get().map((m) => m.id)).size, thread.messages.get().length, 'each message once');
});

test('ChatThread.send() keeps a message without an answer waiting and resends it with the same clientKey; a refusal is final', async () => {
  let online = false;
  const { socket, sent } = fakeSocket((event, p) => {
    if (!online) return 'no-answer';
    if (p['text'] === '越权') return { ok: false, code: 'ERR_FORBIDDEN', message: 'no' };
    return { ok: true, value: message(7, 'me', String(p['text'])) };
  });
  const thread = new ChatThread({ socket, actionId: 'action-1', ready: () => true, live: () => true, readKey: null });
  await thread.send('  到达现场  ', null);
  assert.deepEqual(thread.pending.get().map((p) => [p.text, p.state]), [['到达现场', 'waiting']]);
  online = true;
  thread.resendWaiting();
  await new Promise((resolve) => thread.messages.subscribe(() => resolve(undefined)));
  assert.equal(sent[0]?.[1]['clientKey'], sent[1]?.[1]['clientKey']);
  assert.deepEqual(thread.pending.get(), []);
  assert.deepEqual(thread.messages.get().map((m) => m.id), [7]);

  await thread.send('越权', null);
  assert.deepEqual(thread.pending.get().map((p) => p.state), ['failed']);
  await thread.send('   ', null);
  assert.equal(thread.pending.get().length, 1, 'blank text is not sent');
});

test('ChatThread.markRead() moves the read mark to the last message held', () => {
  const { socket } = fakeSocket(() => 'no-answer');
  const thread = new ChatThread({ socket, actionId: 'action-1', ready: () => false, live: () => false, readKey: null });
  thread.apply([message(4), message(9)]);
  thread.markRead();
  assert.equal(thread.readThrough.get(), 9);
});
