import { EventEmitter } from 'node:events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../protocol/domain.ts';
import { AuditLog } from '../audit/index.ts';
import { DispatchError } from '../errors.ts';
import { dateOf, isoOf, systemClock, type Clock } from '../clock.ts';
import type { Database } from '../store/index.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';

export interface AuthOptions {
  sessionHours: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  scryptCost: number;
}

/** The signed-in user as every handler sees it. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  courtId: string;
  /** SHA-256 of the session token: names the session's sockets room, never the token itself. */
  sessionId: string;
}

export class UnauthenticatedError extends DispatchError {
  constructor(message = '未登录或会话已失效 / not signed in or session expired') {
    super('ERR_UNAUTHENTICATED', message, 401);
  }
}

/** Same answer for an unknown user and a wrong password, so the login form does not reveal accounts. */
export class LoginFailedError extends DispatchError {
  constructor() {
    super('ERR_UNAUTHENTICATED', '用户名或密码错误 / wrong username or password', 401);
  }
}

export class AccountLockedError extends DispatchError {
  readonly lockedUntil: string;
  constructor(lockedUntil: string) {
    super('ERR_ACCOUNT_LOCKED', `账号已锁定至 ${lockedUntil} / account locked until ${lockedUntil}`, 423);
    this.lockedUntil = lockedUntil;
  }
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Passwords, sessions and lockout. Every login attempt is audited in its own transaction. */
// A console polls and queries many times a second; a revoked session is dropped from the cache at
// once (logout), and an expired one at most this long after it expired.
const SESSION_CACHE_MS = 5_000;

export interface AuthServiceEvents {
  /** A session was revoked (logout): its sockets must go too. */
  'session-ended': [sessionId: string];
}

export class AuthService extends EventEmitter<AuthServiceEvents> {
  readonly #db: Kysely<Database>;
  readonly #opts: AuthOptions;
  readonly #cache = new Map<string, { principal: Principal; expiresAt: string; cachedUntil: number }>();

  readonly #clock: Clock;

  constructor(db: Kysely<Database>, opts: AuthOptions, clock: Clock = systemClock) {
    super();
    this.#db = db;
    this.#opts = opts;
    this.#clock = clock;
  }

  hashPassword(plain: string): Promise<string> {
    return hashPassword(plain, this.#opts.scryptCost);
  }

  /**
   * Checks the password and opens a session. After maxFailedLogins failures in a row the account
   * locks for lockoutMinutes; a locked account is refused even with the right password.
   */
  async login(username: string, password: string, ip: string | null, now = dateOf(this.#clock)): Promise<{ token: string; principal: Principal; expiresAt: string }> {
    const user = await this.#db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    // Hash even for unknown users: the answer takes as long either way.
    const matches = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    const nowIso = now.toISOString();

    if (!user || user.disabled) {
      await this.#db.transaction().execute((trx) =>
        AuditLog.append(trx, { actorUserId: null, actorName: username, courtId: null, action: 'auth.login-failed', detail: { reason: 'unknown-user' }, ip }, now),
      );
      throw new LoginFailedError();
    }
    if (user.locked_until && user.locked_until > nowIso) {
      await this.#db.transaction().execute((trx) =>
        AuditLog.append(trx, { actorUserId: user.id, actorName: user.username, courtId: user.court_id, action: 'auth.login-failed', detail: { reason: 'locked' }, ip }, now),
      );
      throw new AccountLockedError(user.locked_until);
    }
    if (!matches) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.#opts.maxFailedLogins;
      const lockedUntil = lock ? new Date(now.getTime() + this.#opts.lockoutMinutes * 60_000).toISOString() : null;
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ failed_logins: lock ? 0 : failures, locked_until: lockedUntil })
          .where('id', '=', user.id)
          .execute();
        await AuditLog.append(
          trx,
          { actorUserId: user.id, actorName: user.username, courtId: user.court_id, action: lock ? 'auth.locked' : 'auth.login-failed', detail: { failures }, ip },
          now,
        );
      });
      if (lock && lockedUntil) throw new AccountLockedError(lockedUntil);
      throw new LoginFailedError();
    }

    const token = randomBytes(32).toString('base64url');
    const sessionId = tokenHash(token);
    const expiresAt = new Date(now.getTime() + this.#opts.sessionHours * 3_600_000).toISOString();
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await trx
        .insertInto('sessions')
        .values({ token_hash: sessionId, user_id: user.id, created_at: nowIso, expires_at: expiresAt, revoked_at: null })
        .execute();
      await AuditLog.append(trx, { actorUserId: user.id, actorName: user.username, courtId: user.court_id, action: 'auth.login', ip }, now);
    });
    return {
      token,
      expiresAt,
      principal: { userId: user.id, username: user.username, displayName: user.display_name, role: user.role, courtId: user.court_id, sessionId },
    };
  }

  /** The principal of a live session token, or throws UnauthenticatedError. */
  async authenticate(token: string | undefined, now = dateOf(this.#clock)): Promise<Principal> {
    if (!token || token.length > 128) throw new UnauthenticatedError();
    const sessionId = tokenHash(token);
    const cached = this.#cache.get(sessionId);
    if (cached && cached.cachedUntil > now.getTime() && cached.expiresAt > now.toISOString()) return cached.principal;
    const row = await this.#db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.expires_at', 'sessions.revoked_at', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.court_id', 'users.disabled'])
      .where('sessions.token_hash', '=', sessionId)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || row.expires_at <= now.toISOString() || row.disabled) {
      this.#cache.delete(sessionId);
      throw new UnauthenticatedError();
    }
    const principal: Principal = { userId: row.id, username: row.username, displayName: row.display_name, role: row.role, courtId: row.court_id, sessionId };
    if (this.#cache.size > 10_000) this.#cache.clear(); // bounded: a flood of logins cannot grow it without end
    this.#cache.set(sessionId, { principal, expiresAt: row.expires_at, cachedUntil: now.getTime() + SESSION_CACHE_MS });
    return principal;
  }

  /** Revokes the session (audited) and announces it ('session-ended': the realtime gateway disconnects its sockets). */
  async logout(principal: Principal, ip: string | null, now = dateOf(this.#clock)): Promise<void> {
    this.#cache.delete(principal.sessionId);
    await this.#db.transaction().execute(async (trx) => {
      await trx.updateTable('sessions').set({ revoked_at: now.toISOString() }).where('token_hash', '=', principal.sessionId).execute();
      await AuditLog.append(trx, { actorUserId: principal.userId, actorName: principal.username, courtId: principal.courtId, action: 'auth.logout', ip }, now);
    });
    this.emit('session-ended', principal.sessionId);
  }

  /** Creates a user (demo seeding, admin tools). */
  async createUser(u: { username: string; displayName: string; courtId: string; role: Role; password: string }): Promise<string> {
    const id = randomUUID();
    await this.#db
      .insertInto('users')
      .values({
        id,
        username: u.username,
        display_name: u.displayName,
        court_id: u.courtId,
        role: u.role,
        password_hash: await this.hashPassword(u.password),
        created_at: isoOf(this.#clock),
      })
      .execute();
    return id;
  }
}
