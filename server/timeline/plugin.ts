import fp from 'fastify-plugin';
import type { LiveFeed } from '../media/index.ts';
import { ActionEventLog, type NewActionEvent } from './ActionEventLog.ts';
import { planEntry } from './entries.ts';
import { createActionEventFanOut } from './handlers.ts';
import { registerTimelineRoutes } from './routes.ts';
import { SiteFences } from './SiteFences.ts';
import { TimelineQueries } from './TimelineQueries.ts';

declare module 'fastify' {
  interface FastifyInstance {
    actionEvents: ActionEventLog;
    timeline: TimelineQueries;
  }
}

/**
 * The action timeline (作战室; the only writer of `action_events`): geofence arrivals and departures
 * from the positions feature's fixes, feeds on and off from the media feature, who joins to watch
 * from the actions feature; each stored (crossings and watchers audited) and pushed as `action:event`;
 * GET /api/actions/:id/timeline reads everything that happened on an action from the store.
 */
export const timelinePlugin = fp(
  async (app) => {
    const db = app.store.db;
    const courts = () => app.courts;
    const log = new ActionEventLog({ db, clock: app.clock });
    const queries = new TimelineQueries({ db, courts, clock: app.clock });
    const fences = new SiteFences({ db, log, hysteresisM: app.settings.actions.geofenceHysteresisM, logger: app.log });
    app.decorate('actionEvents', log);
    app.decorate('timeline', queries);

    const fanOut = createActionEventFanOut(app.realtime.io, courts);
    log.on('recorded', fanOut);
    const record = (e: NewActionEvent) => {
      log.record(e).catch((err: unknown) => {
        // Once stopping, the feeds and watchers closing with the server are not recorded (the store is closing).
        if (!log.closed) app.log.error({ err, actionId: e.actionId, kind: e.kind }, 'action event not recorded');
      });
    };

    app.actions.on('updated', (view) => void fences.onAction(view));
    app.positions.on('fix', (teamId, fix) => fences.onFix(teamId, fix));
    await fences.load();

    app.actions.on('watch', (actionId, w, joined) => {
      const courtName = app.courts.get(w.courtId)?.shortName ?? w.courtId;
      record({
        actionId,
        kind: joined ? 'watch_join' : 'watch_leave',
        teamId: null,
        actor: { userId: w.userId, name: w.name },
        detail: { role: w.role, courtId: w.courtId, courtName },
        // Who watched an enforcement action live is an access record; leaving is kept in the timeline only.
        ...(joined ? { audit: { action: 'action.watch', actorUserId: w.userId, actorName: w.name } } : {}),
      });
    });
    const onFeed = (feed: LiveFeed, on: boolean) => {
      const i = feed.info;
      if (i.actionId === null) return;
      record({
        actionId: i.actionId,
        kind: on ? 'feed_on' : 'feed_off',
        teamId: i.teamId,
        actor: { userId: i.userId, name: i.officer },
        detail: { feedId: i.feedId, kind: i.kind, terminalId: i.terminalId, label: i.label, ...(i.talk ? { talk: i.talk } : {}) },
      });
    };
    app.media.on('feedopen', (feed) => onFeed(feed, true));
    app.media.on('feedclose', (feed) => onFeed(feed, false));

    // A saved plan version is its own record (action_plans): it is only announced here.
    app.actionPlans.on('saved', (actionId, courtId, v) => {
      fanOut({ actionId, actionCourtId: courtId, team: null, entry: planEntry(actionId, v.version, v.savedAt, { userId: v.authorUserId, name: v.authorName }) });
    });

    registerTimelineRoutes(app, queries);
    app.addHook('onClose', async () => log.close());
  },
  { name: 'timeline', dependencies: ['actions', 'positions', 'media', 'realtime', 'courts'] },
);
