import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, onTestFinished, test } from 'vitest';
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import { RISK_COLOURS } from '../../protocol/domain.ts';
import { migrationProvider } from '../../server/store/migrations/index.ts';
import type { CaseTable, CourtTable, Database } from '../../server/store/schema.ts';
import { Store } from '../../server/store/Store.ts';
import type { StoreDialect, StoreOptions } from '../../server/store/Store.ts';
import { postgresDatabases, postgresUnavailable } from '../support/postgres.ts';
import { skipTitle } from '../support/skip.ts';

type Court = Selectable<CourtTable>;
type Case = Selectable<CaseTable>;

/**
 * node:sqlite returns rows with a null prototype, pg returns plain objects: deepStrictEqual tells them
 * apart, so rows are compared as plain objects.
 */
function plain<T extends object>(row: T): T {
  return { ...row };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

// Coordinates with full double precision, money above 2^32 fen: both must come back exactly.
const COURTS: readonly Court[] = deepFreeze([
  { id: 'c-high', name: '浙江省高级人民法院', short_name: '浙江高院', level: 'high', parent_id: null, case_code: '浙', division_code: '330000', lng: 120.153576, lat: 30.287459 },
  { id: 'c-hz', name: '杭州市中级人民法院', short_name: '杭州中院', level: 'intermediate', parent_id: 'c-high', case_code: '浙01', division_code: '330100', lng: 120.2052342, lat: 30.2489634 },
  { id: 'c-sc', name: '杭州市上城区人民法院', short_name: '上城法院', level: 'basic', parent_id: 'c-hz', case_code: '浙0102', division_code: '330102', lng: 120.1693, lat: 30.2425 },
  { id: 'c-xh', name: '杭州市西湖区人民法院', short_name: '西湖法院', level: 'basic', parent_id: 'c-hz', case_code: '浙0106', division_code: '330106', lng: 120.130203, lat: 30.259324 },
] satisfies Insertable<CourtTable>[]);

/** 60 cases spread over the courts, colours and a 0.6° × 0.6° box; case numbers sort differently by code point than by natural order. */
function makeCases(): readonly Case[] {
  const cases: Case[] = [];
  const courts = COURTS.slice(1);
  for (let i = 0; i < 60; i++) {
    const court = courts[i % courts.length]!;
    // Mixed brackets and widths: a locale collation would order these unlike SQLite's binary order.
    const bracket = i % 5 === 0 ? ['（2023）', '）'] : i % 7 === 0 ? ['[2024]', ']'] : ['(2024)', ')'];
    cases.push({
      id: `case-${String(i).padStart(3, '0')}`,
      case_number: `${bracket[0]}${court.case_code}执${(i * 37) % 1000}号${i % 3 === 0 ? 'a' : 'B'}`,
      court_id: court.id,
      applicant: `申请人${i}`,
      respondent: `被执行人${i}`,
      amount_fen: 1_234_567_890_123 + i * 1_000_003,
      filed_on: `2024-0${(i % 9) + 1}-1${i % 10}`,
      track: i % 4 === 0 ? null : i % 2 === 0 ? 'simple' : 'complex',
      stage: 'asset_search',
      stage_entered_on: '2024-10-01',
      stage_due_on: i % 2 ? '2024-12-31' : null,
      handed_over_on: null,
      risk_factors: JSON.stringify(i % 3 ? ['violent_history'] : []),
      risk_colour: RISK_COLOURS[i % RISK_COLOURS.length]!,
      risk_reasons: '[]',
      colour_override: null,
      override_reason: null,
      tags: '["测试"]',
      lng: 119.9 + ((i * 7919) % 600) / 1000 + 0.000123456789,
      lat: 30.0 + ((i * 104_729) % 600) / 1000 + 0.000987654321,
      team_id: null,
      closed_on: null,
    });
  }
  return deepFreeze(cases);
}
const CASES = makeCases();

const FILTER = deepFreeze({ courts: ['c-sc', 'c-xh'], colour: 'red' as const, minLng: 120.0, maxLng: 120.45, minLat: 30.1, maxLat: 30.55 });

/** The reference answer, computed in JS: code-point order is what SQLite's BINARY collation gives. */
function expectedPage(limit: number, offset: number): Case[] {
  return CASES.filter(
    (c) =>
      FILTER.courts.includes(c.court_id) &&
      c.risk_colour === FILTER.colour &&
      c.lat >= FILTER.minLat && c.lat <= FILTER.maxLat &&
      c.lng >= FILTER.minLng && c.lng <= FILTER.maxLng,
  )
    .sort((a, b) => (Buffer.compare(Buffer.from(a.case_number), Buffer.from(b.case_number))))
    .slice(offset, offset + limit);
}

async function selectPage(store: Store, limit: number, offset: number): Promise<Case[]> {
  const rows = await store.db
    .selectFrom('cases')
    .selectAll()
    .where('court_id', 'in', FILTER.courts)
    .where('risk_colour', '=', FILTER.colour)
    .where('lat', '>=', FILTER.minLat)
    .where('lat', '<=', FILTER.maxLat)
    .where('lng', '>=', FILTER.minLng)
    .where('lng', '<=', FILTER.maxLng)
    .orderBy('case_number')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(plain);
}

async function seed(store: Store): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    // Parents first: courts reference each other.
    for (const court of COURTS) await trx.insertInto('courts').values(court).execute();
    await trx.insertInto('cases').values([...CASES]).execute();
  });
}

