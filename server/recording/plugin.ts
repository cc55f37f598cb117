import path from 'node:path';
import fp from 'fastify-plugin';
import { PeriodicTask } from '../periodic.ts';
import { DiskWatch } from './DiskWatch.ts';
import { RecordingService } from './RecordingService.ts';
import { registerRecordingRoutes } from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    recordings: RecordingService;
  }
}

/**
 * Evidence recordings (执行过程记录; the only writer of `recordings` and `recording_gaps`): every
 * feed of an ongoing action is recorded from the SFU while it lives, each segment sealed with its
 * SHA-256 in the store and the audit chain; free disk is watched; consoles list, play (audited) and
 * re-verify recordings over REST.
 */
export const recordingPlugin = fp(
  async (app) => {
    const config = app.settings.recording;
    const dataDir = path.resolve(app.settings.dataDir);
    const recordings = new RecordingService({
      db: app.store.db,
      dataDir,
      config,
      courts: () => app.courts,
      actionOf: (actionId) => app.actions.target(actionId),
      clock: app.clock,
      logger: app.log,
    });
    app.decorate('recordings', recordings);

    // Segments a previous run left open (it stopped without sealing them) are sealed as they are.
    const recovered = await recordings.recover();
    if (recovered > 0) app.log.warn({ recovered }, '上次运行未封存的录像已补封 / recordings left open by the previous run sealed');

    // A push-to-talk is acknowledged to its speaker only once its recorder listens (MediaService.whenOpened).
    const starting = new Map<string, Promise<unknown>>();
    app.media.addOpenGate((feed) => starting.get(feed.info.feedId) ?? Promise.resolve());
    app.media.on('feedopen', (feed) => {
      const { feedId } = feed.info;
      const started = recordings.record(feed).catch((err: unknown) => app.log.error({ err, feedId }, '录像未能开始 / recording did not start'));
      starting.set(feedId, started);
      void started.finally(() => starting.delete(feedId));
    });
    app.media.on('feedclose', (feed) => {
      recordings.stop(feed.info.feedId).catch((err: unknown) => app.log.error({ err, feedId: feed.info.feedId }, '录像未能结束 / recording did not stop'));
    });

    const disk = new DiskWatch({
      db: app.store.db,
      warnings: app.warnings,
      dir: dataDir,
      minFreeBytes: config.minFreeBytes,
      minFreePercent: config.minFreePercent,
      courtsRecording: () => recordings.courtsRecording(),
      clock: app.clock,
    });
    const diskTask = new PeriodicTask({
      clock: app.clock,
      everyMs: config.diskCheckSeconds * 1000,
      run: () => disk.check(),
      logger: app.log,
      what: '磁盘空间检查失败 / disk space check failed',
      immediately: true,
    }).start();

    await registerRecordingRoutes(app, recordings);

    app.addHook('onClose', async () => {
      await diskTask.close();
      // Before the store closes: the last segments are sealed into it.
      await recordings.close();
    });
  },
  { name: 'recording', dependencies: ['media', 'actions', 'warnings', 'audit', 'courts'] },
);
