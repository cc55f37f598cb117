import { EventEmitter } from 'node:events';
import type { Producer, Router } from 'mediasoup/types';
import type { FeedInfo, MediaRoomId } from '../../protocol/media.ts';

/** Who publishes a feed and for what: the officer, their team and court, and the action the team is on. */
export interface FeedOwner {
  terminalId: string;
  label: string;
  userId: string;
  officer: string;
  courtId: string;
  courtName: string;
  teamId: string | null;
  teamName: string | null;
  actionId: string | null;
  caseNumber: string | null;
  /** Only for a push-to-talk track. */
  talk?: FeedInfo['talk'];
}

/** A live track as other features see it (recording): its producer and the router it lives on. */
export interface LiveFeed {
  readonly info: FeedInfo;
  readonly producer: Producer;
  readonly router: Router;
}

/** One live track published by a field terminal into a media room: a mediasoup Producer and who it belongs to. */
export class Feed extends EventEmitter<{ '@close': [] }> implements LiveFeed {
  readonly producer: Producer;
  readonly router: Router;
  readonly info: FeedInfo;
  #closed = false;

  constructor(producer: Producer, router: Router, roomId: MediaRoomId, owner: FeedOwner, startedAt: Date) {
    super();
    this.producer = producer;
    this.router = router;
    this.info = { feedId: producer.id, kind: producer.kind, startedAt: startedAt.toISOString(), roomId, ...owner };
    // The transport or router closing closes the producer under us.
    producer.observer.once('close', () => this.close());
  }

  get id(): string {
    return this.producer.id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.producer.closed) this.producer.close();
    this.emit('@close');
  }
}
