import type { Ack } from './errors.ts';
import type { ClientKind, TerminalInfo } from './terminal.ts';
import type { Role } from './domain.ts';
import type {
  CloseProducer,
  CloseTransport,
  ConnectTransport,
  Consume,
  ConsumerClosed,
  ConsumerLayers,
  ConsumerOptions,
  ConsumerRef,
  CreateTransport,
  FeedInfo,
  FeedScore,
  MediaNotice,
  MediaSetup,
  PreferLayers,
  Produce,
  TransportClosed,
  TransportOptions,
} from './media.ts';
import type {
  InstructionFeedback,
  InstructionPhotoRequest,
  InstructionStep,
  InstructionTemplate,
  InstructionView,
  IssueInstruction,
  IssueResult,
  ListInstructions,
  RefuseInstruction,
} from './instruction.ts';
import type { AcknowledgeWarning, ListWarnings, RaiseSos, SosResult, Warning } from './warning.ts';
import type { ActionView, AssignActionTeams, FollowAction, ListActions, SetActionStatus, TerminalContext } from './action.ts';
import type { PositionFrame, SetTeamStatus, TeamLost, TeamPosition, TeamUpdate } from './position.ts';
import type { ActionPlanAnswer, SaveActionPlan } from './plan.ts';
import type { ActionEventMessage } from './timeline.ts';
import type { ChatMessage, ChatPhotoRequest, ListChat, SendChat } from './chat.ts';

/** An acknowledgement callback: every client→server request gets exactly one answer. */
export type AckFn<T> = (answer: Ack<T>) => void;

/**
 * Client → server events. The payload types are what a *well-behaved* client sends; the server
 * checks every payload against its schema in protocol/ before use (Socket.IO's types are no validation).
 */
export interface ClientToServerEvents {
  'media:capabilities': (ack: AckFn<MediaSetup>) => void;
  'media:transport:create': (m: CreateTransport, ack: AckFn<TransportOptions>) => void;
  'media:transport:connect': (m: ConnectTransport, ack: AckFn<null>) => void;
  'media:transport:close': (m: CloseTransport, ack: AckFn<null>) => void;
  'media:produce': (m: Produce, ack: AckFn<{ feedId: string }>) => void;
  'media:producer:close': (m: CloseProducer, ack: AckFn<null>) => void;
  'media:consume': (m: Consume, ack: AckFn<ConsumerOptions>) => void;
  'media:consumer:resume': (m: ConsumerRef, ack: AckFn<null>) => void;
  'media:consumer:pause': (m: ConsumerRef, ack: AckFn<null>) => void;
  'media:consumer:close': (m: ConsumerRef, ack: AckFn<null>) => void;
  'media:consumer:keyframe': (m: ConsumerRef, ack: AckFn<null>) => void;
  'media:consumer:layers': (m: PreferLayers, ack: AckFn<null>) => void;
  /** Dispatch (docs/protocol.md has who may send each): consoles issue, terminals step through the states. */
  'instruction:issue': (m: IssueInstruction, ack: AckFn<IssueResult>) => void;
  'instruction:delivered': (m: InstructionStep, ack: AckFn<InstructionView>) => void;
  'instruction:ack': (m: InstructionStep, ack: AckFn<InstructionView>) => void;
  'instruction:feedback': (m: InstructionFeedback, ack: AckFn<InstructionView>) => void;
  'instruction:refuse': (m: RefuseInstruction, ack: AckFn<InstructionView>) => void;
  'instruction:list': (m: ListInstructions, ack: AckFn<InstructionView[]>) => void;
  'instruction:photo': (m: InstructionPhotoRequest, ack: AckFn<{ photo: string }>) => void;
  'instruction:templates': (ack: AckFn<InstructionTemplate[]>) => void;
  'warning:list': (m: ListWarnings, ack: AckFn<Warning[]>) => void;
  'warning:ack': (m: AcknowledgeWarning, ack: AckFn<Warning>) => void;
  'sos:raise': (m: RaiseSos, ack: AckFn<SosResult>) => void;
  /** Field only, ~1 Hz, no ack (a lost fix is replaced by the next); refusals come as 'error:message'. */
  'team:position': (m: TeamPosition) => void;
  'team:status': (m: SetTeamStatus, ack: AckFn<TeamUpdate>) => void;
  /** Enforcement actions, consoles only: list the branch's, follow one live (its room), assign teams, start/finish. */
  'action:list': (m: ListActions, ack: AckFn<ActionView[]>) => void;
  'action:follow': (m: FollowAction, ack: AckFn<ActionView>) => void;
  'action:unfollow': (m: FollowAction, ack: AckFn<null>) => void;
  'action:assign': (m: AssignActionTeams, ack: AckFn<ActionView>) => void;
  'action:status': (m: SetActionStatus, ack: AckFn<ActionView>) => void;
  /** A new version of the plan (预案) of a planned action; refused once it started (frozen). */
  'action:plan:save': (m: SaveActionPlan, ack: AckFn<ActionPlanAnswer>) => void;
  /** Action chat (一案一群): the terminals of the action's teams and consoles (dispatch:read) of its court and above. */
  'chat:send': (m: SendChat, ack: AckFn<ChatMessage>) => void;
  'chat:list': (m: ListChat, ack: AckFn<ChatMessage[]>) => void;
  'chat:photo': (m: ChatPhotoRequest, ack: AckFn<{ photo: string }>) => void;
}

