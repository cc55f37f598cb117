import fp from 'fastify-plugin';
import { assessRisk } from '../risk/index.ts';
import { AuthService } from '../auth/index.ts';
import { WorkCalendar } from '../calendar/index.ts';
import { stageDueOn } from '../cases/index.ts';
import { todayInShanghai } from '../clock.ts';
import type { Store } from '../store/index.ts';
import { seedDemoData, type SeedResult } from './generate.ts';

export interface FirstStartOptions {
  /** Fill an empty database with the demo province (default config.demo.seedOnFirstStart). */
  seedDemo?: boolean;
  /** Called with the demo accounts when seeding ran, so main can print them. */
  onSeeded?: (result: SeedResult) => void;
  /** Fills an empty database instead of the demo seeder (tests build their own small world). */
  populate?: (db: Store['db'], auth: AuthService) => Promise<void>;
}

/**
 * The first start: an empty database is filled once, with the demo province (or, in tests, their
 * own world), before any feature reads it. The one place that writes every table: a seed, not a feature.
 */
export const firstStartPlugin = fp<FirstStartOptions>(
  async (app, o) => {
    const { store, settings: config, rules } = app;
    const row = await store.db.selectFrom('courts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) return;
    // Hashing only: the auth feature proper starts after the courts exist.
    const auth = new AuthService(store.db, config.auth);
    if (o.populate) {
      await o.populate(store.db, auth);
      return;
    }
    if (!(o.seedDemo ?? config.demo.seedOnFirstStart)) return;
    const calendar = new WorkCalendar(rules.calendar);
    const result = await seedDemoData(store.db, {
      seed: config.demo.seed,
      cases: config.demo.cases,
      // The seed makes the province reproducible; passwords must not be: every install gets its own.
      randomPasswords: true,
      today: todayInShanghai(app.clock),
      hashPassword: (plain) => auth.hashPassword(plain),
      assess: (factors) => assessRisk(factors, rules.risk),
      stageDueOn: (stage, enteredOn, filedOn, track) => stageDueOn(stage, enteredOn, filedOn, track, calendar, rules.deadlines),
      onProgress: (done, total, what) => app.log.info({ done, total }, `演示数据 / demo data: ${what}`),
    });
    o.onSeeded?.(result);
  },
  { name: 'first-start', dependencies: ['store'] },
);
