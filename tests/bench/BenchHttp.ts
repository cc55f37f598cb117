// The `dispatch` benchmark's HTTP side: logins and the server's health, over one keep-alive agent.
import http from 'node:http';

/** Event-loop lag of the server's last complete health window. */
export interface LoopLag {
  p99Ms: number;
  maxMs: number;
}

/** HTTP requests to the server under test; close() when done. */
export class BenchHttp {
  readonly #url: string;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  constructor(url: string) {
    this.#url = url;
  }

  /** Signs `usernames` in, `parallel` at a time; their session tokens by username. */
  async signIn(usernames: readonly string[], password: string, parallel: number): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    let nextLogin = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (nextLogin < usernames.length) {
          const username = usernames[nextLogin++] as string;
          tokens.set(username, await this.login(username, password));
        }
      }),
    );
    return tokens;
  }

  /** The session token of `username`. */
  login(username: string, password: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ username, password });
      const req = http.request(
        `${this.#url}/api/auth/login`,
        { method: 'POST', agent: this.#agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`login ${username}: ${res.statusCode} ${text}`));
            const parsed: unknown = JSON.parse(text);
            const token = typeof parsed === 'object' && parsed !== null && 'token' in parsed ? parsed.token : undefined;
            if (typeof token !== 'string') return reject(new Error(`login ${username}: no token`));
            resolve(token);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** GET /api/health eventLoop: the server's own lag over its last complete 10-s window. */
  async loopLag(): Promise<LoopLag> {
    const health = await this.#getJson(`${this.#url}/api/health`);
    const lag = typeof health === 'object' && health !== null && 'eventLoop' in health ? health.eventLoop : undefined;
    if (typeof lag !== 'object' || lag === null || !('p99Ms' in lag) || typeof lag.p99Ms !== 'number') throw new Error('health has no eventLoop.p99Ms');
    return { p99Ms: lag.p99Ms, maxMs: 'maxMs' in lag && typeof lag.maxMs === 'number' ? lag.maxMs : lag.p99Ms };
  }

  close(): void {
    this.#agent.destroy();
  }

  #getJson(url: string): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      http
        .get(url, { agent: this.#agent }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve(JSON.parse(text)));
        })
        .on('error', reject);
    });
  }
}
