import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT_DIR } from '../../config/load.ts';
import { startServer, type RunningServer } from './server.ts';
import { PASSWORD } from './world.ts';

/** Debian's Chromium: tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots land (ignored by git); open them to see what a user sees. */
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-results', 'screenshots');

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH}: run \`npm run setup -- --for-tests\``;
}

/**
 * Headless Chromium with a fake camera and microphone, WebGL on SwiftShader, and nothing that
 * phones home (the machine's network is closed; background requests would only fail).
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // ICE on loopback only: the SFU announces 127.0.0.1 and tests run in a loopback-only namespace.
      '--force-webrtc-ip-handling-policy=default_public_and_private_interfaces',
      '--allow-loopback-in-peer-connection',
      // A wall or a phone in the field plays sound without a tap first (kiosk), so tests can listen to it.
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A real server and a Chromium for one suite, started in before() and closed in after(). */
export function useServerAndBrowser(hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }) {
  const ctx = {} as { server: RunningServer; browser: Browser };
  hooks.before(async () => {
    ctx.server = await startServer();
    ctx.browser = await launchBrowser();
  });
  hooks.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** How Chromium words every Content-Security-Policy refusal and policy error in the page's console. */
const CSP_MESSAGE = /Content Security Policy/i;

/**
 * Reports into `errors`, as "label: …", the page's uncaught errors and every Content-Security-Policy
 * violation Chromium logs (a refused script, socket, image or frame), so a test asserting `errors`
 * empty fails when the server's policy breaks a page.
 */
export function watchPage(page: Page, errors: string[], label: string): void {
  page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
  page.on('console', (message) => {
    if (CSP_MESSAGE.test(message.text())) errors.push(`${label}: ${message.text()}`);
  });
}

/** Opens `url` and signs in through the zh-CN login form, as a person would. */
export async function signIn(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-chip').waitFor({ timeout: 10_000 });
}

/** The pages' "已连接" badge: the socket is up and session:ready arrived. */
export async function waitConnected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 10_000 });
}

/** A console page signed in as `username` and connected; its page errors and CSP violations go to `errors` under `label`. */
export async function openConsole(
  ctx: { server: RunningServer; browser: Browser },
  username: string,
  errors: string[],
  opts: { label?: string; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: opts.viewport ?? { width: 1800, height: 1000 } });
  watchPage(page, errors, opts.label ?? 'console');
  await signIn(page, `${ctx.server.url}/console`, username);
  await waitConnected(page);
  return page;
}

/**
 * A phone (390×844, touch) signed in on /field as `username` and connected; `gps` grants geolocation
 * at that fix. Its page errors and CSP violations go to `errors` as "field: …".
 */
export async function openPhone(
  ctx: { server: RunningServer; browser: Browser },
  username: string,
  errors: string[],
  gps?: { latitude: number; longitude: number; accuracy: number },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await ctx.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...(gps ? { permissions: ['geolocation'], geolocation: gps } : {}),
  });
  const page = await context.newPage();
  watchPage(page, errors, 'field');
  await signIn(page, `${ctx.server.url}/field`, username);
  await waitConnected(page);
  return { context, page };
}
