import type { Producer } from 'mediasoup-client/types';
import { MediaClient } from '../lib/media.ts';
import { connect, type Connection } from '../lib/socket.ts';
import { t } from '../lib/i18n.ts';
import { Store } from '../lib/store.ts';
import { FieldChat } from './FieldChat.ts';
import { FieldDispatch } from './FieldDispatch.ts';
import { FieldTalk } from './FieldTalk.ts';

const ID_KEY = 'field.terminalId';
const LABEL_KEY = 'field.label';
/** Set while the camera is on: a page reloaded (or crashed and reopened) turns it on again by itself. */
const CAMERA_KEY = 'field.cameraOn';

export type PublishState =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'live'; stream: MediaStream }
  /** The camera is on but its feed is being published again (network back, server restarted, moved to an action's room). */
  | { kind: 'republishing'; stream: MediaStream }
  | { kind: 'error'; message: string };

/** How well the SFU receives the camera: its score (0-10, best layer) and what we send (kb/s). */
export interface Uplink {
  score: number | null;
  kbps: number | null;
}

const UPLINK_TICK_MS = 2000;
/** Publishing again after a loss waits a little (the server may still be closing the old transport), longer each time. */
const REPUBLISH_DELAYS_MS = [300, 1000, 2000, 5000];

/** The field terminal's state outside React: its identity, connection and camera. */
export class FieldModel {
  readonly terminalId: string;
  readonly label: Store<string>;
  readonly publish = new Store<PublishState>({ kind: 'idle' });
  readonly uplink = new Store<Uplink>({ score: null, kbps: null });
  /** Team status, GPS, instructions and SOS. */
  readonly dispatch: FieldDispatch;
  /** Action chat (一案一群) of the team's open actions. */
  readonly chat: FieldChat;
  /** Push-to-talk: the command centre's voice in, the officer's answer out. */
  readonly talk: FieldTalk;
  #connection: Connection;
  #media: MediaClient;
  #producers: Producer[] = [];
  #attempt = 0;
  #republishTimer: ReturnType<typeof setTimeout> | undefined;
  #uplinkTimer: ReturnType<typeof setInterval> | undefined;
  #lastBytes: { bytes: number; at: number } | null = null;

