import type { FeedInfo } from '../../../protocol/media.ts';
import type { MediaClient } from '../../lib/media.ts';
import { RequestError } from '../../lib/socket.ts';
import type { Subscription } from '../../lib/Subscription.ts';

/** What a tile shows about its picture, computed from decoded frames, never from signalling alone. */
export type TileState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  /** Frames stopped: the last picture is kept, dimmed, with its time. */
  | { kind: 'stalled'; lastFrameAt: number }
  | { kind: 'offline' }
  | { kind: 'hidden' };

export interface TileView {
  state: TileState;
  frames: number;
  fps: number;
  /** The spatial layer the SFU sends now (0 lowest), null while none. */
  layer: number | null;
  /** The layer this tile's size asks for. */
  wanted: number;
}

const TICK_MS = 1000;
/** No new frame for this long: the tile says 停滞 and keeps the last picture's time. */
const STALL_MS = 2500;
/** Stalled this long: ask for a key frame; this long again: consume anew (a new transport when needed). */
const KEYFRAME_AFTER_MS = 3000;
const RECONSUME_AFTER_MS = 6000;
/** Size changes settle this long before the SFU is asked for another layer (repeated asks can freeze video). */
export const LAYER_DEBOUNCE_MS = 150;

/** The top spatial layer (720p of a 1280×720 capture). */
const TOP_LAYER = 2;

/**
 * The layer a tile needs for the picture it shows: the 16:9 picture fitted into width × height CSS
 * pixels, in device pixels; 180p up to 240 rows (a third upscaled at most), 360p up to 480, else 720p.
 */
export function layerForSize(width: number, height: number, pixelRatio: number): number {
  const rows = Math.min(height, (width * 9) / 16) * pixelRatio;
  if (rows > 480) return 2;
  if (rows > 240) return 1;
  return 0;
}

/**
 * The link between one wall tile and the SFU: subscribes, shows the track, watches decoded frames,
 * heals itself (key frame, then a new consumer), asks for the layer the tile's size needs, and
 * pauses while the tile is hidden (0×0). One per mounted tile; `destroy()` releases the consumer and
 * the element's decoder (`srcObject = null`, Chromium caps live media elements).
 */
export class TileLink {
  readonly #media: MediaClient;
  readonly #feed: FeedInfo;
  readonly #video: HTMLVideoElement;
  readonly #onView: (v: TileView) => void;
  #sub: Subscription | null = null;
  #view: TileView = { state: { kind: 'connecting' }, frames: 0, fps: 0, layer: null, wanted: 0 };
  #lastFrames = 0;
  #lastFrameAt = 0;
  #keyframeAsked = false;
  #hidden = false;
  #focused = false;
  #bySize = 0;
  #retry = 0;
  #timer: ReturnType<typeof setInterval>;
  #sizeTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #subscribing = false;
  #destroyed = false;

  constructor(media: MediaClient, feed: FeedInfo, video: HTMLVideoElement, onView: (v: TileView) => void) {
    this.#media = media;
    this.#feed = feed;
    this.#video = video;
    this.#onView = onView;
    this.#timer = setInterval(() => void this.#tick(), TICK_MS);
    void this.#subscribe();
  }

  /** The tile's rendered size changed (ResizeObserver): choose a layer, or pause while hidden; debounced. */
  resize(width: number, height: number, pixelRatio: number): void {
    clearTimeout(this.#sizeTimer);
    this.#sizeTimer = setTimeout(() => {
      this.#hidden = width === 0 || height === 0;
      if (!this.#hidden) this.#bySize = layerForSize(width, height, pixelRatio);
      this.#set({ wanted: this.#focused ? TOP_LAYER : this.#bySize });
      void this.#apply();
    }, LAYER_DEBOUNCE_MS);
  }

