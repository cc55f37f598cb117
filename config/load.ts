import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileChecker } from '../protocol/check.ts';
import { checkMapConfig, MapConfigProblem } from './mapConfig.ts';
import { ConfigSchema, ENV_OVERRIDES, type Config } from './schema.ts';

const CONFIG_DIR = path.dirname(fileURLToPath(import.meta.url));
/** The repository root: relative paths in the config (dataDir) are taken from here. */
export const ROOT_DIR = path.resolve(CONFIG_DIR, '..');

/** A configuration value that is missing, malformed or out of range; `key` names it. */
export class ConfigError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`配置错误 / config error: ${key}: ${message}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}

const isConfig = compileChecker(ConfigSchema);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads config/default.json, merges CONFIG_FILE over it, then the environment variables of
 * ENV_OVERRIDES; validates the result against ConfigSchema. Throws ConfigError naming the key.
 */
export function loadConfig(env: Env = process.env): Config {
  const merged = readJson(path.join(CONFIG_DIR, 'default.json'), 'config/default.json');
  if (env.CONFIG_FILE) {
    const file = path.resolve(env.CONFIG_FILE);
    const override = readJson(file, `CONFIG_FILE (${file})`);
    deepMerge(merged, override, '');
  }
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.env];
    if (raw === undefined || raw === '') continue;
    setPath(merged, o.path, parseEnv(o.env, raw, o.kind));
  }
  if (!isConfig(merged)) throw explainInvalid(merged);
  const config: Config = merged;
  if (config.media.rtcMinPort > config.media.rtcMaxPort) {
    throw new ConfigError('media.rtcMinPort', `must not exceed media.rtcMaxPort (${config.media.rtcMaxPort})`);
  }
  if (config.dispatch.expireAfterMinutes * 60 <= config.dispatch.ackWindowSeconds) {
    // An instruction would expire before anyone is warned that it was not signed for.
    throw new ConfigError('dispatch.expireAfterMinutes', `must be longer than dispatch.ackWindowSeconds (${config.dispatch.ackWindowSeconds} s)`);
  }
  config.dataDir = path.resolve(ROOT_DIR, config.dataDir);
  try {
    config.map = checkMapConfig(config.map, ROOT_DIR);
  } catch (err) {
    if (err instanceof MapConfigProblem) throw new ConfigError(err.key, err.message);
    throw err;
  }
  return config;
}

function readJson(file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(what, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(what, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(value)) throw new ConfigError(what, 'must hold a JSON object');
  return value;
}

function parseEnv(name: string, raw: string, kind: 'string' | 'integer' | 'list' | 'boolean'): unknown {
  if (kind === 'string') return raw;
  if (kind === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
    if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
    throw new ConfigError(name, `expected true or false, got "${raw}"`);
  }
  if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  return Number(raw.trim());
}

/** Maps whose keys a deployment chooses: CONFIG_FILE replaces them whole instead of merging key by key. */
const OPEN_MAPS = new Set(['dispatch.templates']);

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>, prefix: string): void {
  for (const [key, value] of Object.entries(source)) {
    const here = prefix ? `${prefix}.${key}` : key;
    if (OPEN_MAPS.has(here)) {
      target[key] = value;
      continue;
    }
    if (!(key in target)) throw new ConfigError(here, 'is not a known configuration key');
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) deepMerge(current, value, here);
    else target[key] = value;
  }
}

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!isPlainObject(next)) return;
    node = next;
  }
  node[keys[keys.length - 1] as string] = value;
}

function explainInvalid(value: unknown): ConfigError {
  const first = isConfig.explain(value).split('; ')[0] ?? 'invalid';
  const [pointer = '/', ...rest] = first.split(': ');
  const key = pointer.replace(/^\//, '').replaceAll('/', '.') || '(root)';
  const envName = ENV_OVERRIDES.find((o) => o.path.join('.') === key)?.env;
  return new ConfigError(envName ? `${key} (env ${envName})` : key, rest.join(': ') || 'invalid');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
