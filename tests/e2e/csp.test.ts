import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailable, useServerAndBrowser, watchPage } from '../support/browser.ts';
import { skipTitle } from '../support/skip.ts';

const skip = browserUnavailable();

// The other browser tests assert `errors` empty, and watchPage puts every CSP violation there: these
// prove that a violation does land in it, and that the policy refuses what it should.
describe.skipIf(skip)(skipTitle('the Content-Security-Policy in Chromium', skip), () => {
  const ctx = useServerAndBrowser({ before: beforeAll, after: afterAll });

  /** `path` opened up to its login form, watched; its errors must be none so far. */
  async function openWatched(path: '/console' | '/field'): Promise<{ page: Page; errors: string[] }> {
    const page = await ctx.browser.newPage();
    const errors: string[] = [];
    watchPage(page, errors, path.slice(1));
    await page.goto(`${ctx.server.url}${path}`);
    await page.getByTestId('login-submit').waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
    return { page, errors };
  }

  /** Resolves once Chromium logs a console message matching `what` (a refusal follows its action). */
  function logged(page: Page, what: RegExp): Promise<unknown> {
    return page.waitForEvent('console', { predicate: (m) => what.test(m.text()), timeout: 10_000 });
  }

  test('watchPage() reports an inline script the console page refuses to run', async () => {
    const { page, errors } = await openWatched('/console');
    const refused = logged(page, /Content Security Policy/);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.body.dataset.injected = "ran"';
      document.head.append(script);
      return document.body.dataset.injected ?? null;
    });
    assert.equal(ran, null, 'the inline script ran');
    await refused;
    assert.match(errors.join('\n'), /^console: .*script-src/m);
    await page.close();
  });

  test('watchPage() reports an inline event handler and a string timer (eval) the field page refuses', async () => {
    const { page, errors } = await openWatched('/field');
    // DevTools' evaluate is exempt from the page's CSP, so the refused code must run as the page's own.
    const handlerRefused = logged(page, /inline event handler/);
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'injected';
      button.setAttribute('onclick', 'document.body.dataset.injected = "ran"');
      document.body.append(button);
    });
    await page.locator('#injected').click();
    await handlerRefused;
    const evalRefused = logged(page, /unsafe-eval/);
    await page.evaluate(() => {
      // A string timer is eval: the policy must refuse it.
      setTimeout('document.body.dataset.injected = "ran"');
    });
    await evalRefused;
    assert.equal(await page.evaluate(() => document.body.dataset.injected ?? null), null);
    assert.match(errors.join('\n'), /^field: .*script-src-attr/m);
    assert.match(errors.join('\n'), /^field: .*unsafe-eval/m);
    await page.close();
  });

  test('no page may frame the field page, not even the console of the same origin (frame-ancestors none)', async () => {
    const { page, errors } = await openWatched('/console');
    const framed = logged(page, /frame-ancestors/);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, `${ctx.server.url}/field`);
    await framed;
    // The refused frame shows Chromium's error page, not the login form of /field.
    const fieldFrame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(fieldFrame);
    assert.equal(await fieldFrame.getByTestId('login-submit').count(), 0);
    assert.match(errors.join('\n'), /^console: .*frame-ancestors/m);
    await page.close();
  });
});
