// The `dispatch` benchmark's HTTP side: logins and the server's health, over one keep-alive agent.
import http from 'node:http';

/** Event-loop lag of the server's last complete health window. */
export interface LoopLag {
  p99Ms: number;
  maxMs: number;
}

/** What signIn() got: a token per username that signed in, and how many did not (with the first reason). */
export interface SignIns {
  tokens: Map<string, string>;
  failures: number;
  firstError: string | null;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** HTTP requests to the server under test; close() when done. */
export class BenchHttp {
  readonly #url: string;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(url: string) {
    this.#url = url;
  }

  /**
   * Signs `usernames` in, `parallel` at a time; a login that fails is counted and skipped.
   * `onProgress` hears (done, failed) after every 1,000th.
   */
  async signIn(usernames: readonly string[], password: string, parallel: number, onProgress: (done: number, failed: number) => void): Promise<SignIns> {
    const result: SignIns = { tokens: new Map(), failures: 0, firstError: null };
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < usernames.length) {
          const username = usernames[next++] as string;
          try {
            result.tokens.set(username, await this.login(username, password));
          } catch (err) {
            result.failures++;
            result.firstError ??= err instanceof Error ? err.message : String(err);
          }
          const done = result.tokens.size + result.failures;
          if (done % 1_000 === 0) onProgress(done, result.failures);
        }
      }),
    );
    return result;
  }

  /** The session token of `username`. */
  async login(username: string, password: string): Promise<string> {
    const { status, body } = await this.#request('POST', '/api/auth/login', JSON.stringify({ username, password }), null);
    if (status !== 200) throw new Error(`login ${username}: ${status} ${body.slice(0, 200)}`);
    const parsed = parseJson(body);
    const token = typeof parsed === 'object' && parsed !== null && 'token' in parsed ? parsed.token : undefined;
    if (typeof token !== 'string') throw new Error(`login ${username}: no token`);
    return token;
  }

  /** GET /api/health eventLoop, as `token`'s session (anonymous callers see only the status): the server's own lag over its last complete 10-s window. */
  async loopLag(token: string): Promise<LoopLag> {
    const { status, body } = await this.#request('GET', '/api/health', null, token);
    const health = parseJson(body);
    const lag = typeof health === 'object' && health !== null && 'eventLoop' in health ? health.eventLoop : undefined;
    if (typeof lag !== 'object' || lag === null || !('p99Ms' in lag) || typeof lag.p99Ms !== 'number') throw new Error(`health (${status}) has no eventLoop.p99Ms: ${body.slice(0, 200)}`);
    return { p99Ms: lag.p99Ms, maxMs: 'maxMs' in lag && typeof lag.maxMs === 'number' ? lag.maxMs : lag.p99Ms };
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One request over the keep-alive agent, with a deadline: its status and body text. */
  #request(method: 'GET' | 'POST', route: string, json: string | null, token: string | null): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = {
        ...(json === null ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }),
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      };
      const req = http.request(`${this.#url}${route}`, { method, agent: this.#agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${route}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', reject);
      req.end(json ?? undefined);
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, a cut-off body): the caller reports what it lacks.
    return undefined;
  }
}
