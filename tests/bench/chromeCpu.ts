// CPU time of Chromium's processes over DevTools: a page's renderer process (Performance.getMetrics:
// ProcessTime, the process's CPU seconds; TaskDuration, the time its main thread spent in tasks, in
// wall time, so a starved thread's waits count) and the browser's GPU process
// (SystemInfo.getProcessInfo), which composites every video frame (SwiftShader here).
import type { Browser, CDPSession, Page } from 'playwright-core';

/** Cumulative seconds of one page's renderer: CPU of the whole process, and wall time its main thread spent in tasks. */
export interface PageCpu {
  processS: number;
  mainThreadS: number;
}

/** Reads a page's renderer CPU; `read()` is cumulative, so figures are deltas of two reads. */
export async function watchPageCpu(page: Page): Promise<{ read(): Promise<PageCpu> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { processS: get('ProcessTime'), mainThreadS: get('TaskDuration') };
    },
  };
}

/** Cumulative CPU seconds of the browser's GPU process and of all its processes together. */
export async function watchBrowserCpu(browser: Browser): Promise<{ read(): Promise<{ gpuS: number; allS: number }> }> {
  const cdp = await browser.newBrowserCDPSession();
  return {
    async read() {
      const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
      let gpuS = 0;
      let allS = 0;
      for (const p of processInfo) {
        allS += p.cpuTime;
        if (p.type === 'GPU') gpuS += p.cpuTime;
      }
      return { gpuS, allS };
    },
  };
}

/** Percent of one core used between two cumulative readings `dt` seconds apart. */
export function pctOfCore(beforeS: number, afterS: number, dtS: number): number {
  return Math.round(((afterS - beforeS) / dtS) * 1000) / 10;
}