  /** `userId`: the signed-in officer (their own chat messages are not unread). */
  constructor(userId: string | null = null) {
    // The id survives reloads so the console sees the same terminal come back, not a new one.
    this.terminalId = localStorage.getItem(ID_KEY) ?? crypto.randomUUID();
    localStorage.setItem(ID_KEY, this.terminalId);
    this.label = new Store(localStorage.getItem(LABEL_KEY) ?? t('field.defaultLabel', { id: this.terminalId.slice(0, 4) }));
    this.#connection = connect({ client: 'field', terminalId: this.terminalId, label: this.label.get() });
    // Listeners first: the server replays open instructions before 'session:ready'.
    this.dispatch = new FieldDispatch(this.#connection.socket);
    this.chat = new FieldChat(this.#connection.socket, userId);
    this.#media = new MediaClient(this.#connection.socket);
    const { socket } = this.#connection;
    this.talk = new FieldTalk(socket, this.#media, () => this.#stream()?.getAudioTracks()[0] ?? null);
    // After a reconnect the server has forgotten our producers: publish again if the camera is on.
    socket.on('session:ready', () => {
      if (this.#stream() && this.#producers.every((p) => p.closed)) this.#scheduleRepublish(0);
    });
    // The SFU closed our send transport (our team started or left an action, its worker died) or its ICE failed.
    this.#media.onSendLost((why) => {
      if (!this.#stream()) return;
      const state = this.publish.get();
      if (state.kind === 'live') this.publish.set({ kind: 'republishing', stream: state.stream });
      // A dropped socket publishes again on session:ready; anything else right away.
      if (why !== 'disconnected') this.#scheduleRepublish(0);
    });
    socket.on('media:score', ({ feedId, score }) => {
      if (this.#producers.some((p) => p.id === feedId && p.kind === 'video')) this.uplink.update((u) => ({ ...u, score }));
    });
    if (sessionStorage.getItem(CAMERA_KEY) === 'on') void this.startCamera();
  }

  get connection(): Connection {
    return this.#connection;
  }

  /** Renames the terminal; the console sees the new name after the socket reconnects with it. */
  rename(label: string): void {
    const clean = label.trim().slice(0, 64);
    if (!clean || clean === this.label.get()) return;
    localStorage.setItem(LABEL_KEY, clean);
    this.label.set(clean);
    this.#connection.socket.auth = { client: 'field', terminalId: this.terminalId, label: clean };
    this.#connection.socket.disconnect().connect();
  }

  /** Opens the camera (and microphone when there is one) and publishes it to the SFU, trying again by itself until it is live. */
  async startCamera(): Promise<void> {
    if (this.publish.get().kind !== 'idle' && this.publish.get().kind !== 'error') return;
    this.publish.set({ kind: 'starting' });
    let stream: MediaStream;
    try {
      await this.#media.whenReady();
      const { capture } = (await this.#media.setup()).setup;
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: capture.width }, height: { ideal: capture.height }, frameRate: { ideal: capture.frameRate }, facingMode: 'environment' },
        audio: true,
      });
    } catch (err) {
      this.stopCamera();
      this.publish.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    sessionStorage.setItem(CAMERA_KEY, 'on');
    this.publish.set({ kind: 'republishing', stream });
    await this.#republish();
  }

  /** The camera's stream while it is on (live or being published again). */
  #stream(): MediaStream | null {
    const state = this.publish.get();
    return state.kind === 'live' || state.kind === 'republishing' ? state.stream : null;
  }

  #scheduleRepublish(attempt: number): void {
    clearTimeout(this.#republishTimer);
    this.#attempt = attempt;
    const wait = REPUBLISH_DELAYS_MS[Math.min(attempt, REPUBLISH_DELAYS_MS.length - 1)];
    this.#republishTimer = setTimeout(() => void this.#republish(), wait);
  }

  /** Publishes the camera's tracks on a new send transport; tried again (with waits) until it works or the camera stops. */
  async #republish(): Promise<void> {
    const stream = this.#stream();
    if (!stream) return;
    this.publish.set({ kind: 'republishing', stream });
    try {
      await this.#media.whenReady();
      this.#producers = await this.#media.publish(stream.getTracks());
      if (this.#stream() !== stream) return;
      this.#attempt = 0;
      this.publish.set({ kind: 'live', stream });
      this.#watchUplink();
    } catch {
      if (this.#stream() === stream) this.#scheduleRepublish(this.#attempt + 1);
    }
  }

  /** What the camera sends, every 2 s, beside the SFU's score. */
  #watchUplink(): void {
    clearInterval(this.#uplinkTimer);
    this.#lastBytes = null;
    this.#uplinkTimer = setInterval(() => {
      const video = this.#producers.find((p) => p.kind === 'video' && !p.closed);
      if (!video) return;
      video.getStats().then((stats) => {
        let bytes = 0;
        stats.forEach((s: { type?: string; bytesSent?: number }) => {
          if (s.type === 'outbound-rtp' && typeof s.bytesSent === 'number') bytes += s.bytesSent;
        });
        const now = Date.now();
        const last = this.#lastBytes;
        this.#lastBytes = { bytes, at: now };
        if (last && now > last.at) this.uplink.update((u) => ({ ...u, kbps: Math.round(((bytes - last.bytes) * 8) / (now - last.at)) }));
      }, () => undefined /* a producer closing under us: the next tick reads the new one */);
    }, UPLINK_TICK_MS);
  }

  /** Stops the camera and closes the socket (sign-out). */
  close(): void {
    this.talk.close();
    this.dispatch.close();
    this.stopCamera();
    this.#media.close();
    this.#connection.close();
  }

  stopCamera(): void {
    sessionStorage.removeItem(CAMERA_KEY);
    clearTimeout(this.#republishTimer);
    clearInterval(this.#uplinkTimer);
    for (const p of this.#producers) p.close();
    this.#producers = [];
    this.#media.unpublish();
    const stream = this.#stream();
    if (stream) for (const track of stream.getTracks()) track.stop();
    this.publish.set({ kind: 'idle' });
    this.uplink.set({ score: null, kbps: null });
  }
}
