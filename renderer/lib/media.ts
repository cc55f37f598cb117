import { Device } from 'mediasoup-client';
import type { Producer, Transport } from 'mediasoup-client/types';
import type { FeedInfo, MediaSetup, TalkTarget, TransportClosed, TransportOptions } from '../../protocol/media.ts';
import { listen, request, type ClientSocket } from './socket.ts';
import { Store } from './store.ts';
import { Subscription } from './Subscription.ts';

/** Why a field page's send transport went away: it publishes again on a new one. */
export type SendLost = TransportClosed['reason'] | 'failed' | 'disconnected';

// A receive transport created for another tile's consume answer arrives with that answer.
const TRANSPORT_WAIT_MS = 8_000;

/**
 * The browser side of the SFU for one socket. A field page publishes on one send transport (in the
 * media room the server puts it in); a console consumes on one receive transport per router it
 * watches from, each created when a `media:consume` answer brings its options. Whatever the server
 * closes is closed here too; when the socket drops everything is forgotten (the server forgot it).
 */
export class MediaClient {
  /** True between the server's session:ready and the next drop: requests sent while false would be replayed late. */
  readonly ready: Store<boolean>;
  readonly #socket: ClientSocket;
  #setup: Promise<{ device: Device; setup: MediaSetup }> | null = null;
  #send: Transport | null = null;
  /** The action a console's send transport talks into (null: a terminal's own room). */
  #sendAction: string | null = null;
  readonly #recv = new Map<string, { transport: Promise<Transport>; resolve: (t: Transport) => void }>();
  readonly #subs = new Map<string, Subscription>();
  readonly #sendLost = new Set<(why: SendLost) => void>();
  readonly #offs: (() => void)[] = [];
  #closed = false;

