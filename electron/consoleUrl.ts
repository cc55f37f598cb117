import { ConsoleUrlError } from './errors.ts';

type Env = Readonly<Record<string, string | undefined>>;

const ARG = '--console-url';

/**
 * The server's default port, config/default.json server.port: electron/ imports nothing of ours
 * but protocol/, so the number is repeated here and consoleUrl.test.ts holds the two equal.
 */
const DEFAULT_PORT = 8600;

/**
 * The console URL main.ts loads: `--console-url=<url>`, else env CONSOLE_URL, else
 * `http://127.0.0.1:<PORT or config server.port>/console`. Throws ConsoleUrlError naming the source
 * and what was wrong; only absolute http(s) URLs pass, since the origin becomes the only trusted one.
 */
export function resolveConsoleUrl(argv: readonly string[], env: Env): URL {
  const fromArgv = readArg(argv);
  if (fromArgv !== undefined) return parseConsoleUrl(fromArgv, ARG);
  if (env.CONSOLE_URL !== undefined && env.CONSOLE_URL !== '') return parseConsoleUrl(env.CONSOLE_URL, 'CONSOLE_URL');
  return parseConsoleUrl(`http://127.0.0.1:${readPort(env)}/console`, 'default (PORT / config server.port)');
}

/** Parses `raw` as the console URL; `source` names where it came from in the error. */
export function parseConsoleUrl(raw: string, source: string): URL {
  const text = raw.trim();
  if (text === '') throw new ConsoleUrlError(source, 'is empty; expected an http(s) URL such as http://127.0.0.1:8600/console');
  const url = URL.parse(text);
  if (url === null) throw new ConsoleUrlError(source, `is not an absolute URL: ${JSON.stringify(text)}`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConsoleUrlError(source, `must use http: or https:, got ${url.protocol} in ${JSON.stringify(text)}`);
  }
  // Credentials in the URL would be sent on every request and shown in logs; the console logs in itself.
  if (url.username !== '' || url.password !== '') throw new ConsoleUrlError(source, 'must not contain a user name or password');
  return url;
}

function readArg(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (const arg of argv) {
    if (arg === ARG) throw new ConsoleUrlError(ARG, `expects a value joined by '=': ${ARG}=<url>`);
    if (arg.startsWith(`${ARG}=`)) value = arg.slice(ARG.length + 1); // the last one wins, as Chromium's switches do
  }
  return value;
}

function readPort(env: Env): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) {
    throw new ConsoleUrlError('PORT', `must be an integer from 1 to 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}
