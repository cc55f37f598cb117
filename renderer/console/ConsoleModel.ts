import type { Role } from '../../protocol/domain.ts';
import type { FeedInfo, MediaNotice } from '../../protocol/media.ts';
import type { TerminalInfo } from '../../protocol/terminal.ts';
import { ChatModel } from '../lib/chat/ChatModel.ts';
import { MediaClient } from '../lib/media.ts';
import { connect, type Connection } from '../lib/socket.ts';
import { Store } from '../lib/store.ts';
import { CourtOverviewModel } from './courts/CourtOverviewModel.ts';
import { ActionsModel } from './dispatch/ActionsModel.ts';
import { DispatchModel } from './dispatch/DispatchModel.ts';
import { Layout, type PageView } from './layout/Layout.ts';
import { MapModel } from './map/MapModel.ts';

/**
 * Whether the screen holds what the server holds: 'stale' from a disconnect (or before the first
 * connect) until the lists were read again after session:ready; 'partial' when a list failed to load.
 */
export type SyncState = { kind: 'stale' } | { kind: 'syncing' } | { kind: 'synced'; at: number } | { kind: 'partial' };

/**
 * Everything the console shows, outside React: connection, terminals online, live feeds, courts,
 * dispatch and actions. Panels read its stores and call its methods; none of them touches the socket.
 */
export class ConsoleModel {
  readonly connection: Connection;
  readonly terminals = new Store<readonly TerminalInfo[]>([]);
  readonly feeds = new Store<readonly FeedInfo[]>([]);
  readonly courts = new CourtOverviewModel();
  /** Teams, instructions and warnings (command and dispatch). */
  readonly dispatch: DispatchModel;
  /** Open enforcement actions of the branch. */
  readonly actions: ActionsModel;
  /** Action chat (一案一群): a thread per action opened; live for the action followed. */
  readonly chat: ChatModel;
  /** The action whose chat the drawer shows (opened from the actions list), or null. */
  readonly chatDrawer = new Store<string | null>(null);
  /** The console map: cases, teams, drill-down, selection. Loads when a map panel first shows. */
  readonly map: MapModel;
  /** The court drilled down to on the map (null: the caller's own): every panel narrows to its subtree. */
  readonly scope = new Store<string | null>(null);
  /** Centre view, UI scale, and the feeds the wall brings forward. */
  readonly layout: Layout;
  readonly sync = new Store<SyncState>({ kind: 'stale' });
  /** Bumped by every disconnect and resync: only the latest resync reports its end. */
  #generation = 0;
  /** The SFU: each wall tile consumes its feed through it. */
  readonly media: MediaClient;
  /** The last thing that happened to the media plane (a worker died and was replaced), for a banner. */
  readonly mediaNotice = new Store<MediaNotice | null>(null);

  /** `user`: who signed in (their own chat messages are not unread; their role decides whether the chat offers an input). */
  constructor(page: PageView = 'console', url?: string, user: { id: string; role: Role } | null = null) {
    this.layout = new Layout(page, { width: window.innerWidth, height: window.innerHeight });
    this.connection = connect({ client: 'console' }, url);
    this.dispatch = new DispatchModel(this.connection.socket);
    this.actions = new ActionsModel(this.connection.socket);
    // A console hears an action's chat:new only while it follows that action (its room).
    this.chat = new ChatModel(this.connection.socket, { selfUserId: user?.id ?? null, role: user?.role ?? null, isLive: (id) => this.actions.followed.get() === id });
    let followed = this.actions.followed.get();
    this.actions.followed.subscribe(() => {
      if (followed) this.chat.left(followed);
      followed = this.actions.followed.get();
      if (followed) this.chat.joined(followed);
    });
    this.media = new MediaClient(this.connection.socket);
    this.map = new MapModel({ socket: this.connection.socket, courts: this.courts, dispatch: this.dispatch, scope: this.scope });
    const { socket } = this.connection;
    // After every (re)connect: whatever moved while we were away (a server restart, a network cut).
    socket.on('session:ready', () => void this.resync());
    socket.on('disconnect', () => {
      this.#generation++;
      this.sync.set({ kind: 'stale' });
    });
    socket.on('terminals:list', (list) => this.terminals.set(list));
    socket.on('terminal:online', (t) =>
      this.terminals.update((list) => [...list.filter((x) => x.terminalId !== t.terminalId), t]),
    );
    socket.on('terminal:offline', ({ terminalId }) =>
      this.terminals.update((list) => list.filter((x) => x.terminalId !== terminalId)),
    );
    socket.on('feeds:list', (list) => this.feeds.set(list));
    socket.on('feed:added', (f) => this.feeds.update((list) => [...list.filter((x) => x.feedId !== f.feedId), f]));
    socket.on('feed:removed', ({ feedId }) => this.feeds.update((list) => list.filter((x) => x.feedId !== feedId)));
    socket.on('media:notice', (n) => this.mediaNotice.set(n));
  }

  /** Reads instructions, warnings, actions (following the followed one again) and teams from the server. */
  async resync(): Promise<void> {
    const generation = ++this.#generation;
    this.sync.set({ kind: 'syncing' });
    await Promise.all([this.dispatch.resync(), this.actions.resync()]);
    if (generation !== this.#generation) return;
    // After actions: the followed action's room is joined again first, so nothing falls between.
    void this.chat.resync();
    const states = [this.dispatch.teamsState, this.dispatch.instructionsState, this.dispatch.warningsState, this.actions.state];
    this.sync.set(states.some((s) => s.get().kind === 'error') ? { kind: 'partial' } : { kind: 'synced', at: Date.now() });
  }

  /** Replays every team of an action on the map (brought into view beside the wall when hidden). */
  showReplay(actionId: string): void {
    if (this.layout.page === 'console' && this.layout.centre.get() === 'wall') this.layout.setCentre('both');
    void this.map.replay.action(actionId);
  }

  close(): void {
    this.map.close();
    this.courts.stop();
    this.media.close();
    this.connection.close();
  }
}