  constructor(socket: ClientSocket) {
    this.#socket = socket;
    this.ready = new Store(socket.connected);
    this.#offs.push(
      listen(socket, {
        'media:consumer:closed': ({ consumerId }) => this.#subs.get(consumerId)?.end('server'),
        'media:transport:closed': ({ transportId, reason }) => this.#transportGone(transportId, reason),
        'media:layers': ({ consumerId, spatialLayer }) => this.#subs.get(consumerId)?.layer.set(spatialLayer),
        'session:ready': () => this.ready.set(true),
      }),
    );
    // The server closes a dropped socket's transports: forget ours, and publish or consume again after session:ready.
    const onDisconnect = () => {
      this.ready.set(false);
      this.reset();
    };
    socket.on('disconnect', onDisconnect);
    this.#offs.push(() => socket.off('disconnect', onDisconnect));
  }

  /** Resolves once the connection is ready (at once when it is). */
  whenReady(): Promise<void> {
    if (this.ready.get()) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.ready.subscribe(() => {
        if (!this.ready.get()) return;
        off();
        resolve();
      });
    });
  }

  /** The routers' capabilities and the capture settings (loaded once per connection). */
  setup(): Promise<{ device: Device; setup: MediaSetup }> {
    this.#setup ??= (async () => {
      const setup = await request(this.#socket, 'media:capabilities');
      const device = new Device();
      await device.load({ routerRtpCapabilities: setup.rtpCapabilities });
      return { device, setup };
    })();
    this.#setup.catch(() => (this.#setup = null));
    return this.#setup;
  }

  /** Called when the send transport is lost (server closed it, ICE failed, socket dropped). */
  onSendLost(fn: (why: SendLost) => void): () => void {
    this.#sendLost.add(fn);
    return () => this.#sendLost.delete(fn);
  }

  /** A new send transport (an older one is closed with its tracks): the terminal's room, or for a console the action `actionId`'s. */
  async #openSend(actionId?: string): Promise<Transport> {
    const { device } = await this.setup();
    this.#send?.close();
    this.#send = null;
    this.#sendAction = actionId ?? null;
    const options = await request(this.#socket, 'media:transport:create', actionId === undefined ? { direction: 'send' } : { direction: 'send', actionId });
    const transport = device.createSendTransport(options);
    this.#send = transport;
    this.#wire(transport);
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const talk = appData['talk'] as TalkTarget | undefined;
      request(this.#socket, 'media:produce', { transportId: transport.id, kind, rtpParameters, ...(talk ? { talk } : {}) }).then(
        ({ feedId }) => callback({ id: feedId }),
        errback,
      );
    });
    return transport;
  }

  /**
   * Publishes tracks on a new send transport (an older one is closed): video as VP8 simulcast with
   * the server's layers, lowest first; audio as is. Returns the producers (their ids are the feed ids).
   */
  async publish(tracks: readonly MediaStreamTrack[]): Promise<Producer[]> {
    const { device, setup } = await this.setup();
    const transport = await this.#openSend();
    const vp8 = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
    const producers: Producer[] = [];
    for (const track of tracks) {
      producers.push(
        await transport.produce(
          track.kind === 'video'
            ? {
                track,
                codec: vp8,
                encodings: setup.simulcast.map((l, i) => ({ rid: `r${i}`, scaleResolutionDownBy: l.scaleResolutionDownBy, maxBitrate: l.maxBitrate })),
                codecOptions: { videoGoogleStartBitrate: 1000 },
                stopTracks: false,
              }
            : { track, stopTracks: false },
        ),
      );
    }
    return producers;
  }

  /**
   * Starts a push-to-talk: `track` (a microphone) as one audio feed until `stop()`. A console talks
   * within `actionId` to `target.teamId` (null: every team); a terminal answers on its own send
   * transport (its camera's, or one opened for the talk).
   */
  async talk(track: MediaStreamTrack, target: TalkTarget, actionId?: string): Promise<{ feedId: string; stop: () => void }> {
    await this.whenReady();
    const transport = this.#send && this.#sendAction === (actionId ?? null) ? this.#send : await this.#openSend(actionId);
    const producer = await transport.produce({ track, stopTracks: false, appData: { talk: target } });
    return {
      feedId: producer.id,
      stop: () => {
        if (producer.closed) return;
        producer.close();
        request(this.#socket, 'media:producer:close', { feedId: producer.id }).catch(() => undefined /* gone with its transport */);
      },
    };
  }

  /** Closes the send transport (camera off). */
  unpublish(): void {
    this.#send?.close();
    this.#send = null;
  }

  /** Subscribes to a feed: the server creates a paused consumer (and a transport when needed), resumed once ours exists. */
  async subscribe(feed: FeedInfo): Promise<Subscription> {
    await this.whenReady();
    const { device } = await this.setup();
    const answer = await request(this.#socket, 'media:consume', { feedId: feed.feedId, rtpCapabilities: device.rtpCapabilities });
    let transport: Transport;
    try {
      transport = await this.#recvTransport(device, answer.transportId, answer.transport);
    } catch (err) {
      request(this.#socket, 'media:consumer:close', { consumerId: answer.id }).catch(() => undefined);
      throw err;
    }
    const consumer = await transport.consume({ id: answer.id, producerId: answer.feedId, kind: answer.kind, rtpParameters: answer.rtpParameters });
    const sub = new Subscription(this.#socket, feed, consumer);
    this.#subs.set(consumer.id, sub);
    sub.onEnded(() => this.#subs.delete(consumer.id));
    await request(this.#socket, 'media:consumer:resume', { consumerId: consumer.id });
    return sub;
  }

  #recvTransport(device: Device, id: string, options: TransportOptions | undefined): Promise<Transport> {
    let entry = this.#recv.get(id);
    if (!entry) {
      let resolve!: (t: Transport) => void;
      let reject!: (e: Error) => void;
      const transport = new Promise<Transport>((res, rej) => ((resolve = res), (reject = rej)));
      const timer = setTimeout(() => reject(new Error(`media: transport ${id} never arrived`)), TRANSPORT_WAIT_MS);
      transport.then(() => clearTimeout(timer), () => this.#recv.delete(id));
      entry = { transport, resolve };
      this.#recv.set(id, entry);
    }
    if (options) {
      const t = device.createRecvTransport(options);
      this.#wire(t);
      entry.resolve(t);
    }
    return entry.transport;
  }

  /** Connects a transport through the server and gives it up when its ICE fails. */
  #wire(transport: Transport): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(this.#socket, 'media:transport:connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state !== 'failed') return;
      request(this.#socket, 'media:transport:close', { transportId: transport.id }).catch(() => undefined);
      this.#transportGone(transport.id, 'failed');
    });
  }

  #transportGone(transportId: string, reason: SendLost): void {
    if (this.#send?.id === transportId) {
      this.#send.close();
      this.#send = null;
      for (const fn of this.#sendLost) fn(reason);
      return;
    }
    const entry = this.#recv.get(transportId);
    if (!entry) return;
    this.#recv.delete(transportId);
    // Closing a transport ends its consumers ('transportclose'), and so their subscriptions.
    entry.transport.then((t) => t.close(), () => undefined);
  }

  /** Forgets everything (the socket dropped: the server closed our transports); a live camera publishes again after session:ready. */
  reset(): void {
    const hadSend = this.#send !== null;
    this.#send?.close();
    this.#send = null;
    for (const sub of [...this.#subs.values()]) sub.end('disconnected');
    for (const id of [...this.#recv.keys()]) this.#transportGone(id, 'closed');
    this.#setup = null;
    if (hadSend) for (const fn of this.#sendLost) fn('disconnected');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.reset();
    this.#sendLost.clear();
    for (const off of this.#offs) off();
  }
}
