import { compileChecker } from '../../protocol/check.ts';
import {
  InstructionFeedback,
  InstructionPhotoRequest,
  InstructionStep,
  IssueInstruction,
  ListInstructions,
  RefuseInstruction,
} from '../../protocol/instruction.ts';
import { rooms } from '../../protocol/rooms.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { isTerminal, requireConsole, requireTerminal, onQuery, onRequest, audienceCourts, type Connection, type AppServer } from '../realtime/index.ts';
import { teamsOfConnection, type TeamDirectory } from '../teams/index.ts';
import { viewForCourt, viewForTeam } from './fanout.ts';
import type { InstructionQueries } from './InstructionQueries.ts';
import type { InstructionService } from './InstructionService.ts';

const isIssue = compileChecker(IssueInstruction);
const isStep = compileChecker(InstructionStep);
const isFeedback = compileChecker(InstructionFeedback);
const isRefuse = compileChecker(RefuseInstruction);
const isListInstructions = compileChecker(ListInstructions);
const isPhotoRequest = compileChecker(InstructionPhotoRequest);

export interface DispatchHandlerDeps {
  instructions: InstructionService;
  queries: InstructionQueries;
  teams: TeamDirectory;
  courts: () => CourtTree;
}

/**
 * Instructions over Socket.IO: team rooms for the terminals of a team's officers, the fan-out of
 * every announcement (each receiver sees only the targets it may), and the request events, each
 * checked for client kind and role before it runs.
 */
export function createDispatchHandlers(io: AppServer, deps: DispatchHandlerDeps, logger: Logger) {
  const { instructions, queries, teams, courts } = deps;

  instructions.on('issued', (view) => {
    const tree = courts();
    for (const t of view.targets) io.to(rooms.team(t.teamId)).emit('instruction:new', viewForTeam(view, t.teamId));
    for (const c of audienceCourts(tree, view.targets.map((t) => t.courtId))) io.to(rooms.court(c)).emit('instruction:updated', viewForCourt(tree, view, c));
  });
  instructions.on('updated', (view, teamIds) => {
    const tree = courts();
    const changed = view.targets.filter((t) => teamIds.includes(t.teamId));
    for (const t of changed) io.to(rooms.team(t.teamId)).emit('instruction:updated', viewForTeam(view, t.teamId));
    for (const c of audienceCourts(tree, changed.map((t) => t.courtId))) io.to(rooms.court(c)).emit('instruction:updated', viewForCourt(tree, view, c));
  });

  return async function onConnection(conn: Connection): Promise<void> {
    const { socket, actor } = conn;
    const terminal = isTerminal(conn);

    // Memberships are read once per connection for the rooms; every step re-reads them to authorise.
    const teamIds = terminal ? (await teamsOfConnection(conn, teams)).map((t) => t.id) : [];
    if (teamIds.length > 0) await conn.join(teamIds.map(rooms.team));

    onRequest(socket, logger, 'instruction:issue', isIssue, async (m) => {
      requireConsole(conn, 'instructions:issue', '下达指令');
      return instructions.issue(actor, m);
    });
    onRequest(socket, logger, 'instruction:delivered', isStep, async (m) => {
      requireTerminal(conn, '确认送达');
      return instructions.delivered(actor, m);
    });
    onRequest(socket, logger, 'instruction:ack', isStep, async (m) => {
      requireTerminal(conn, '签收指令');
      return instructions.acknowledge(actor, m);
    });
    onRequest(socket, logger, 'instruction:feedback', isFeedback, async (m) => {
      requireTerminal(conn, '反馈指令');
      return instructions.feedback(actor, m);
    });
    onRequest(socket, logger, 'instruction:refuse', isRefuse, async (m) => {
      requireTerminal(conn, '拒收指令');
      return instructions.refuse(actor, m);
    });
    onRequest(socket, logger, 'instruction:list', isListInstructions, async (m) => {
      if (terminal) {
        if (m.before !== undefined) throw new BadMessageError('/before: a terminal pages its list with after (oldest first) / 终端按 after 翻页');
        return queries.listForTerminal(actor, m);
      }
      requireConsole(conn, 'dispatch:read', '查看指令');
      if (m.after !== undefined) throw new BadMessageError('/after: a console pages its list with before (newest first) / 控制台按 before 翻页');
      return queries.listForConsole(actor, m);
    });
    onRequest(socket, logger, 'instruction:photo', isPhotoRequest, async (m) => {
      requireConsole(conn, 'dispatch:read', '查看反馈照片');
      return queries.photo(actor, m);
    });
    onQuery(socket, logger, 'instruction:templates', async () => {
      requireConsole(conn, 'instructions:issue', '查看指令模板');
      return instructions.templates();
    });

    // At-least-once: whatever still waits for 签收 goes out again on every connection (before
    // session:ready, so a terminal listens for instruction:new from the moment it creates its socket),
    // every one of it, oldest first, however many wait. The room was joined first, so an instruction
    // issued meanwhile is sent twice, never missed.
    if (teamIds.length > 0) {
      for await (const page of queries.awaitingAck(teamIds)) for (const view of page) socket.emit('instruction:new', view);
    }
  };
}
