// What the dispatch integration tests share: one server per describe() with its users signed in and
// the sockets its tests open (typed requests are in requests.ts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { IssueInstruction } from '../../protocol/instruction.ts';
import { ok, send } from './requests.ts';
import { connectClient, login, startServer, type RunningServer, type StartOptions, type TestSocket } from './server.ts';
import { COURTS, type CourtKey } from './world.ts';

export { ACK_TIMEOUT } from './requests.ts';

/** A round trip on `socket`: everything the server sent it before answering has arrived. */
export async function barrier(socket: TestSocket): Promise<void> {
  await send(socket, 'instruction:list', {});
}

/** The id of a team of `court` (the world gives 西湖 and 海曙 one each). */
export async function teamOf(server: RunningServer, court: CourtKey): Promise<string> {
  const row = await server.store.db.selectFrom('teams').select('id').where('court_id', '=', COURTS[court].id).executeTakeFirstOrThrow();
  return row.id;
}

const SIGNED_IN = ['h.dispatcher', 'h.operator', 'h.field', 'h.auditadmin', 'hz.leader', 'hz.operator', 'xihu.operator', 'xihu.field', 'xihu.teamlead', 'nb.operator', 'haishu.dispatcher', 'haishu.field'];

/** What a suite's tests work with once it has started. */
export interface StartedSuite {
  server: RunningServer;
  xihuTeam: string;
  haishuTeam: string;
}

/** One server for a describe(): start() in before(), close() in after(); the sockets are closed with it. */
export interface DispatchSuite {
  start(): Promise<StartedSuite>;
  close(): Promise<void>;
  /** A console signed in as `username`. */
  console_(username: string): Promise<TestSocket>;
  /** A field terminal signed in as `username` (a fresh terminal id unless given). */
  terminal(username: string, opts?: { terminalId?: string; listen?: (s: TestSocket) => void }): Promise<TestSocket>;
  /** Issues an urgent instruction (the go_now template unless `text` is given); its id. */
  issue(socket: TestSocket, m: Partial<IssueInstruction> & { teamIds: string[] }): Promise<string>;
}

/** A DispatchSuite over a server started with `opts` (`clock` for a server clock the tests move). */
export function dispatchSuite(opts: StartOptions = {}): DispatchSuite {
  let server: RunningServer | undefined;
  const tokens = new Map<string, string>();
  const sockets: TestSocket[] = [];
  const url = () => server?.url ?? assert.fail('the suite has not started');
  const token = (u: string) => tokens.get(u) ?? assert.fail(`no token for ${u}`);
  return {
    async start() {
      const started = await startServer({}, opts);
      server = started;
      for (const u of SIGNED_IN) tokens.set(u, await login(started, u));
      return { server: started, xihuTeam: await teamOf(started, 'xihu'), haishuTeam: await teamOf(started, 'haishu') };
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await server?.close();
    },
    async console_(username) {
      const s = await connectClient(url(), { client: 'console', token: token(username) });
      sockets.push(s);
      return s;
    },
    async terminal(username, o = {}) {
      const s = await connectClient(url(), { client: 'field', token: token(username), terminalId: o.terminalId ?? randomUUID() }, o.listen ? { listen: o.listen } : {});
      sockets.push(s);
      return s;
    },
    async issue(socket, m) {
      const res = await send(socket, 'instruction:issue', { clientKey: randomUUID(), priority: 'urgent', ...(m.text === undefined ? { template: 'go_now' } : {}), ...m });
      return ok(res).instructionId;
    },
  };
}
