// What the media benches read from the SFU of a server running in this process: its workers (found
// through mediasoup's own observer, so nothing in server/media has to expose them), their CPU time,
// and the packets its producers receive and its consumers send.
import * as mediasoup from 'mediasoup';
import type { Consumer, Producer, Worker } from 'mediasoup/types';

/** A snapshot of the SFU's cumulative counters. */
export interface SfuSample {
  /** When it was taken (performance.now(), ms). */
  at: number;
  /** ru_utime + ru_stime of every worker, ms. */
  cpuMs: number;
  packetsIn: number;
  packetsOut: number;
  bytesOut: number;
}

/** Watches every mediasoup worker created after it starts: call before the server starts. */
export class SfuWatch {
  readonly workers = new Set<Worker>();
  readonly consumers = new Set<Consumer>();
  readonly producers = new Set<Producer>();
  readonly #onWorker = (worker: Worker) => {
    this.workers.add(worker);
    worker.observer.once('close', () => this.workers.delete(worker));
    worker.observer.on('newrouter', (router) => {
      router.observer.on('newtransport', (transport) => {
        transport.observer.on('newconsumer', (c) => {
          this.consumers.add(c);
          c.observer.once('close', () => this.consumers.delete(c));
        });
        // A pipe transport's producers repeat packets counted where they were first received.
        transport.observer.on('newproducer', (p) => {
          if (transport.type === 'pipe') return;
          this.producers.add(p);
          p.observer.once('close', () => this.producers.delete(p));
        });
      });
    });
  };

  constructor() {
    mediasoup.observer.on('newworker', this.#onWorker);
  }

  /**
   * Worker CPU and RTP counters now. Consumers of piped routers count too; pipe producers do not (their
   * packets are counted where they were received). Reading the counters is one request per object to
   * the worker: a window's first sample reads them before the CPU (`'start'`), its last after it
   * (`'end'`), so the window's CPU never includes the bench's own reads.
   */
  async sample(edge: 'start' | 'end'): Promise<SfuSample> {
    if (edge === 'end') {
      const at = performance.now();
      const cpuMs = await this.#cpuMs();
      return { at, cpuMs, ...(await this.#counters()) };
    }
    const counters = await this.#counters();
    const at = performance.now();
    return { at, cpuMs: await this.#cpuMs(), ...counters };
  }

  async #cpuMs(): Promise<number> {
    let cpuMs = 0;
    for (const w of this.workers) {
      if (w.closed) continue;
      const ru = await w.getResourceUsage();
      cpuMs += ru.ru_utime + ru.ru_stime;
    }
    return cpuMs;
  }

  async #counters(): Promise<{ packetsIn: number; packetsOut: number; bytesOut: number }> {
    let packetsIn = 0;
    for (const p of this.producers) {
      if (p.closed) continue;
      for (const s of await p.getStats().catch(() => [])) packetsIn += s.packetCount;
    }
    let packetsOut = 0;
    let bytesOut = 0;
    for (const c of this.consumers) {
      if (c.closed || c.type === 'pipe') continue;
      for (const s of await c.getStats().catch(() => [])) {
        if (s.type !== 'outbound-rtp') continue;
        packetsOut += s.packetCount;
        bytesOut += s.byteCount;
      }
    }
    return { packetsIn, packetsOut, bytesOut };
  }

  /** Consumers that are live (not pipe ones): the SFU's count of the bench's consumers. */
  get liveConsumers(): number {
    return [...this.consumers].filter((c) => !c.closed && c.type !== 'pipe').length;
  }

  close(): void {
    mediasoup.observer.off('newworker', this.#onWorker);
  }
}

/** Per-second rates between two samples. */
export function rates(a: SfuSample, b: SfuSample): { seconds: number; cpuMsPerS: number; packetsInPerS: number; packetsOutPerS: number; mbpsOut: number } {
  const seconds = (b.at - a.at) / 1000;
  return {
    seconds,
    cpuMsPerS: (b.cpuMs - a.cpuMs) / seconds,
    packetsInPerS: (b.packetsIn - a.packetsIn) / seconds,
    packetsOutPerS: (b.packetsOut - a.packetsOut) / seconds,
    mbpsOut: ((b.bytesOut - a.bytesOut) * 8) / seconds / 1e6,
  };
}
