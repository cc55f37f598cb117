import { EventEmitter } from 'node:events';
import type { Producer } from 'mediasoup/types';
import type { FeedInfo } from '../../protocol/media.ts';

export interface FeedOptions {
  terminalId: string;
  label: string;
  courtId: string;
}

/** One live track published by a field terminal: a mediasoup Producer and who it belongs to. */
export class Feed extends EventEmitter {
  readonly producer: Producer;
  readonly info: FeedInfo;
  #closed = false;

  constructor(producer: Producer, opts: FeedOptions) {
    super();
    this.producer = producer;
    this.info = {
      feedId: producer.id,
      terminalId: opts.terminalId,
      label: opts.label,
      courtId: opts.courtId,
      kind: producer.kind,
      startedAt: new Date().toISOString(),
    };
    // The transport or router closing closes the producer under us.
    producer.observer.once('close', () => this.close());
  }

  get id(): string {
    return this.producer.id;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.producer.closed) this.producer.close();
    this.emit('@close');
  }
}