/** One engine under test: how to get an empty database, and how to reopen the same one. */
interface Target {
  name: string;
  dialect: StoreDialect;
  skip: string | false;
  /** Options for a brand-new, empty database. */
  fresh(): Promise<StoreOptions>;
  /** Options that reopen a database that survives close() (SQLite ':memory:' does not). */
  durable(): Promise<StoreOptions>;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const sqliteTarget: Target = {
  name: "SQLite (':memory:')",
  dialect: 'sqlite',
  skip: false,
  fresh: async () => ({ dataDir: ':memory:' }),
  durable: async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-store-'));
    tempDirs.push(dir);
    return { dataDir: dir };
  },
};

// One throw-away server for the file, started by the first test that needs it; each test gets its own database.
const postgresSkip = postgresUnavailable() ?? false;
const postgresDbs = postgresDatabases('t');
afterAll(() => postgresDbs.stop());
const freshPostgresDatabase = () => postgresDbs.fresh();
const postgresTarget: Target = {
  name: 'PostgreSQL',
  dialect: 'postgres',
  skip: postgresSkip,
  fresh: freshPostgresDatabase,
  durable: freshPostgresDatabase,
};

for (const target of [sqliteTarget, postgresTarget]) {
  describe.skipIf(target.skip)(skipTitle(`Store on ${target.name}`, target.skip), () => {
    async function open(opts?: StoreOptions): Promise<Store> {
      return Store.open(opts ?? (await target.fresh()));
    }

    test('Store.open() applies every migration to an empty database and reports its dialect', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      assert.equal(store.dialect, target.dialect);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
      assert.deepEqual(applied.rows.map((r) => r.name), Object.keys(await migrationProvider.getMigrations()).sort());
      const tables = new Set((await store.db.introspection.getTables()).map((tb) => tb.name));
      const expected: (keyof Database)[] = ['terminals', 'courts', 'users', 'sessions', 'teams', 'team_members', 'devices', 'cases', 'case_events', 'actions', 'action_teams', 'audit_log', 'instructions', 'instruction_targets', 'instruction_events', 'warnings'];
      for (const name of expected) assert.ok(tables.has(name), `table ${name} exists`);
    });

    test('Store.open() is idempotent: a second open of the same database migrates nothing and keeps rows', async () => {
      const opts = await target.durable();
      const first = await open(opts);
      await first.db.insertInto('courts').values(COURTS[0]!).execute();
      await first.migrate();
      await first.close();
      const second = await open(opts);
      onTestFinished(() => second.close());
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
      assert.equal(applied.rows.length, Object.keys(await migrationProvider.getMigrations()).length);
      assert.deepEqual((await second.db.selectFrom('courts').selectAll().execute()).map(plain), [COURTS[0]]);
    });

    test('a court and a case read back with JS types: numbers for bigint and doubles, strings for dates, null kept', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await seed(store);
      const court = await store.db.selectFrom('courts').selectAll().where('id', '=', 'c-hz').executeTakeFirstOrThrow();
      assert.deepEqual(plain(court), COURTS[1]);
      const row = await store.db.selectFrom('cases').selectAll().where('id', '=', 'case-004').executeTakeFirstOrThrow();
      assert.deepEqual(plain(row), CASES[4]);
      assert.equal(typeof row.amount_fen, 'number');
      assert.ok(row.amount_fen > 2 ** 32, 'amount_fen needs more than 32 bits');
      assert.equal(typeof row.lng, 'number');
      assert.equal(typeof row.lat, 'number');
      assert.equal(typeof row.filed_on, 'string');
      assert.equal(row.track, null);
    });

    test('count() and sum() over bigint come back as numbers', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await seed(store);
      const agg = await store.db
        .selectFrom('cases')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('total'), eb.fn.max('amount_fen').as('top')])
        .executeTakeFirstOrThrow();
      assert.deepEqual(plain(agg), {
        n: CASES.length,
        total: CASES.reduce((s, c) => s + c.amount_fen, 0),
        top: Math.max(...CASES.map((c) => c.amount_fen)),
      });
    });

    test('reading a bigint beyond 2^53 rejects instead of rounding', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await store.db.insertInto('courts').values(COURTS[0]!).execute();
      const huge = 2n ** 60n;
      await sql`insert into cases (id, case_number, court_id, applicant, respondent, amount_fen, filed_on, stage, stage_entered_on,
        risk_factors, risk_colour, risk_reasons, tags, lng, lat)
        values ('big', 'big', 'c-high', 'a', 'r', ${huge}, '2024-01-01', 'filing', '2024-01-01', '[]', 'green', '[]', '[]', 120, 30)`.execute(store.db);
      await assert.rejects(store.db.selectFrom('cases').select('amount_fen').execute(), RangeError);
    });

    test('db.transaction() leaves nothing behind when its callback throws', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      class Boom extends Error {}
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await trx.insertInto('courts').values(COURTS[0]!).execute();
          await trx.insertInto('cases').values({ ...CASES[0]!, court_id: 'c-high' }).execute();
          throw new Boom('abort');
        }),
        Boom,
      );
      assert.equal((await store.db.selectFrom('courts').select('id').execute()).length, 0);
      assert.equal((await store.db.selectFrom('cases').select('id').execute()).length, 0);
    });

    test('db.transaction() rolls back earlier writes when a later statement violates a constraint', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await trx.insertInto('courts').values(COURTS[0]!).execute();
          // Same unique case_code as the first court.
          await trx.insertInto('courts').values({ ...COURTS[1]!, case_code: COURTS[0]!.case_code }).execute();
        }),
      );
      assert.equal((await store.db.selectFrom('courts').select('id').execute()).length, 0);
    });

    test('a foreign key to a missing court is rejected', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await assert.rejects(store.db.insertInto('cases').values(CASES[0]!).execute());
    });

    test('a filtered, ordered, paginated case list returns exactly the reference rows', async () => {
      const store = await open();
      onTestFinished(() => store.close());
      await seed(store);
      const all = expectedPage(1_000, 0);
      assert.ok(all.length >= 6, `fixture gives ${all.length} matching rows; the pages below need at least 6`);
      assert.deepEqual(await selectPage(store, 1_000, 0), all);
      assert.deepEqual(await selectPage(store, 4, 2), expectedPage(4, 2));
      // Walking every page of 3 yields the whole list once, in order.
      const walked: Case[] = [];
      for (let offset = 0; offset <= all.length; offset += 3) walked.push(...(await selectPage(store, 3, offset)));
      assert.deepEqual(walked, all);
    });

    test('store.ping() is true while open and false after close(); close() twice is harmless', async () => {
      const store = await open();
      assert.equal(await store.ping(), true);
      await store.close();
      assert.equal(await store.ping(), false);
      await store.close();
    });
  });
}

test.skipIf(postgresSkip)(skipTitle('Store on PostgreSQL returns the same case page as Store on SQLite for the same data', postgresSkip), async () => {
  const lite = await Store.open({ dataDir: ':memory:' });
  onTestFinished(() => lite.close());
  const pgStore = await Store.open(await freshPostgresDatabase());
  onTestFinished(() => pgStore.close());
  assert.equal(pgStore.dialect, 'postgres');
  await seed(lite);
  await seed(pgStore);
  for (const [limit, offset] of [[100, 0], [5, 0], [5, 5], [2, 7]] as const) {
    assert.deepEqual(await selectPage(pgStore, limit, offset), await selectPage(lite, limit, offset));
  }
});

test('Store.open() rejects a databaseUrl that is not postgres:// with TypeError', async () => {
  await assert.rejects(Store.open({ dataDir: ':memory:', databaseUrl: 'mysql://127.0.0.1/x' }), TypeError);
  await assert.rejects(Store.open({ dataDir: ':memory:', databaseUrl: 'postgres://127.0.0.1/x', poolSize: 0 }), TypeError);
});
