import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config/schema.ts';
import { ROOT_DIR } from '../config/load.ts';
import { loadRules, type Rules } from '../config/rules.ts';
import { registerAuditRoutes } from './audit/routes.ts';
import { AuthService } from './auth/AuthService.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { WorkCalendar } from './calendar/WorkCalendar.ts';
import { CaseQueries, type Assess } from './cases/CaseQueries.ts';
import { registerCaseRoutes } from './cases/routes.ts';
import { stageDueOn } from './cases/stageDeadline.ts';
import { todayInShanghai } from './clock.ts';
import { CourtTree } from './courts/CourtTree.ts';
import { registerCourtRoutes } from './courts/routes.ts';
import { seedDemoData, type SeedResult } from './demo/generate.ts';
import { registerAuthHooks } from './http/authHooks.ts';
import { assessRisk } from './risk/assessRisk.ts';
import { supervisionColour } from './supervision/supervisionClock.ts';
import { registerTeamRoutes } from './teams/routes.ts';
import { registerHealthRoutes } from './health/routes.ts';
import { registerErrorHandlers } from './http/errors.ts';
import { registerPages } from './http/pages.ts';
import { registerSecurityHeaders } from './http/security.ts';
import { registerValidation } from './http/validation.ts';
import { createDispatchHandlers } from './dispatch/handlers.ts';
import { InstructionService } from './dispatch/InstructionService.ts';
import { WarningService } from './dispatch/WarningService.ts';
import { createMediaHandlers } from './media/handlers.ts';
import { MediaService } from './media/MediaService.ts';
import { createPositionHandlers } from './positions/handlers.ts';
import { PositionHub } from './positions/PositionHub.ts';
import { Gateway } from './realtime/gateway.ts';
import { loggerOptions } from './logger.ts';
import { OverdueReassessor } from './risk/OverdueReassessor.ts';
import { AuditAnchors } from './audit/AuditAnchors.ts';
import { Store } from './store/Store.ts';
import { createTerminalHandlers } from './terminals/handlers.ts';
import { TerminalRegistry } from './terminals/TerminalRegistry.ts';
import { ActionService } from './actions/ActionService.ts';
import { createActionHandlers } from './actions/handlers.ts';
import { InstructionQueries } from './dispatch/InstructionQueries.ts';
import { joinBaseRooms } from './realtime/memberships.ts';
import { TeamDirectory } from './teams/TeamDirectory.ts';
import { rooms } from '../protocol/rooms.ts';

const VERSION: string = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;

export interface BuildAppOptions {
  config: Config;
  /** Where the built renderer lives; default dist/renderer. */
  rendererDir?: string;
  /** pino options or false; tests pass false. */
  logger?: boolean | { level: string };
  /** Domain rules; default loadRules() (config/rules.default.json or RULES_FILE). */
  rules?: Rules;
  /** Fill an empty database with the demo province (first start); default config.demo.seedOnFirstStart. */
  seedDemo?: boolean;
  /** Called with the demo accounts when seeding ran, so main can print them. */
  onSeeded?: (result: SeedResult) => void;
  /** Fills an empty database instead of the demo seeder (tests build their own small world). */
  populate?: (db: Store['db'], auth: AuthService) => Promise<void>;
  /** The clock of dispatch (ack windows, expiry); tests pass a fake one and call instructions.sweep(). */
  now?: () => Date;
}

/** The app and the services it owns; `app.close()` closes them all (sockets, workers, database). */
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
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    media: MediaService;
    gateway: Gateway;
  }
}

