import fp from 'fastify-plugin';
import { ChatService } from './ChatService.ts';
import { createChatHandlers } from './handlers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    chat: ChatService;
  }
}

/** Action chat (一案一群; the only writer of `chat_messages`): text and photos among an action's teams and the consoles following it. */
export const chatPlugin = fp(
  async (app) => {
    const courts = () => app.courts;
    const chat = new ChatService({ db: app.store.db, courts, teams: app.teams, actions: app.actions, clock: app.clock });
    app.decorate('chat', chat);
    app.realtime.onConnection(createChatHandlers(app.realtime.io, { chat, courts }, app.log));
  },
  { name: 'chat', dependencies: ['teams', 'actions', 'realtime'] },
);
