import type { Kysely } from 'kysely';
import type { CaseStage, CaseTrack, RiskColour, RiskFactor, Role } from '../../protocol/domain.ts';
import type { Database } from '../store/index.ts';
import { createUsers } from './accounts.ts';
import { createActions } from './actions.ts';
import { completeCases, draftCases } from './cases.ts';
import { buildCourts, courtRow } from './courts.ts';
import { dayOf } from './days.ts';
import { insertBatches } from './insertBatches.ts';
import { prepareAreas } from './places.ts';
import { createTeams } from './teams.ts';
import { createTracks } from './tracks.ts';

// The demo province: real court names and county outlines, fictional cases and people. Everything is
// drawn from seeded streams (mulberry32, rng.ts), so one seed gives one data set on every machine; the
// only exception is the unreturned password of the ordinary users, which must not be guessable from the seed.

export interface SeedOptions {
  seed: number;
  /** How many cases; default 50,000. 0 gives courts, teams and accounts only. */
  cases?: number;
  /** Average number of field teams per basic court (larger courts get more); default 4. */
  teamsPerBasicCourt?: number;
  /** The day the data is "as of", 'YYYY-MM-DD': cases are filed in the two years before it. */
  today: string;
  hashPassword: (plain: string) => Promise<string>;
  /**
   * Draw the demo accounts' passwords from the OS instead of the seed. With a seed that ships in the
   * default config, seeded passwords are the same on every installation; default false (seeded).
   */
  randomPasswords?: boolean;
  /** The risk rules: factors → colour, with the reasons that explain it. */
  assess: (factors: RiskFactor[]) => { colour: RiskColour; reasons: unknown[] };
  /** The flow-node deadline of a stage entered on `enteredOn`, or null where the stage has none. */
  stageDueOn: (stage: CaseStage, enteredOn: string, filedOn: string, track: CaseTrack | null) => string | null;
  onProgress?: (done: number, total: number, what: string) => void;
}

/** A demo login, returned so that the first start can print it. */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  courtName: string;
}

export interface SeedResult {
  accounts: DemoAccount[];
  counts: { courts: number; users: number; teams: number; cases: number; caseEvents: number; actions: number };
}

/**
 * Fills an empty database with the demo province: 101 real courts of Zhejiang on their real counties,
 * ≥ 300 field teams, demo accounts (one per role), `cases` fictional cases with timelines, and a few
 * hundred planned or ongoing actions. Deterministic for a seed (apart from password salts).
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  const nCases = options.cases ?? 50_000;
  const teamsBase = options.teamsPerBasicCourt ?? 4;
  if (!Number.isInteger(nCases) || nCases < 0) throw new TypeError(`cases must be a non-negative integer, got ${nCases}`);
  if (!Number.isInteger(teamsBase) || teamsBase < 1) throw new TypeError(`teamsPerBasicCourt must be a positive integer, got ${teamsBase}`);
  const today = dayOf(options.today);
  const seed = options.seed >>> 0;
  const progress = options.onProgress;

  // --- courts, and the basic courts' counties where their cases lie
  const courts = buildCourts();
  const high = courts.find((c) => c.level === 'high')!;
  const areas = prepareAreas(courts, seed);
  const hangzhou = courts.find((c) => c.name === '杭州市中级人民法院');
  const xihu = courts.find((c) => c.name === '杭州市西湖区人民法院');
  if (!hangzhou || !xihu) throw new TypeError('the demo needs 杭州市中级人民法院 and 杭州市西湖区人民法院');

  // --- users: one demo account per role, plus the ordinary staff
  const users = await createUsers(courts, { high, city: hangzhou, district: xihu }, seed, today, options);
  // --- teams, members (each team led by a field officer with an account), devices
  const { teams, members, devices, teamsOfCourt } = createTeams({ seed, today, courts, areas, teamsBase, fieldOfficerCourt: xihu, users });
  // --- cases with their deadlines, risk and events
  const drafts = draftCases(seed, today, nCases, areas);
  const events = completeCases(drafts, seed, today, teamsOfCourt, options);
  // --- actions on active cases at the scene or at disposal
  const { actions, actionTeams } = createActions({ seed, today, nCases, drafts, teams, teamsOfCourt, courts, assess: options.assess });
  // --- the tracks of the teams on ongoing actions
  const tracks = createTracks({ seed, actions, actionTeams, teams, courts });

  // --- write, parents first (foreign keys are on)
  await insertBatches(db, 'courts', courts.map(courtRow), progress);
  await insertBatches(db, 'users', users.users, progress);
  await insertBatches(db, 'teams', teams, progress);
  await insertBatches(db, 'team_members', members, progress);
  await insertBatches(db, 'devices', devices, progress);
  await insertBatches(
    db,
    'cases',
    drafts.map((d) => d.row),
    progress,
  );
  await insertBatches(db, 'case_events', events, progress);
  await insertBatches(db, 'actions', actions, progress);
  await insertBatches(db, 'action_teams', actionTeams, progress);
  await insertBatches(db, 'team_positions', tracks, progress);

  return {
    accounts: users.accounts,
    counts: { courts: courts.length, users: users.users.length, teams: teams.length, cases: drafts.length, caseEvents: events.length, actions: actions.length },
  };
}
