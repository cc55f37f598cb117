import type { FeedInfo } from '../../protocol/media.ts';
import type { MediaClient } from '../lib/media.ts';
import type { ClientSocket } from '../lib/socket.ts';
import { Store } from '../lib/store.ts';
import type { Subscription } from '../lib/Subscription.ts';

/** What the field page plays: the command centre speaking, and who. */
export interface IncomingTalk {
  feed: FeedInfo;
  track: MediaStreamTrack;
}

export type OutgoingTalk = { kind: 'idle' } | { kind: 'opening' } | { kind: 'talking'; feedId: string } | { kind: 'error'; message: string };

/**
 * Push-to-talk on the field page (对讲): plays what the command centre says to the team (talk:started,
 * consumed through the SFU) with 指挥中心正在讲话 on screen, and sends the officer's answer while the
 * button is held: the camera's microphone when it is on, else the microphone opened for the talk.
 */
export class FieldTalk {
  readonly incoming = new Store<IncomingTalk | null>(null);
  readonly outgoing = new Store<OutgoingTalk>({ kind: 'idle' });
  readonly #media: MediaClient;
  readonly #cameraAudio: () => MediaStreamTrack | null;
  #sub: Subscription | null = null;
  #stop: (() => void) | null = null;
  #ownMic: MediaStreamTrack | null = null;
  #held = false;

  constructor(socket: ClientSocket, media: MediaClient, cameraAudio: () => MediaStreamTrack | null) {
    this.#media = media;
    this.#cameraAudio = cameraAudio;
    socket.on('talk:started', (feed) => {
      if (feed.talk?.from === 'console') void this.#listen(feed);
    });
    socket.on('talk:ended', ({ feedId }) => {
      if (this.#sub?.feed.feedId === feedId) this.#hangUp();
    });
  }

  async #listen(feed: FeedInfo): Promise<void> {
    // The latest talk wins: a second speaker replaces the first.
    this.#hangUp();
    try {
      const sub = await this.#media.subscribe(feed);
      this.#sub = sub;
      sub.onEnded(() => {
        if (this.#sub === sub) this.#hangUp();
      });
      this.incoming.set({ feed, track: sub.track });
    } catch {
      // The talk ended before we could listen: nothing to play.
    }
  }

  #hangUp(): void {
    const sub = this.#sub;
    this.#sub = null;
    sub?.close();
    this.incoming.set(null);
  }

  /** The 对讲 button went down: open the microphone's feed to the consoles following the action. */
  async press(): Promise<void> {
    if (this.#held) return;
    this.#held = true;
    this.outgoing.set({ kind: 'opening' });
    try {
      let track = this.#cameraAudio()?.clone() ?? null;
      if (!track) {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        track = stream.getAudioTracks()[0] ?? null;
        this.#ownMic = track;
      }
      if (!track) throw new Error('no microphone');
      const talk = await this.#media.talk(track, { teamId: null });
      const cloned = track;
      this.#stop = () => {
        talk.stop();
        cloned.stop();
      };
      // Released while the feed was opening: end it at once.
      if (!this.#held) this.release();
      else this.outgoing.set({ kind: 'talking', feedId: talk.feedId });
    } catch (err) {
      this.#held = false;
      this.outgoing.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The button came up: the talk ends (its recording closes). */
  release(): void {
    this.#held = false;
    this.#stop?.();
    this.#stop = null;
    this.#ownMic?.stop();
    this.#ownMic = null;
    if (this.outgoing.get().kind !== 'error') this.outgoing.set({ kind: 'idle' });
  }

  close(): void {
    this.release();
    this.#hangUp();
  }
}