/** Server → client events. */
export interface ServerToClientEvents {
  /** Sent once after connecting: who the server thinks this socket is. */
  'session:ready': (m: { client: ClientKind; terminalId: string | null; serverTime: string }) => void;
  /** To consoles: the full list on connect, then one event per change. */
  'terminals:list': (m: TerminalInfo[]) => void;
  'terminal:online': (m: TerminalInfo) => void;
  'terminal:offline': (m: { terminalId: string }) => void;
  'feeds:list': (m: FeedInfo[]) => void;
  'feed:added': (m: FeedInfo) => void;
  'feed:removed': (m: { feedId: string }) => void;
  /** Media plane news to the one socket concerned (docs/protocol.md "Media"). */
  'media:layers': (m: ConsumerLayers) => void;
  'media:consumer:closed': (m: ConsumerClosed) => void;
  'media:transport:closed': (m: TransportClosed) => void;
  'media:score': (m: FeedScore) => void;
  'media:notice': (m: MediaNotice) => void;
  /** Push-to-talk: to the terminals of the teams spoken to and the consoles following the action. */
  'talk:started': (m: FeedInfo) => void;
  'talk:ended': (m: { feedId: string; actionId: string }) => void;
  /** To the terminals of a targeted team (team room), also replayed to a terminal when it connects: drop duplicates by id. */
  'instruction:new': (m: InstructionView) => void;
  /** To consoles that may see a target (court rooms), and to the targeted team's terminals, after every step. */
  'instruction:updated': (m: InstructionView) => void;
  /** To consoles whose court may see the warning; escalations also to the team leader's sockets. */
  'warning:raised': (m: Warning) => void;
  'warning:updated': (m: Warning) => void;
  /** A request that could not be answered by an ack (no callback given, or not an object). */
  'error:message': (m: { event: string; code: 'ERR_BAD_MESSAGE' | 'ERR_FORBIDDEN'; message: string }) => void;
  /** To consoles of a court room: team positions, batched every 100 ms, volatile. */
  positions: (m: PositionFrame) => void;
  'team:updated': (m: TeamUpdate) => void;
  'team:lost': (m: TeamLost) => void;
  /** To the action's room and the consoles of its court and above: teams, status or watchers changed. */
  'action:updated': (m: ActionView) => void;
  /** To the consoles of the action's court and above (an arrival or departure also to the team's terminals): a timeline entry added live. */
  'action:event': (m: ActionEventMessage) => void;
  /** To a field terminal, on connect (before session:ready) and when its team's actions change: its teams and their open actions. */
  'terminal:context': (m: TerminalContext) => void;
  /** To the action's room: a message was stored. Not replayed: clients ask chat:list { after } on every session:ready; drop duplicates by id. */
  'chat:new': (m: ChatMessage) => void;
}

/** Events between server processes: none, the server is one process. */
export type InterServerEvents = Record<string, never>;

/** What the gateway's handshake middleware puts on `socket.data`. */
export interface SocketData {
  client: ClientKind;
  userId: string;
  username: string;
  /** The name screens show (users.display_name at sign-in). */
  displayName: string;
  role: Role;
  courtId: string;
  sessionId: string;
  /** Set for field terminals. */
  terminalId: string | null;
  label: string;
}
