#!/usr/bin/env node
// Installs whatever is missing, in order, idempotently and without questions:
//   npm dependencies → system packages (apt) → mediasoup worker → recorder (ffmpeg) and report font → Electron binary (optional) → build.
// Runs on the machine's own Node (>= 20): the project's Node 22 arrives with the npm dependencies.
// Court networks and this project's CI reach only the npm registry and Debian's apt: every step
// that would download from elsewhere (mediasoup's prebuilt worker, Electron's binary) is tried
// briefly and falls back to an offline path or is reported as skipped.
//
// Flags: --for-tests (also Chromium, CJK fonts, iproute2), --quiet-if-ready (one line when nothing to do).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const FOR_TESTS = args.has('--for-tests');
const QUIET = args.has('--quiet-if-ready');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const started = Date.now();
const did = [];

const MEDIASOUP_DIR = path.join(ROOT, 'node_modules', 'mediasoup');
const WORKER_BIN = path.join(MEDIASOUP_DIR, 'worker', 'out', 'Release', 'mediasoup-worker');
const NODE22 = path.join(ROOT, 'node_modules', '.bin', 'node');

/** Debian packages, by what needs them. */
const APT = {
  workerBuild: ['g++', 'make', 'ninja-build', 'pkg-config', 'libuv1-dev', 'libssl-dev', 'libsrtp2-dev', 'libabsl-dev', 'libflatbuffers-dev', 'flatbuffers-compiler'],
  // The evidence recorder (server/recording): Debian's ffmpeg writes the SFU's RTP to WebM without transcoding.
  recorder: ['ffmpeg'],
  // The action report's PDF (server/report) embeds a subset of Noto Sans CJK SC from Debian's fonts.
  report: ['fonts-noto-cjk'],
  // poppler-utils: pdftotext and pdftoppm read the report's PDF back.
  tests: ['chromium', 'fonts-noto-cjk', 'iproute2', 'util-linux', 'postgresql', 'poppler-utils'],
};

function log(msg) {
  if (!QUIET || did.length > 0) process.stdout.write(`${msg}\n`);
}
function step(n, total, zh, en) {
  log(`\n[${n}/${total}] ${zh} / ${en}`);
}
function fail(msg) {
  process.stderr.write(`\n安装失败 / setup failed: ${msg}\n`);
  process.exit(1);
}
function secondsSince(t) {
  return `${((Date.now() - t) / 1000).toFixed(1)} s`;
}

/** Runs a command with its output shown (prefixed), resolving to its exit code. */
function run(cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts, env: { ...process.env, ...opts.env } });
    const prefix = opts.prefix ?? '    ';
    const relay = (stream, out) => {
      let buf = '';
      stream.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) !== -1) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (!opts.filter || opts.filter(line)) out.write(`${prefix}${line}\n`);
        }
      });
      stream.on('end', () => buf && (!opts.filter || opts.filter(buf)) && out.write(`${prefix}${buf}\n`));
    };
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    let timer;
    if (opts.timeoutMs) timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs);
    child.on('error', () => resolve(127));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// 1. npm dependencies
function npmStamp() {
  const lock = path.join(ROOT, 'package-lock.json');
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || !existsSync(NODE22)) return 'missing';
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000) return 'stale';
  const pkg = path.join(ROOT, 'package.json');
  if (statSync(pkg).mtimeMs > statSync(installed).mtimeMs + 1000) return 'stale';
  return 'ok';
}

