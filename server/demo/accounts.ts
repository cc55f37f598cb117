// The demo province's users: one demo account per role, which the first start prints, and the
// ordinary staff of every court, which make the directory realistic but are not for logging in.
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import { ROLES, type Role } from '../../protocol/domain.ts';
import type { UserTable } from '../store/index.ts';
import type { DemoCourt } from './courts.ts';
import { DAY_MS } from './days.ts';
import type { DemoAccount, SeedOptions } from './generate.ts';
import { staffName } from './names.ts';
import { createRng, type Rng } from './rng.ts';

/** Where each demo account sits (DOMAIN.md: leaders and supervisors above, the center in the city). */
const DEMO_ACCOUNTS: Record<Role, { court: 'high' | 'city' | 'district'; title: string }> = {
  operator: { court: 'city', title: '值班员' },
  // The dispatcher commands the teams of its own court: an upper court supervises (actions.upperCourtsMayInstruct is off by default).
  dispatcher: { court: 'district', title: '调度员' },
  leader: { court: 'high', title: '执行局长' },
  field_officer: { court: 'district', title: '执行干警' },
  supervisor: { court: 'high', title: '执行局督办员' },
  sysadmin: { court: 'high', title: '系统管理员' },
  secadmin: { court: 'high', title: '安全管理员' },
  auditadmin: { court: 'high', title: '审计管理员' },
};

const PASSWORD_CHARS = [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'];

function demoPassword(rng: Rng): string {
  // Mixed classes so a password policy that wants letters and digits accepts it; no 0/O/1/l/I to misread.
  for (;;) {
    let p = '';
    for (let i = 0; i < 8; i++) p += rng.pick(PASSWORD_CHARS);
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && /[2-9]/.test(p)) return p;
  }
}

/** Bounded parallelism: scrypt runs on libuv's pool; more at once only queues and holds memory. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The users made so far, and how to add a staff member (the teams add their leaders). */
export interface DemoUsers {
  users: Insertable<UserTable>[];
  accounts: DemoAccount[];
  /** The demo account's user id, per role. */
  demoUserId: Map<Role, string>;
  /** Display names by user id: a team's leader is also one of its members. */
  displayName: Map<string, string>;
  /** Adds a staff account of `court` named `${prefix}.${divisionCode}.${n}`; returns its id. */
  addStaff(court: DemoCourt, role: Role, prefix: string, n: number): string;
}

/** The courts the demo accounts sit at. */
export interface DemoSeats {
  high: DemoCourt;
  city: DemoCourt;
  district: DemoCourt;
}

/**
 * One demo account per role (seeded passwords unless `randomPasswords`), then an operator for every
 * intermediate and basic court and a dispatcher for every intermediate one.
 */
export async function createUsers(
  courts: readonly DemoCourt[],
  seats: DemoSeats,
  seed: number,
  today: number,
  options: Pick<SeedOptions, 'hashPassword' | 'randomPasswords'>,
): Promise<DemoUsers> {
  const userRng = createRng(seed, 'users');
  const accountRng = createRng(seed, 'accounts');
  const osRng = createRng(randomBytes(4).readUInt32LE(0), 'accounts');
  const createdAt = new Date((today - 760) * DAY_MS + 60 * 60_000).toISOString();
  const users: Insertable<UserTable>[] = [];
  const accounts: DemoAccount[] = [];
  const demoUserId = new Map<Role, string>();
  const displayName = new Map<string, string>();
  for (const role of ROLES) {
    const where = DEMO_ACCOUNTS[role];
    const court = seats[where.court];
    const password = demoPassword(options.randomPasswords ? osRng : accountRng);
    const id = userRng.uuid();
    demoUserId.set(role, id);
    accounts.push({ username: `demo.${role}`, password, role, courtName: court.name });
    displayName.set(id, `演示·${where.title}`);
    users.push({ id, username: `demo.${role}`, display_name: `演示·${where.title}`, court_id: court.id, role, password_hash: '', locked_until: null, created_at: createdAt });
  }
  const hashes = await mapLimit(accounts, 4, (a) => options.hashPassword(a.password));
  hashes.forEach((h, i) => (users[i]!.password_hash = h));
  // The staff accounts make the directory realistic but are not for logging in: they share one hash of a
  // password drawn from the OS (never from the seed, never returned). One scrypt instead of ~450 keeps
  // the first start to seconds at production cost; a system admin sets real passwords when needed.
  const staffHash = await options.hashPassword(randomBytes(18).toString('base64url'));
  const addStaff = (court: DemoCourt, role: Role, prefix: string, n: number): string => {
    const id = userRng.uuid();
    const name = staffName(userRng);
    displayName.set(id, name);
    users.push({ id, username: `${prefix}.${court.divisionCode}.${n}`, display_name: name, court_id: court.id, role, password_hash: staffHash, locked_until: null, created_at: createdAt });
    return id;
  };
  for (const c of courts) {
    if (c.level === 'intermediate') {
      addStaff(c, 'operator', 'op', 1);
      addStaff(c, 'dispatcher', 'dp', 1);
    } else if (c.level === 'basic') {
      addStaff(c, 'operator', 'op', 1);
    }
  }
  return { users, accounts, demoUserId, displayName, addStaff };
}