  /** A focused tile takes the top layer whatever its size (a leader looking closely); back to its size's layer after. */
  focus(focused: boolean): void {
    if (this.#focused === focused) return;
    this.#focused = focused;
    this.#set({ wanted: focused ? TOP_LAYER : this.#bySize });
    void this.#apply();
  }

  async #apply(): Promise<void> {
    const sub = this.#sub;
    if (!sub) return;
    try {
      await sub.setPaused(this.#hidden);
      if (!this.#hidden) await sub.preferLayer(this.#view.wanted);
      this.#set({ state: this.#hidden ? { kind: 'hidden' } : this.#view.state.kind === 'hidden' ? { kind: 'connecting' } : this.#view.state });
      if (!this.#hidden) this.#lastFrameAt = Date.now();
    } catch {
      // The consumer went away meanwhile: its end starts a new subscription, which applies the size again.
    }
  }

  async #subscribe(): Promise<void> {
    if (this.#destroyed || this.#subscribing) return;
    this.#subscribing = true;
    this.#set({ state: { kind: 'connecting' }, layer: null });
    try {
      const sub = await this.#media.subscribe(this.#feed);
      if (this.#destroyed) {
        sub.close();
        return;
      }
      this.#retry = 0;
      this.#sub = sub;
      this.#lastFrames = await sub.framesDecoded().catch(() => 0);
      this.#lastFrameAt = Date.now();
      this.#keyframeAsked = false;
      sub.layer.subscribe(() => this.#set({ layer: sub.layer.get() }));
      sub.onEnded(() => {
        if (this.#sub !== sub) return;
        this.#sub = null;
        this.#later();
      });
      this.#video.srcObject = new MediaStream([sub.track]);
      // Muted autoplay needs no user gesture; wall screens have nobody to click.
      this.#video.play().catch(() => undefined);
      await this.#apply();
    } catch (err) {
      // A feed the server no longer has (or never let us see) is offline; anything else is tried again.
      if (err instanceof RequestError && err.code === 'ERR_NOT_FOUND') this.#set({ state: { kind: 'offline' } });
      this.#later();
    } finally {
      this.#subscribing = false;
    }
  }

  /** Subscribes again after a short wait, longer each time in a row (0.5 s … 5 s). */
  #later(): void {
    if (this.#destroyed) return;
    clearTimeout(this.#retryTimer);
    const wait = Math.min(5000, 500 * 2 ** this.#retry++);
    this.#retryTimer = setTimeout(() => void this.#subscribe(), wait);
  }

  async #tick(): Promise<void> {
    const sub = this.#sub;
    if (!sub || this.#hidden) return;
    const frames = await sub.framesDecoded().catch(() => this.#lastFrames);
    if (sub !== this.#sub) return;
    const now = Date.now();
    const fps = Math.max(0, Math.round(((frames - this.#lastFrames) * 1000) / TICK_MS));
    if (frames > this.#lastFrames) {
      this.#lastFrames = frames;
      this.#lastFrameAt = now;
      this.#keyframeAsked = false;
      this.#set({ state: { kind: 'live' }, frames, fps });
      return;
    }
    const still = now - this.#lastFrameAt;
    if (this.#view.frames > 0 && still >= STALL_MS) this.#set({ state: { kind: 'stalled', lastFrameAt: this.#lastFrameAt }, fps: 0 });
    else this.#set({ fps: 0 });
    if (still >= RECONSUME_AFTER_MS) {
      // The picture stays away: a new consumer (the client makes a new transport if this one failed).
      sub.close();
      this.#sub = null;
      void this.#subscribe();
    } else if (still >= KEYFRAME_AFTER_MS && !this.#keyframeAsked) {
      this.#keyframeAsked = true;
      sub.requestKeyFrame().catch(() => undefined);
    }
  }

  #set(patch: Partial<TileView>): void {
    this.#view = { ...this.#view, ...patch };
    this.#onView(this.#view);
  }

  destroy(): void {
    this.#destroyed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#sizeTimer);
    clearTimeout(this.#retryTimer);
    this.#sub?.close();
    this.#sub = null;
    this.#video.srcObject = null;
  }
}