async function ensureNpmDeps(n, total) {
  const state = npmStamp();
  if (state === 'ok') return;
  did.push('npm');
  step(n, total, '安装 npm 依赖', 'installing npm dependencies');
  const t = Date.now();
  const useCi = existsSync(path.join(ROOT, 'package-lock.json'));
  // mediasoup's own postinstall would fetch a prebuilt worker from GitHub, then pip: both out of
  // reach here. Step 3 provides the worker instead (allowScripts denies it on npm >= 11.x too).
  const code = await run('npm', [useCi ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], {
    env: { MEDIASOUP_WORKER_BIN: 'skip', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    filter: (l) => !/Unknown user config|This will stop working/.test(l),
  });
  if (code !== 0) fail(`npm ${useCi ? 'ci' : 'install'} exited with ${code}`);
  // npm versions that honour allowScripts skip unlisted packages' scripts; make sure Node 22 landed.
  if (!existsSync(NODE22)) {
    const rc = await run('npm', ['rebuild', 'node', 'esbuild', '--loglevel=error'], { env: { MEDIASOUP_WORKER_BIN: 'skip' } });
    if (rc !== 0 || !existsSync(NODE22)) fail('the npm package `node` (Node 22 runtime) did not install');
  }
  log(`    ✓ npm 依赖就绪 / npm dependencies ready (${secondsSince(t)})`);
}

// ---------------------------------------------------------------------------------------------
// 2. system packages
function missingDebs(list) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...list], { encoding: 'utf8' });
  if (r.error) return null; // not a Debian system: cannot tell
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  return list.filter((p) => !installed.has(p));
}

