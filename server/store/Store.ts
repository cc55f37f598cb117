import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { SqliteDialect } from 'kysely-sqlite';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface StoreOptions {
  /** Directory holding the SQLite file; created if missing. ':memory:' for a throw-away store. */
  dataDir: string;
}

/** The embedded store: one SQLite file in DATA_DIR, opened and migrated on start. */
export class Store {
  readonly db: Kysely<Database>;
  readonly file: string;
  #closed = false;

  private constructor(db: Kysely<Database>, file: string) {
    this.db = db;
    this.file = file;
  }

  /** Opens (creating if needed) the database file and applies pending migrations. */
  static async open(opts: StoreOptions): Promise<Store> {
    let file = ':memory:';
    if (opts.dataDir !== ':memory:') {
      mkdirSync(opts.dataDir, { recursive: true });
      file = path.join(opts.dataDir, 'command-center.sqlite');
    }
    const sqlite = new DatabaseSync(file);
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes in WAL mode.
    sqlite.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const store = new Store(db, file);
    try {
      await store.migrate();
    } catch (err) {
      await db.destroy();
      throw err;
    }
    return store;
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

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.db.destroy();
  }
}
