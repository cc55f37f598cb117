import { ChatPhotoRequest, ListChat, SendChat } from '../../protocol/chat.ts';
import { compileChecker } from '../../protocol/check.ts';
import { rooms } from '../../protocol/rooms.ts';
import type { CourtTree } from '../courts/index.ts';
import type { Logger } from '../logger.ts';
import { isTerminal, onRequest, requireConsole, type AppServer, type Connection } from '../realtime/index.ts';
import type { ChatParticipant, ChatService } from './ChatService.ts';
import { chatViewFor, type ChatRecord } from './chatViews.ts';

const isSend = compileChecker(SendChat);
const isList = compileChecker(ListChat);
const isPhoto = compileChecker(ChatPhotoRequest);

/**
 * Action chat on the sockets. A stored message goes to the action's room (rooms.action: the
 * terminals of its teams, joined by the actions feature, and the consoles following it), each
 * receiver its own cut (chatViewFor). Nothing is replayed on connect: a client asks
 * `chat:list { after }` with the last id it saw on every session:ready (at least once, by id).
 */
export function createChatHandlers(io: AppServer, deps: { chat: ChatService; courts: () => CourtTree }, logger: Logger) {
  const { chat, courts } = deps;

  async function deliver(record: ChatRecord): Promise<void> {
    const tree = courts();
    for (const s of await io.in(rooms.action(record.view.actionId)).fetchSockets()) {
      s.emit('chat:new', chatViewFor(tree, record, s.data));
    }
  }
  chat.on('posted', (record) => {
    deliver(record).catch((err: unknown) => logger.error({ err, messageId: record.view.id }, 'chat message not delivered'));
  });

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket, actor } = conn;
    const terminal = isTerminal(conn);
    /** A terminal takes part through its teams; any other client must be a console allowed dispatch:read. */
    const participant = (what: string): ChatParticipant => {
      if (!terminal) requireConsole(conn, 'dispatch:read', what);
      return { actor, terminal };
    };
    onRequest(socket, logger, 'chat:send', isSend, (m) => chat.send(participant('发送行动群聊消息'), m));
    onRequest(socket, logger, 'chat:list', isList, (m) => chat.list(participant('查看行动群聊'), m));
    onRequest(socket, logger, 'chat:photo', isPhoto, (m) => chat.photo(participant('查看群聊照片'), m));
  };
}