/**
 * Builds the whole server: store opened and migrated, mediasoup workers started, routes and socket
 * handlers registered. Never listens: main.ts does, tests call `app.listen({ port: 0 })` or `inject()`.
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

  const rules = opts.rules ?? loadRules();
  const calendar = new WorkCalendar(rules.calendar);
  const assess: Assess = (factors) => assessRisk(factors, rules.risk);
  const store = await Store.open({ dataDir: config.dataDir, databaseUrl: config.databaseUrl ?? undefined });
  const auth = new AuthService(store.db, config.auth);
  let media: MediaService;
  let courts: CourtTree;
  try {
    if (opts.populate && (await isEmpty(store))) await opts.populate(store.db, auth);
    else if ((opts.seedDemo ?? config.demo.seedOnFirstStart) && (await isEmpty(store))) {
      const result = await seedDemoData(store.db, {
        seed: config.demo.seed,
        cases: config.demo.cases,
        // The seed makes the province reproducible; passwords must not be: every install gets its own.
        randomPasswords: true,
        today: todayInShanghai(),
        hashPassword: (plain) => auth.hashPassword(plain),
        assess: (factors) => assessRisk(factors, rules.risk),
        stageDueOn: (stage, enteredOn, filedOn, track) => stageDueOn(stage, enteredOn, filedOn, track, calendar, rules.deadlines),
        onProgress: (done, total, what) => app.log.info({ done, total }, `演示数据 / demo data: ${what}`),
      });
      opts.onSeeded?.(result);
    }
    courts = await CourtTree.load(store.db);
    media = await MediaService.create(config.media, app.log);
  } catch (err) {
    await store.close();
    throw err;
  }
  const gateway = new Gateway(app.server, {
    trustedOrigins: config.server.trustedOrigins,
    logger: app.log,
    authenticate: (token) => auth.authenticate(token),
  });
  const positions = new PositionHub({
    db: store.db,
    courts: () => courts,
    config: config.positions,
    logger: app.log,
    isWatched: (courtId) => (gateway.io.sockets.adapter.rooms.get(rooms.court(courtId))?.size ?? 0) > 0,
  });
  app.decorate('store', store);
  app.decorate('media', media);
  app.decorate('gateway', gateway);

  // Close order: clients first (so no handler runs on a closing store), then media, then the store.
  app.addHook('preClose', async () => gateway.close());
  app.addHook('onClose', async () => {
    await media.close();
    await positions.close();
    await instructions.close();
    await reassessor.close();
    await anchors.close();
    await store.close();
  });

  registerErrorHandlers(app);
  registerValidation(app);
  await registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  registerAuthHooks(app, auth);
  registerHealthRoutes(app, { store, media, gateway, version: VERSION });
  const caseQueries = new CaseQueries(store.db, assess, (handedOverOn, today) => {
    // A hand-over recorded after today (a data-entry slip) shows as just started rather than failing the page.
    const s = supervisionColour(handedOverOn, handedOverOn > today ? handedOverOn : today, rules.supervision);
    return { colour: s.colour, elapsedDays: s.elapsedDays, pushedTo: s.pushedTo };
  });
  const courtTree = () => courts;
  registerAuthRoutes(app, {
    auth,
    courts: courtTree,
    disconnectSession: (sessionId) => gateway.io.in(rooms.session(sessionId)).disconnectSockets(true),
  });
  registerCourtRoutes(app, { courts: courtTree, cases: caseQueries });
  registerCaseRoutes(app, { db: store.db, courts: courtTree, cases: caseQueries, assess });
  registerTeamRoutes(app, { db: store.db, courts: courtTree });
  const anchors = new AuditAnchors({ db: store.db, file: path.join(config.dataDir, 'audit-anchors.jsonl'), logger: app.log });
  registerAuditRoutes(app, { db: store.db, anchors });
  await registerPages(app, opts.rendererDir ?? path.join(ROOT_DIR, 'dist', 'renderer'));

  const terminals = new TerminalRegistry(store.db);
  // User and court rooms first: every feature's handler relies on them.
  gateway.onConnection(joinBaseRooms);
  gateway.onConnection(createTerminalHandlers(gateway.io, terminals, courtTree, app.log));
  gateway.onConnection(createMediaHandlers(gateway.io, media, courtTree, app.log));

  const teams = new TeamDirectory(store.db);
  const warnings = new WarningService({ db: store.db, courts: courtTree, teams, now: opts.now });
  const instructions = new InstructionService({ db: store.db, courts: courtTree, warnings, teams, config: config.dispatch, logger: app.log, now: opts.now });
  const queries = new InstructionQueries({ db: store.db, courts: courtTree, teams, config: config.dispatch, now: opts.now });
  gateway.onConnection(createDispatchHandlers(gateway.io, { instructions, queries, teams, warnings, courts: courtTree }, app.log));
  instructions.start();
  gateway.onConnection(createPositionHandlers(gateway.io, positions, app.log));
  // A silent team on duty is a stored warning, not only a console banner.
  positions.on('lost', (lost) => {
    warnings.raiseTeamLost(lost).catch((err: unknown) => app.log.error({ err, teamId: lost.teamId }, 'team-lost warning not recorded'));
  });
  positions.start();
  // 节点超期 turns with the calendar: re-assessed now and every hour.
  const reassessor = new OverdueReassessor({
    db: store.db,
    assess: (factors) => assessRisk(factors, rules.risk),
    today: () => todayInShanghai(opts.now?.() ?? new Date()),
    logger: app.log,
  });
  reassessor.start();
  anchors.start();
  const actions = new ActionService({ db: store.db, courts: courtTree, now: opts.now });
  gateway.onConnection(createActionHandlers(gateway.io, { actions, teams, courts: courtTree, teamState: (id) => positions.state(id) }, app.log));

  return { app, store, media, gateway, auth, rules, positions, instructions, warnings, actions, reassessor, anchors };
}

async function isEmpty(store: Store): Promise<boolean> {
  const row = await store.db.selectFrom('courts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}
