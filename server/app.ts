import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import { ROOT_DIR } from '../config/load.ts';
import { loadRules, type Rules } from '../config/rules.ts';
import { actionsPlugin } from './actions/plugin.ts';
import type { ActionService } from './actions/ActionService.ts';
import { auditPlugin } from './audit/plugin.ts';
import type { AuditAnchors } from './audit/AuditAnchors.ts';
import { authPlugin } from './auth/plugin.ts';
import type { AuthService } from './auth/AuthService.ts';
import { casesPlugin } from './cases/plugin.ts';
import { chatPlugin } from './chat/plugin.ts';
import type { ChatService } from './chat/ChatService.ts';
import type { OverdueReassessor } from './cases/OverdueReassessor.ts';
import { systemClock, type Clock } from './clock.ts';
import { corePlugin } from './core.ts';
import { courtsPlugin } from './courts/plugin.ts';
import { firstStartPlugin, type FirstStartOptions } from './demo/plugin.ts';
import { dispatchPlugin } from './dispatch/plugin.ts';
import type { InstructionService } from './dispatch/InstructionService.ts';
import { healthPlugin } from './health/plugin.ts';
import { pagesPlugin } from './http/pagesPlugin.ts';
import { loggerOptions } from './logger.ts';
import { mapPlugin } from './map/plugin.ts';
import { mediaPlugin } from './media/plugin.ts';
import type { MediaService } from './media/MediaService.ts';
import { positionsPlugin } from './positions/plugin.ts';
import type { PositionHub } from './positions/PositionHub.ts';
import type { Gateway } from './realtime/gateway.ts';
import { realtimePlugin } from './realtime/plugin.ts';
import { recordingPlugin } from './recording/plugin.ts';
import { reportPlugin } from './report/plugin.ts';
import type { RecordingService } from './recording/RecordingService.ts';
import { storePlugin } from './store/plugin.ts';
import type { Store } from './store/Store.ts';
import { teamsPlugin } from './teams/plugin.ts';
import { timelinePlugin } from './timeline/plugin.ts';
import { terminalsPlugin } from './terminals/plugin.ts';
import { warningsPlugin } from './warnings/plugin.ts';
import type { WarningService } from './warnings/WarningService.ts';

const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

export interface BuildAppOptions extends FirstStartOptions {
  config: Config;
  /** Where the built renderer lives; default dist/renderer. */
  rendererDir?: string;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
  /** Domain rules; default loadRules() (config/rules.default.json or RULES_FILE). */
  rules?: Rules;
  /** The one clock of every feature; tests pass a ManualClock (default the system's). */
  clock?: Clock;
  /** Features registered after the product's own (tests: a feature that fails half-way through start-up). */
  extraFeatures?: FastifyPluginAsync[];
}

/** The app and the services its features decorate it with; `app.close()` closes them all (sockets, workers, database). */
export interface App {
  app: FastifyInstance;
  store: Store;
  media: MediaService;
  gateway: Gateway;
  auth: AuthService;
  rules: Rules;
  instructions: InstructionService;
  warnings: WarningService;
  actions: ActionService;
  reassessor: OverdueReassessor;
  anchors: AuditAnchors;
  positions: PositionHub;
  recordings: RecordingService;
  chat: ChatService;
}

/**
 * Builds the whole server as its list of features, in dependency order: each a Fastify plugin that
 * owns its tables, routes, socket handlers and timers. Never listens: main.ts does, tests call
 * `app.listen({ port: 0 })` or `inject()`. A failure half-way through start-up closes what was
 * already opened (workers, database) before it is thrown.
 */
export async function buildApp(opts: BuildAppOptions): Promise<App> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(config),
    // Consoles keep websockets open for hours; a stuck client must not hold shutdown forever.
    forceCloseConnections: true,
    return503OnClosing: true,
    // One line per request drowns the operational log of a server polled all day by health checks.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  try {
    await app.register(corePlugin, { config, rules: opts.rules ?? loadRules(), clock: opts.clock ?? systemClock });
    await app.register(storePlugin);
    await app.register(firstStartPlugin, { seedDemo: opts.seedDemo, onSeeded: opts.onSeeded, populate: opts.populate });
    await app.register(courtsPlugin);
    await app.register(auditPlugin);
    await app.register(authPlugin);
    await app.register(realtimePlugin);
    await app.register(terminalsPlugin);
    await app.register(teamsPlugin);
    await app.register(casesPlugin);
    await app.register(mapPlugin);
    await app.register(positionsPlugin);
    await app.register(actionsPlugin);
    await app.register(warningsPlugin);
    await app.register(mediaPlugin);
    await app.register(recordingPlugin);
    await app.register(timelinePlugin);
    await app.register(dispatchPlugin);
    await app.register(chatPlugin);
    await app.register(reportPlugin);
    await app.register(healthPlugin, { version: VERSION });
    await app.register(pagesPlugin, { rendererDir: opts.rendererDir ?? path.join(ROOT_DIR, 'dist', 'renderer') });
    for (const feature of opts.extraFeatures ?? []) await app.register(feature);
    await app.ready();
  } catch (err) {
    await app.close().catch((closeErr: unknown) => app.log.error({ err: closeErr }, 'closing after a failed start failed'));
    throw err;
  }

  return {
    app,
    store: app.store,
    media: app.media,
    gateway: app.realtime,
    auth: app.auth,
    rules: app.rules,
    instructions: app.instructions,
    warnings: app.warnings,
    actions: app.actions,
    reassessor: app.reassessor,
    anchors: app.auditAnchors,
    positions: app.positions,
    recordings: app.recordings,
    chat: app.chat,
  };
}
