import type { LoginAnswer, Me } from '../../protocol/api.ts';
import { api, ApiError } from './api.ts';
import { Store } from './store.ts';

/** 'unknown' until the first /api/auth/me answers; null when signed out. */
export type SessionState = Me | null | 'unknown';

/** The signed-in user, outside React. The token itself lives in an HttpOnly cookie, never in JS. */
export class Session {
  readonly user = new Store<SessionState>('unknown');

  /** Asks the server who we are (the cookie may hold a live session from before a reload). */
  async check(): Promise<void> {
    try {
      this.user.set(await api<Me>('/api/auth/me'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.user.set(null);
      else throw err;
    }
  }

  async login(username: string, password: string): Promise<void> {
    const answer = await api<LoginAnswer>('/api/auth/login', { method: 'POST', body: { username, password } });
    this.user.set(answer.user);
  }

  async logout(): Promise<void> {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } finally {
      this.user.set(null);
    }
  }
}