function mesonOk() {
  const r = spawnSync('meson', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  const [maj, min] = r.stdout.trim().split('.').map(Number);
  return maj > 1 || (maj === 1 && min >= 1); // mediasoup >= 3.11 needs meson >= 1.1
}

function codename() {
  try {
    return /VERSION_CODENAME=(\w+)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

async function aptInstall(pkgs, why, { needsMeson = false } = {}) {
  const missing = missingDebs(pkgs);
  const wantMeson = needsMeson && !mesonOk();
  if (missing === null) {
    log(`    ! 非 Debian 系统，无法检查系统软件包 / not a Debian system; make sure these are installed: ${pkgs.join(' ')}`);
    return true;
  }
  if (missing.length === 0 && !wantMeson) return true;
  const backports = wantMeson && codename() === 'bookworm';
  const lines = [];
  if (backports) lines.push('# meson >= 1.1 comes from bookworm-backports', 'echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/bookworm-backports.list');
  lines.push('apt-get update');
  if (wantMeson) lines.push(`apt-get install -y --no-install-recommends ${backports ? '-t bookworm-backports ' : ''}meson`);
  if (missing.length) lines.push(`apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  if (!IS_ROOT) {
    process.stderr.write(
      `\n需要系统软件包（${why}）。请以 root 运行以下命令后重试 / system packages needed for ${why}; run as root, then retry:\n\n` +
        lines.map((l) => `  sudo sh -c '${l.replaceAll("'", "'\\''")}'`).join('\n') +
        '\n',
    );
    return false;
  }
  did.push('apt');
  log(`    apt: ${[...(wantMeson ? ['meson'] : []), ...missing].join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (backports) {
    const listed = spawnSync('sh', ['-c', 'grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/']).status === 0;
    if (!listed) writeFileSync('/etc/apt/sources.list.d/bookworm-backports.list', 'deb http://deb.debian.org/debian bookworm-backports main\n');
  }
  const quietApt = { env, filter: (l) => !/^(Get:|Hit:|Reading|Building|Selecting|Preparing|Unpacking|Setting up|Processing|\(Reading)/.test(l) };
  if ((await run('apt-get', ['update', '-qq'], quietApt)) !== 0) fail('apt-get update failed');
  if (wantMeson && (await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...(backports ? ['-t', 'bookworm-backports'] : []), 'meson'], quietApt)) !== 0) {
    fail('apt-get install meson failed');
  }
  if (missing.length && (await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], quietApt)) !== 0) {
    fail(`apt-get install ${missing.join(' ')} failed`);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// 3. mediasoup worker
function workerRuns(bin) {
  if (!existsSync(bin)) return false;
  // Without MEDIASOUP_VERSION in its environment the worker exits with 41 (worker/src/main.cpp).
  const r = spawnSync(bin, [], { env: {}, stdio: 'ignore' });
  return r.status === 41;
}

function mediasoupVersion() {
  return JSON.parse(readFileSync(path.join(MEDIASOUP_DIR, 'package.json'), 'utf8')).version;
}

/** mediasoup's stock path: its prebuilt worker from the release page. Fails fast where GitHub is unreachable. */
async function tryPrebuiltWorker() {
  if (process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD || process.env.OFFLINE === '1') return false;
  const version = mediasoupVersion();
  const platform = process.platform;
  const arch = process.arch;
  const kernel = platform === 'linux' ? `-kernel${spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim().split('.')[0]}` : '';
  const base = process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ?? 'https://github.com/versatica/mediasoup/releases/download';
  const url = `${base}/${version}/mediasoup-worker-${version}-${platform}-${arch}${kernel}.tgz`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) return false;
    const tgz = path.join(ROOT, 'node_modules', '.cache', 'mediasoup-worker.tgz');
    mkdirSync(path.dirname(tgz), { recursive: true });
    writeFileSync(tgz, Buffer.from(await res.arrayBuffer()));
    mkdirSync(path.dirname(WORKER_BIN), { recursive: true });
    if (spawnSync('tar', ['xzf', tgz, '-C', path.dirname(WORKER_BIN)]).status !== 0) return false;
    rmSync(tgz, { force: true });
    return workerRuns(WORKER_BIN);
  } catch {
    // Unreachable host (court intranet, this CI): the offline build below takes over.
    return false;
  }
}

async function ensureWorker(n, total) {
  if (process.env.MEDIASOUP_WORKER_BIN) {
    if (!workerRuns(process.env.MEDIASOUP_WORKER_BIN)) fail(`MEDIASOUP_WORKER_BIN=${process.env.MEDIASOUP_WORKER_BIN} does not run`);
    return;
  }
  if (workerRuns(WORKER_BIN)) return;
  did.push('worker');
  step(n, total, '准备 mediasoup 媒体工作进程', `providing the mediasoup ${mediasoupVersion()} worker`);
  const t = Date.now();
  if (await tryPrebuiltWorker()) {
    log(`    ✓ 已下载预编译工作进程 / prebuilt worker downloaded (${secondsSince(t)})`);
    return;
  }
  log('    无法获取预编译版本，离线从源码构建（首次约 7-17 分钟，之后使用缓存）');
  log('    no prebuilt worker reachable: building offline from source (7-17 min the first time, cached after)');
  if (!(await aptInstall(APT.workerBuild, 'building the mediasoup worker', { needsMeson: true }))) fail('system packages for the worker build are missing');
  let lastShown = 0;
  const code = await run('sh', [path.join(ROOT, 'scripts', 'mediasoup-worker', 'build.sh'), MEDIASOUP_DIR], {
    // ninja prints "[k/N] Compiling ..." for every object: show one line in ten as progress.
    filter: (l) => {
      const m = /^\[(\d+)\/(\d+)\]/.exec(l);
      if (!m) return /mediasoup-worker|error|Error|warning: unused/.test(l) && !/^\s*$/.test(l);
      const k = Number(m[1]);
      if (k - lastShown >= 10 || k === Number(m[2])) {
        lastShown = k;
        return true;
      }
      return false;
    },
  });
  if (code !== 0 || !workerRuns(WORKER_BIN)) fail('mediasoup worker build failed (see the output above)');
  log(`    ✓ 媒体工作进程就绪 / worker ready (${secondsSince(t)})`);
}

// ---------------------------------------------------------------------------------------------
// 3b. the recorder: every feed of an ongoing action is recorded by Debian's ffmpeg (server/recording);
// the action report's PDF carries its Chinese text in a font from Debian's fonts-noto-cjk (server/report)
async function ensureRecorder(n, total) {
  const wanted = [...APT.recorder, ...APT.report];
  const missing = missingDebs(wanted);
  if (missing === null || missing.length === 0) return;
  did.push('recorder');
  step(n, total, '安装执法录像所需的 ffmpeg 与报告字体', 'installing ffmpeg for the evidence recorder and the report font');
  if (!(await aptInstall(wanted, 'the evidence recorder and the report font'))) fail('ffmpeg (the evidence recorder) or fonts-noto-cjk (the report font) is missing');
  log('    ✓ ffmpeg 与字体就绪 / ffmpeg and fonts ready');
}

// ---------------------------------------------------------------------------------------------
// 4. Electron binary (optional)
function electronInstalled() {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  if (!existsSync(dir)) return true; // not a dependency of this install: nothing to do
  try {
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8');
    return existsSync(path.join(dir, 'dist', rel));
  } catch {
    return false;
  }
}

const ELECTRON_MARKER = path.join(ROOT, 'node_modules', '.cache', 'electron-download-failed');

async function ensureElectron(n, total) {
  if (electronInstalled()) return;
  // Tried once per npm install: a failed download is remembered until node_modules is reinstalled.
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' || existsSync(ELECTRON_MARKER)) return;
  did.push('electron');
  step(n, total, '获取 Electron 桌面程序', 'fetching the Electron binary');
  const code = await run(process.execPath, [path.join(ROOT, 'node_modules', 'electron', 'install.js')], {
    timeoutMs: 120_000,
    filter: () => false,
  });
  if (code === 0 && electronInstalled()) {
    log('    ✓ Electron 已安装 / Electron installed');
    return;
  }
  mkdirSync(path.dirname(ELECTRON_MARKER), { recursive: true });
  writeFileSync(ELECTRON_MARKER, new Date().toISOString());
  log('    - 无法下载 Electron（离线网络）：控制台可在浏览器中使用；Electron 测试将跳过');
  log('    - Electron binary not downloadable here: use the console in a browser; Electron tests are skipped');
}

// ---------------------------------------------------------------------------------------------
// 5. build (renderer pages, Electron bundle), only when their sources changed
function hashTree(paths) {
  const h = createHash('sha256');
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) if (e !== 'node_modules' && !e.endsWith('.test.ts')) walk(path.join(p, e));
    } else {
      h.update(path.relative(ROOT, p));
      h.update(readFileSync(p));
    }
  };
  for (const p of paths) walk(path.join(ROOT, p));
  return h.digest('hex');
}

