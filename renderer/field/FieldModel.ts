import type { Producer } from 'mediasoup-client/types';
import { MediaClient } from '../lib/media.ts';
import { connect, type Connection } from '../lib/socket.ts';
import { t } from '../lib/i18n.ts';
import { Store } from '../lib/store.ts';
import { FieldDispatch } from './FieldDispatch.ts';

const ID_KEY = 'field.terminalId';
const LABEL_KEY = 'field.label';

export type PublishState = { kind: 'idle' } | { kind: 'starting' } | { kind: 'live'; stream: MediaStream } | { kind: 'error'; message: string };

/** The field terminal's state outside React: its identity, connection and camera. */
export class FieldModel {
  readonly terminalId: string;
  readonly label: Store<string>;
  readonly publish = new Store<PublishState>({ kind: 'idle' });
  /** Team status, GPS, instructions and SOS. */
  readonly dispatch: FieldDispatch;
  #connection: Connection;
  #media: MediaClient;
  #producers: Producer[] = [];

  constructor() {
    // The id survives reloads so the console sees the same terminal come back, not a new one.
    this.terminalId = localStorage.getItem(ID_KEY) ?? crypto.randomUUID();
    localStorage.setItem(ID_KEY, this.terminalId);
    this.label = new Store(localStorage.getItem(LABEL_KEY) ?? t('field.defaultLabel', { id: this.terminalId.slice(0, 4) }));
    this.#connection = connect({ client: 'field', terminalId: this.terminalId, label: this.label.get() });
    // Listeners first: the server replays open instructions before 'session:ready'.
    this.dispatch = new FieldDispatch(this.#connection.socket);
    this.#media = new MediaClient(this.#connection.socket);
    // After a reconnect the server has forgotten our producers: publish again if we were live.
    this.#connection.socket.on('session:ready', () => {
      if (this.publish.get().kind === 'live' && this.#producers.every((p) => p.closed)) void this.#republish();
    });
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

  /** Opens the camera (and microphone when there is one) and publishes it to the SFU. */
  async startCamera(): Promise<void> {
    if (this.publish.get().kind === 'live' || this.publish.get().kind === 'starting') return;
    this.publish.set({ kind: 'starting' });
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, facingMode: 'environment' },
        audio: true,
      });
      this.publish.set({ kind: 'live', stream });
      await this.#republish();
    } catch (err) {
      this.stopCamera();
      this.publish.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  async #republish(): Promise<void> {
    const state = this.publish.get();
    if (state.kind !== 'live') return;
    this.#media.close();
    this.#media = new MediaClient(this.#connection.socket);
    this.#producers = [];
    for (const track of state.stream.getTracks()) this.#producers.push(await this.#media.publish(track));
  }

  /** Stops the camera and closes the socket (sign-out). */
  close(): void {
    this.dispatch.close();
    this.stopCamera();
    this.#media.close();
    this.#connection.close();
  }

  stopCamera(): void {
    for (const p of this.#producers) p.close();
    this.#producers = [];
    this.#media.close();
    this.#media = new MediaClient(this.#connection.socket);
    const state = this.publish.get();
    if (state.kind === 'live') for (const track of state.stream.getTracks()) track.stop();
    this.publish.set({ kind: 'idle' });
  }
}
