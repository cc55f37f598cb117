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
import { AcknowledgeWarning, ListWarnings, RaiseSos } from '../../protocol/warning.ts';
import { can, type Permission } from '../auth/permissions.ts';
import type { CourtTree } from '../courts/CourtTree.ts';
import { BadMessageError, ForbiddenError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { onQuery, onRequest } from '../realtime/handle.ts';
import type { AppServer, AppSocket } from '../realtime/types.ts';
import { courtAudience } from '../realtime/memberships.ts';
import type { TeamDirectory } from '../teams/TeamDirectory.ts';
import { actorOf } from './actor.ts';
import { roomCourts, viewForCourt, viewForTeam } from './fanout.ts';
import type { InstructionQueries } from './InstructionQueries.ts';
import type { InstructionService } from './InstructionService.ts';
import type { WarningService } from './WarningService.ts';

const isIssue = compileChecker(IssueInstruction);
const isStep = compileChecker(InstructionStep);
const isFeedback = compileChecker(InstructionFeedback);
const isRefuse = compileChecker(RefuseInstruction);
const isListInstructions = compileChecker(ListInstructions);
const isPhotoRequest = compileChecker(InstructionPhotoRequest);
const isListWarnings = compileChecker(ListWarnings);
const isAckWarning = compileChecker(AcknowledgeWarning);
const isSos = compileChecker(RaiseSos);

export interface DispatchHandlerDeps {
  instructions: InstructionService;
  queries: InstructionQueries;
  teams: TeamDirectory;
  warnings: WarningService;
  courts: () => CourtTree;
}

/**
 * Dispatch over Socket.IO: team rooms for the terminals of a team's officers (court and user rooms
 * are joined by joinBaseRooms), the fan-out of every announcement, and the request events, each
 * checked for client kind and role before it runs.
 */
export function createDispatchHandlers(io: AppServer, deps: DispatchHandlerDeps, logger: Logger) {
  const { instructions, queries, teams, warnings, courts } = deps;

  instructions.on('issued', (view) => {
    const tree = courts();
    for (const t of view.targets) io.to(rooms.team(t.teamId)).emit('instruction:new', viewForTeam(view, t.teamId));
    for (const c of roomCourts(tree, view.targets.map((t) => t.courtId))) io.to(rooms.court(c)).emit('instruction:updated', viewForCourt(tree, view, c));
  });
  instructions.on('updated', (view, teamIds) => {
    const tree = courts();
    const changed = view.targets.filter((t) => teamIds.includes(t.teamId));
    for (const t of changed) io.to(rooms.team(t.teamId)).emit('instruction:updated', viewForTeam(view, t.teamId));
    for (const c of roomCourts(tree, changed.map((t) => t.courtId))) io.to(rooms.court(c)).emit('instruction:updated', viewForCourt(tree, view, c));
  });
  // One emit to the union of rooms: a socket in several of them (a leader's console) hears it once.
  warnings.on('raised', (w, userIds) => {
    io.to([...courtAudience(courts(), w.courtId), ...userIds.map(rooms.user)]).emit('warning:raised', w);
  });
  warnings.on('updated', (w) => {
    io.to(courtAudience(courts(), w.courtId)).emit('warning:updated', w);
  });

  return async function onConnection(socket: AppSocket): Promise<void> {
    const { client, role, userId } = socket.data;
    const actor = actorOf(socket.data);
    const isTerminal = client === 'field' && can(role, 'field:report');

    const requireConsole = (permission: Permission, what: string) => {
      if (client !== 'console' || !can(role, permission)) {
        throw new ForbiddenError(`角色 ${role}（${client}）无权${what} / role ${role} on a ${client} client may not ${permission}`);
      }
    };
    const requireTerminal = (what: string) => {
      if (!isTerminal) throw new ForbiddenError(`只有外勤终端可以${what} / only a field officer's terminal may do this`);
    };

    // Memberships are read once per connection for the rooms; every step re-reads them to authorise.
    const teamIds = isTerminal ? (await teams.teamsOfConnection(socket, userId)).map((t) => t.id) : [];
    if (teamIds.length > 0) await socket.join(teamIds.map(rooms.team));

    onRequest(socket, logger, 'instruction:issue', isIssue, async (m) => {
      requireConsole('instructions:issue', '下达指令');
      return instructions.issue(actor, m);
    });
    onRequest(socket, logger, 'instruction:delivered', isStep, async (m) => {
      requireTerminal('确认送达');
      return instructions.delivered(actor, m);
    });
    onRequest(socket, logger, 'instruction:ack', isStep, async (m) => {
      requireTerminal('签收指令');
      return instructions.acknowledge(actor, m);
    });
    onRequest(socket, logger, 'instruction:feedback', isFeedback, async (m) => {
      requireTerminal('反馈指令');
      return instructions.feedback(actor, m);
    });
    onRequest(socket, logger, 'instruction:refuse', isRefuse, async (m) => {
      requireTerminal('拒收指令');
      return instructions.refuse(actor, m);
    });
    onRequest(socket, logger, 'instruction:list', isListInstructions, async (m) => {
      if (isTerminal) {
        if (m.before !== undefined) throw new BadMessageError('/before: a terminal pages its list with after (oldest first) / 终端按 after 翻页');
        return queries.listForTerminal(actor, m);
      }
      requireConsole('dispatch:read', '查看指令');
      if (m.after !== undefined) throw new BadMessageError('/after: a console pages its list with before (newest first) / 控制台按 before 翻页');
      return queries.listForConsole(actor, m);
    });
    onRequest(socket, logger, 'instruction:photo', isPhotoRequest, async (m) => {
      requireConsole('dispatch:read', '查看反馈照片');
      return queries.photo(actor, m);
    });
    onQuery(socket, logger, 'instruction:templates', async () => {
      requireConsole('instructions:issue', '查看指令模板');
      return instructions.templates();
    });
    onRequest(socket, logger, 'warning:list', isListWarnings, async (m) => {
      requireConsole('dispatch:read', '查看预警');
      return warnings.list(actor, m);
    });
    onRequest(socket, logger, 'warning:ack', isAckWarning, async (m) => {
      requireConsole('warnings:ack', '确认预警');
      return warnings.acknowledge(actor, m.warningId);
    });
    onRequest(socket, logger, 'sos:raise', isSos, async (m) => {
      requireTerminal('发出 SOS');
      return warnings.raiseSos(actor, m);
    });

    // At-least-once: whatever still waits for 签收 goes out again on every connection (before
    // session:ready, so a terminal listens for instruction:new from the moment it creates its socket).
    // The room was joined first, so an instruction issued meanwhile is sent twice, never missed.
    // Every one of them, oldest first, however many wait.
    if (teamIds.length > 0) {
      for await (const page of queries.awaitingAck(teamIds)) for (const view of page) socket.emit('instruction:new', view);
    }
  };
}