async function ensureBuilt(n, total) {
  const targets = [
    {
      name: 'renderer',
      stamp: path.join(ROOT, 'dist', 'renderer', '.build-hash'),
      inputs: ['renderer', 'protocol', 'vite.config.ts', 'package-lock.json'],
      cmd: [NODE22, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']],
    },
    {
      name: 'electron',
      stamp: path.join(ROOT, 'dist', 'electron', '.build-hash'),
      inputs: ['electron', 'protocol', 'config/default.json', 'scripts/build-electron.mjs', 'package-lock.json'],
      cmd: [NODE22, [path.join(ROOT, 'scripts', 'build-electron.mjs')]],
    },
  ];
  let announced = false;
  for (const target of targets) {
    const hash = hashTree(target.inputs);
    if (existsSync(target.stamp) && readFileSync(target.stamp, 'utf8') === hash) continue;
    if (!announced) {
      did.push('build');
      step(n, total, '构建界面', 'building the console and field pages');
      announced = true;
    }
    const t = Date.now();
    const code = await run(target.cmd[0], target.cmd[1]);
    if (code !== 0) fail(`${target.name} build failed`);
    mkdirSync(path.dirname(target.stamp), { recursive: true });
    writeFileSync(target.stamp, hash);
    log(`    ✓ ${target.name} (${secondsSince(t)})`);
  }
}

// ---------------------------------------------------------------------------------------------
// 6. test tools
async function ensureTestTools(n, total) {
  const missing = missingDebs(APT.tests);
  if (missing === null || missing.length === 0) return;
  did.push('tests');
  step(n, total, '安装测试用浏览器、字体与 PostgreSQL', 'installing Chromium, CJK fonts and PostgreSQL for the tests');
  if (!(await aptInstall(APT.tests, 'the browser tests'))) fail('system packages for the tests are missing');
}

// ---------------------------------------------------------------------------------------------
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`Node ${process.versions.node} is too old to run the installer; Node >= 20 needed (the project brings its own Node 22)`);

const TOTAL = FOR_TESTS ? 6 : 5;
await ensureNpmDeps(1, TOTAL);
await ensureWorker(2, TOTAL);
await ensureRecorder(3, TOTAL);
await ensureElectron(4, TOTAL);
await ensureBuilt(5, TOTAL);
if (FOR_TESTS) await ensureTestTools(6, TOTAL);

if (did.length === 0) {
  process.stdout.write(`环境就绪 / setup: everything in place (${secondsSince(started)})\n`);
} else {
  process.stdout.write(`\n✓ 安装完成 / setup done in ${secondsSince(started)} (${did.join(', ')})\n`);
}
