import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, ROOT_DIR } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { buildApp } from './app.ts';

// Composition root: config → store → media → app → listen. Everything it opens, app.close() closes.

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const ROLE_NAMES: Record<string, string> = {
  operator: '值班员 operator',
  dispatcher: '调度员 dispatcher',
  leader: '院领导 leader',
  field_officer: '外勤干警 field officer',
  supervisor: '上级督办 supervisor',
  sysadmin: '系统管理员 system admin',
  secadmin: '安全管理员 security admin',
  auditadmin: '审计管理员 audit admin',
};

if (config.demo.seedOnFirstStart) console.log('首次启动时将生成演示数据（约半分钟）/ an empty database gets the demo province on first start (about half a minute)');
const { app } = await buildApp({
  config,
  onSeeded: (result) => {
    console.log(`\n演示数据已生成 / demo data created: ${result.counts.courts} courts, ${result.counts.cases} cases, ${result.counts.teams} teams`);
    const lines = result.accounts.map((a) => `  ${(ROLE_NAMES[a.role] ?? a.role).padEnd(28)} ${a.username} / ${a.password}   ${a.courtName}`);
    console.log('演示账号 / demo accounts (username / password):');
    for (const line of lines) console.log(line);
    // Kept beside the database (readable by its owner only) for whoever missed this output.
    const file = path.join(config.dataDir, 'demo-accounts.txt');
    writeFileSync(file, `演示账号 / demo accounts (username / password)\n${lines.join('\n')}\n`, { mode: 0o600 });
    console.log(`  (also in ${file})`);
  },
});
let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, '正在关闭 / shutting down');
  try {
    await app.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ host: config.server.host, port: config.server.port });
} catch (err) {
  app.log.error({ err }, `无法监听 / cannot listen on ${config.server.host}:${config.server.port}`);
  await app.close();
  process.exit(1);
}

const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : config.server.port;
const base = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
const consoleUrl = `${base}/console`;
console.log(`\n执行指挥中心已启动 / command center is up
  控制台 console:     ${consoleUrl}
  外勤终端 field:     ${base}/field
  健康检查 health:    ${base}/api/health
  数据目录 data dir:  ${config.dataDir}\n`);

if (process.argv.includes('--open-console')) openConsole(consoleUrl);

/** Opens the Electron console where its binary and a display exist; otherwise says where to browse. */
function openConsole(url: string): void {
  const electronBinary = findElectronBinary();
  if (!electronBinary || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    console.log(
      `未安装 Electron 或无图形显示，请在浏览器中打开控制台 / Electron not installed or no display: open the console in a browser:\n  ${url}\n`,
    );
    return;
  }
  const child = spawn(electronBinary, [ROOT_DIR, `--console-url=${url}`], { stdio: 'inherit' });
  child.on('error', (err) => app.log.warn({ err }, 'Electron console did not start'));
}

/**
 * The Electron binary's path, or null where it was never downloaded (court intranets, this CI).
 * Reads the package's path.txt itself: `require('electron')` would start a download.
 */
function findElectronBinary(): string | null {
  const dir = path.join(ROOT_DIR, 'node_modules', 'electron');
  try {
    const binary = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
