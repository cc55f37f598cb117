import type { FeedInfo } from '../../protocol/media.ts';
import { rooms } from '../../protocol/rooms.ts';
import type { ActionService } from '../actions/index.ts';
import { can, type Actor } from '../auth/index.ts';
import type { CourtTree } from '../courts/index.ts';
import { BadMessageError, ForbiddenError, InvalidStateError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AppServer } from '../realtime/index.ts';
import type { FeedOwner, LiveFeed } from './Feed.ts';

/**
 * Push-to-talk (喊话/对讲) in an ongoing action's media room. A dispatcher or leader who may see the
 * action speaks to one of its teams or to all of them; an officer of the action answers to the
 * consoles following it. Each talk is one audio feed, from the press to the release, so each is
 * recorded (and hashed) on its own. `talk:started` / `talk:ended` tell exactly its listeners.
 */
export function createTalk(io: AppServer, actions: ActionService, courts: () => CourtTree, logger: Logger) {
  /** The teams that may hear each live talk (its consumers are checked against it). */
  const audience = new Map<string, ReadonlySet<string>>();

  /** Where a console's talk goes and how it is labelled; refused unless it may command this ongoing action. */
  async function consolePlacement(actor: Actor, socketId: string, actionId: string | undefined): Promise<{ roomId: `action:${string}`; owner: FeedOwner }> {
    if (!can(actor.role, 'media:talk')) throw new ForbiddenError('只有调度员和领导可以喊话 / only a dispatcher or leader may talk to the field');
    if (actionId === undefined) throw new BadMessageError('actionId: a console talks within an action');
    const view = await actions.get(actor, actionId);
    if (view.status !== 'ongoing') throw new InvalidStateError(`行动未在进行中，不能喊话 / action ${actionId} is ${view.status}`);
    const owner: FeedOwner = {
      terminalId: socketId.replace(/[^A-Za-z0-9_-]/g, '_'),
      label: '指挥中心',
      userId: actor.userId,
      officer: actor.name,
      courtId: actor.courtId,
      courtName: courts().get(actor.courtId)?.shortName ?? actor.courtId,
      teamId: null,
      teamName: null,
      actionId,
      caseNumber: view.caseNumber,
    };
    return { roomId: `action:${actionId}`, owner };
  }

  /** Whether a terminal of `teamIds` may consume this feed: a talk addressed to one of its teams. */
  function mayHear(info: FeedInfo, teamIds: ReadonlySet<string>): boolean {
    const heard = audience.get(info.feedId);
    return heard !== undefined && [...teamIds].some((t) => heard.has(t));
  }

  async function opened(feed: LiveFeed): Promise<void> {
    const { info } = feed;
    if (!info.talk || info.actionId === null) return;
    const target = await actions.target(info.actionId);
    if (!target) return;
    const all = target.teamIds;
    const heard = info.talk.from === 'field' ? [] : info.talk.toTeamId === null ? all : all.filter((t) => t === info.talk?.toTeamId);
    audience.set(info.feedId, new Set(heard));
    // The action's room holds its teams' terminals and the consoles following it: leave out the teams not spoken to.
    const others = all.filter((t) => !heard.includes(t)).map(rooms.team);
    io.to(rooms.action(info.actionId)).except(others).emit('talk:started', info);
  }

  return {
    consolePlacement,
    mayHear,
    onFeedOpen(feed: LiveFeed): void {
      opened(feed).catch((err: unknown) => logger.error({ err, feedId: feed.info.feedId }, 'talk not announced'));
    },
    onFeedClose(feed: LiveFeed): void {
      const { info } = feed;
      if (!info.talk || info.actionId === null) return;
      audience.delete(info.feedId);
      io.to(rooms.action(info.actionId)).emit('talk:ended', { feedId: info.feedId, actionId: info.actionId });
    },
  };
}
