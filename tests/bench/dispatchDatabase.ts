// The `dispatch` benchmark's database: field officers each in a team of their own, and dispatchers
// at the high court, built once and copied for every run.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../config/load.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { buildCourts } from '../../server/demo/courts.ts';
import { Store } from '../../server/store/Store.ts';

/** Every bench account's password. */
export const PASSWORD = 'bench-password-不要用于生产';

/** A bench team: its one officer's username and where the team starts. */
export interface BenchTeam {
  teamId: string;
  username: string;
  lng: number;
  lat: number;
}

/**
 * A database with `terminals` field officers, each the one member of its own team, spread over
 * the basic courts of the demo province, plus `consoles` dispatchers at the high court. Built
 * directly (one shared password hash) once into .cache/bench, and copied for every run: a run
 * leaves sessions, audit entries and unsigned instructions behind, and the next one must not start
 * by escalating them.
 */
export async function prepareDatabase(terminals: number, consoles: number): Promise<{ dataDir: string; teams: BenchTeam[]; consoleUsers: string[] }> {
  const base = path.join(ROOT_DIR, '.cache', 'bench', `dispatch-${terminals}-${consoles}`);
  const template = path.join(base, 'template');
  const dataDir = path.join(base, 'run');
  const manifest = path.join(base, 'bench-teams.json');
  if (!existsSync(manifest)) {
    rmSync(template, { recursive: true, force: true });
    await buildDatabase(template, manifest, terminals, consoles);
  }
  const saved: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!isManifest(saved)) throw new Error(`${manifest} is not a bench manifest: delete ${base}`);
  rmSync(dataDir, { recursive: true, force: true });
  cpSync(template, dataDir, { recursive: true });
  return { dataDir, ...saved };
}

async function buildDatabase(dataDir: string, manifest: string, terminals: number, consoles: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const store = await Store.open({ dataDir });
  try {
    process.stderr.write(`bench dispatch: 正在建库，${terminals} 个外勤组和警员 / building ${terminals} teams and officers into ${dataDir}…\n`);
    const courts = buildCourts();
    const basics = courts.filter((c) => c.level === 'basic');
    const high = courts.find((c) => c.level === 'high');
    if (!high || basics.length === 0) throw new Error('demo courts incomplete');
    const hash = await hashPassword(PASSWORD, 1024);
    const createdAt = new Date().toISOString();
    await store.db.transaction().execute(async (trx) => {
      for (const c of courts) {
        await trx
          .insertInto('courts')
          .values({ id: c.id, name: c.name, short_name: c.shortName, level: c.level, parent_id: c.parentId, case_code: c.caseCode, division_code: c.divisionCode, lng: c.lng, lat: c.lat })
          .execute();
      }
    });
    const teams: BenchTeam[] = [];
    const users: { id: string; username: string; court: string; role: 'field_officer' | 'dispatcher' }[] = [];
    const teamRows: { id: string; court_id: string; name: string }[] = [];
    const members: { team_id: string; user_id: string; name: string }[] = [];
    for (let i = 0; i < terminals; i++) {
      const court = basics[i % basics.length] as (typeof basics)[number];
      const teamId = randomUUID();
      const userId = randomUUID();
      const username = `bench.t${i}`;
      users.push({ id: userId, username, court: court.id, role: 'field_officer' });
      teamRows.push({ id: teamId, court_id: court.id, name: `压测${i}组` });
      members.push({ team_id: teamId, user_id: userId, name: username });
      teams.push({ teamId, username, lng: court.lng + (Math.random() - 0.5) * 0.05, lat: court.lat + (Math.random() - 0.5) * 0.05 });
    }
    const consoleUsers = Array.from({ length: consoles }, (_, i) => `bench.c${i}`);
    for (const username of consoleUsers) users.push({ id: randomUUID(), username, court: high.id, role: 'dispatcher' });
    const BATCH = 500;
    await store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < users.length; i += BATCH) {
        await trx
          .insertInto('users')
          .values(
            users.slice(i, i + BATCH).map((u) => ({
              id: u.id,
              username: u.username,
              display_name: u.username,
              court_id: u.court,
              role: u.role,
              password_hash: hash,
              locked_until: null,
              created_at: createdAt,
            })),
          )
          .execute();
      }
      for (let i = 0; i < teamRows.length; i += BATCH) {
        await trx
          .insertInto('teams')
          .values(teamRows.slice(i, i + BATCH).map((t) => ({ ...t, leader_user_id: null, vehicle: null, status: 'idle' as const, last_lng: null, last_lat: null, last_position_at: null })))
          .execute();
      }
      for (let i = 0; i < members.length; i += BATCH) {
        await trx
          .insertInto('team_members')
          .values(members.slice(i, i + BATCH).map((m) => ({ ...m, duty: 'police' })))
          .execute();
      }
    });
    writeFileSync(manifest, JSON.stringify({ teams, consoleUsers }));
  } finally {
    await store.close();
  }
}

function isManifest(v: unknown): v is { teams: BenchTeam[]; consoleUsers: string[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { teams?: unknown }).teams) && Array.isArray((v as { consoleUsers?: unknown }).consoleUsers);
}
