import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { SqliteDialect } from 'kysely-sqlite';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

/** Which engine a Store talks to. */
export type StoreDialect = 'sqlite' | 'postgres';

export interface StoreOptions {
  /** Directory holding the SQLite file; created if missing. ':memory:' for a throw-away store. Unused with databaseUrl. */
  dataDir: string;
  /** postgres://user:pass@host:port/db: use PostgreSQL instead of the embedded SQLite file. */
  databaseUrl?: string | undefined;
  /** Most connections the PostgreSQL pool opens (default 10). */
  poolSize?: number | undefined;
}

const DEFAULT_POOL_SIZE = 10;

// pg's wire-format OIDs (pg_type.oid) of the types whose default parsing differs from SQLite's.
const INT8_OID = 20;
const FLOAT8_OID = 701;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 and numeric as strings (they can exceed 2^53). Our bigint columns are money in fen
 * and audit sequence numbers, far below 2^53, and SQLite returns them as numbers: parse to number so
 * rows look the same on both engines, and fail loudly (the query rejects) rather than round silently.
 * numeric is included because PostgreSQL's sum() over a bigint column returns numeric.
 */
function parsePortableNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
    throw new RangeError(`database value ${text} does not fit a JS number exactly`);
  }
  return n;
}

/** Type parsers for this Store's pool only: pg.types.setTypeParser would change every pg user in the process. */
const portableTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === INT8_OID || oid === NUMERIC_OID) return parsePortableNumber;
      // pg already parses float8 with parseFloat; pinned here so the contract does not rest on a default.
      if (oid === FLOAT8_OID) return parseFloat;
    }
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/**
 * The store: embedded SQLite (one file in DATA_DIR) by default, PostgreSQL when a databaseUrl is
 * given. Opened and migrated on start; the same migrations and queries run on both.
 */
export class Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The SQLite file (or ':memory:'); for PostgreSQL, the URL without its password. */
  readonly file: string;
  #closed = false;

  private constructor(db: Kysely<Database>, dialect: StoreDialect, file: string) {
    this.db = db;
    this.dialect = dialect;
    this.file = file;
  }

  /** Opens (creating if needed) the database and applies pending migrations. */
  static async open(opts: StoreOptions): Promise<Store> {
    const store = opts.databaseUrl ? Store.#openPostgres(opts.databaseUrl, opts.poolSize ?? DEFAULT_POOL_SIZE) : Store.#openSqlite(opts.dataDir);
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  static #openSqlite(dataDir: string): Store {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = path.join(dataDir, 'command-center.sqlite');
    }
    const sqlite = new DatabaseSync(file);
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes in WAL mode.
    sqlite.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    return new Store(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }), 'sqlite', file);
  }

  static #openPostgres(databaseUrl: string, poolSize: number): Store {
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new TypeError(`poolSize must be a positive integer, got ${poolSize}`);
    let url: URL;
    try {
      url = new URL(databaseUrl);
    } catch (err) {
      throw new TypeError('databaseUrl is not a URL', { cause: err });
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      throw new TypeError(`databaseUrl must start with postgres://, got ${url.protocol}//`);
    }
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: poolSize,
      types: portableTypes,
      // Every round trip has a deadline: a dead server fails the request instead of hanging it.
      connectionTimeoutMillis: 10_000,
    });
    // An idle client losing its server (restart, network) emits 'error' on the pool; unhandled, it
    // would crash the process. The pool already dropped that client and the next query reconnects.
    pool.on('error', () => {});
    url.password = '';
    return new Store(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres', url.toString());
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error) throw new Error(`数据库迁移失败 / migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
  }

  /** A cheap round trip for /api/health. */
  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      // A failing ping is the answer itself: health reports db 'error'.
      return false;
    }
  }

  /** Closes the SQLite file or ends the PostgreSQL pool; a second call does nothing. */
  /** True once close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}
