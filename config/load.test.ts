import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'vitest';
import { loadConfig, ROOT_DIR } from './load.ts';
import { configErrorOf } from './testing.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-config-'));
function configFile(content: string): string {
  const file = path.join(tmp, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, content);
  return file;
}
const errorOf = configErrorOf;

test('loadConfig() returns the defaults with dataDir resolved under the repository', () => {
  const c = loadConfig({});
  assert.equal(c.server.host, '127.0.0.1');
  assert.equal(c.server.port, 8600);
  assert.equal(c.dataDir, path.join(ROOT_DIR, 'data'));
  assert.equal(c.media.workers, 0);
});

test('loadConfig() applies PORT, DATA_DIR and MEDIA_WORKERS from the environment', () => {
  const c = loadConfig({ PORT: '9100', DATA_DIR: '/var/lib/cc', MEDIA_WORKERS: '3' });
  assert.equal(c.server.port, 9100);
  assert.equal(c.dataDir, '/var/lib/cc');
  assert.equal(c.media.workers, 3);
});

test('loadConfig() throws ConfigError naming PORT when it is not an integer', () => {
  const err = errorOf(() => loadConfig({ PORT: 'eighty' }));
  assert.equal(err.key, 'PORT');
  assert.match(err.message, /integer/);
});

test('loadConfig() throws ConfigError naming server.port (env PORT) when it is out of range', () => {
  const err = errorOf(() => loadConfig({ PORT: '70000' }));
  assert.equal(err.key, 'server.port (env PORT)');
  assert.match(err.message, /65535/);
});

test('loadConfig() throws ConfigError listing the allowed values of an enum key', () => {
  const err = errorOf(() => loadConfig({ LOG_LEVEL: 'loud' }));
  assert.equal(err.key, 'logLevel (env LOG_LEVEL)');
  assert.match(err.message, /"info"/);
});

test('LOG_FORMAT chooses readable lines or JSON, and nothing else', () => {
  assert.equal(loadConfig({}).logFormat, 'pretty');
  assert.equal(loadConfig({ LOG_FORMAT: 'json' }).logFormat, 'json');
  const err = errorOf(() => loadConfig({ LOG_FORMAT: 'xml' }));
  assert.equal(err.key, 'logFormat (env LOG_FORMAT)');
  assert.match(err.message, /"json"/);
});

test('loadConfig() merges CONFIG_FILE over the defaults', () => {
  const c = loadConfig({ CONFIG_FILE: configFile('{"media":{"workers":2,"announcedAddress":"10.0.0.5"}}') });
  assert.equal(c.media.workers, 2);
  assert.equal(c.media.announcedAddress, '10.0.0.5');
  assert.equal(c.media.listenIp, '127.0.0.1');
});

test('loadConfig() throws ConfigError naming an unknown key in CONFIG_FILE', () => {
  const err = errorOf(() => loadConfig({ CONFIG_FILE: configFile('{"media":{"wrokers":2}}') }));
  assert.equal(err.key, 'media.wrokers');
  assert.match(err.message, /not a known/);
});

test('loadConfig() throws ConfigError naming the key whose type is wrong in CONFIG_FILE', () => {
  const err = errorOf(() => loadConfig({ CONFIG_FILE: configFile('{"server":{"host":42}}') }));
  assert.equal(err.key, 'server.host (env HOST)');
});

test('loadConfig() throws ConfigError naming CONFIG_FILE when it is not JSON', () => {
  const err = errorOf(() => loadConfig({ CONFIG_FILE: configFile('port = 80') }));
  assert.match(err.key, /^CONFIG_FILE/);
  assert.match(err.message, /not valid JSON/);
});

test('loadConfig() throws ConfigError naming CONFIG_FILE when it does not exist', () => {
  const err = errorOf(() => loadConfig({ CONFIG_FILE: path.join(tmp, 'missing.json') }));
  assert.match(err.message, /cannot be read \(ENOENT\)/);
});

test('loadConfig() throws ConfigError when rtcMinPort exceeds rtcMaxPort', () => {
  const err = errorOf(() => loadConfig({ RTC_MIN_PORT: '50000', RTC_MAX_PORT: '40000' }));
  assert.equal(err.key, 'media.rtcMinPort');
});

test('loadConfig() rejects a trusted origin with a path', () => {
  const err = errorOf(() => loadConfig({ TRUSTED_ORIGINS: 'https://wall.court.example/console' }));
  assert.match(err.key, /server\.trustedOrigins/);
});

test('loadConfig() applies ACK_WINDOW_SECONDS and INSTRUCTION_EXPIRE_MINUTES to dispatch', () => {
  const c = loadConfig({ ACK_WINDOW_SECONDS: '30', INSTRUCTION_EXPIRE_MINUTES: '60' });
  assert.equal(c.dispatch.ackWindowSeconds, 30);
  assert.equal(c.dispatch.expireAfterMinutes, 60);
  assert.equal(c.dispatch.templates['go_now'], '立即前往');
});

test('loadConfig() throws ConfigError when instructions would expire before the ack window ends', () => {
  const err = errorOf(() => loadConfig({ ACK_WINDOW_SECONDS: '600', INSTRUCTION_EXPIRE_MINUTES: '10' }));
  assert.equal(err.key, 'dispatch.expireAfterMinutes');
});

test('loadConfig() takes dispatch.templates from CONFIG_FILE whole: a deployment names its own one-click instructions', () => {
  const c = loadConfig({ CONFIG_FILE: configFile('{"dispatch":{"templates":{"call_back":"立即回电"}}}') });
  assert.deepEqual(c.dispatch.templates, { call_back: '立即回电' });
  assert.equal(c.dispatch.ackWindowSeconds, 120);
});

test('loadConfig() throws ConfigError naming a template key that is not lower-case ascii', () => {
  const err = errorOf(() => loadConfig({ CONFIG_FILE: configFile('{"dispatch":{"templates":{"Go Now":"立即前往"}}}') }));
  assert.match(err.key, /^dispatch\.templates/);
});
