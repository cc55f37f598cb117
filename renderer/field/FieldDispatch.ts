import type { ActionView } from '../../protocol/action.ts';
import type { TeamStatus } from '../../protocol/domain.ts';
import { PHOTO_MAX_BYTES, type InstructionView } from '../../protocol/instruction.ts';
import type { TeamPosition } from '../../protocol/position.ts';
import { errorMessage, sortForField } from '../lib/dispatch.ts';
import { tBoth } from '../lib/i18n.ts';
import { mergeById, mergeInstruction } from '../lib/resync.ts';
import { request, type ClientSocket } from '../lib/socket.ts';
import { Store } from '../lib/store.ts';

export interface MyTeam {
  id: string;
  name: string;
  status: TeamStatus;
  lost: boolean;
  courtName: string;
}

export type GpsState =
  | { kind: 'off' }
  | { kind: 'locating' }
  | { kind: 'fixed'; accuracy: number; lng: number; lat: number; at: number }
  | { kind: 'error'; message: string };

export type SosState = { kind: 'idle' } | { kind: 'confirm' } | { kind: 'sending' } | { kind: 'sent'; at: string } | { kind: 'error'; message: string };

/** What an instruction card is doing: nothing, a request in flight, or the last failure. */
export type StepState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; message: string };

/** At most one position a second (the server's rate). */
const SEND_EVERY_MS = 1000;

/**
 * Dispatch on the field terminal, outside React: the officer's team and its status, GPS, the
 * instructions of the team (sign for, feedback, refuse) and SOS. Created with the socket so the listener for
 * the replayed 'instruction:new' (sent before 'session:ready') is in place from the start.
 */
export class FieldDispatch {
  /** The officer's team as the server named it ('terminal:context'); null for an officer in no team. */
  readonly team = new Store<MyTeam | null>(null);
  /** false until the server's first 'terminal:context'. */
  readonly teamKnown = new Store<boolean>(false);
  /** The open enforcement actions the team is assigned to, ongoing first. */
  readonly actions = new Store<readonly ActionView[]>([]);
  /** Where the team stands at each action's site, by action id, as the geofence last told it (已到达现场); unknown until it crosses. */
  readonly onSite = new Store<ReadonlyMap<string, 'arrived' | 'departed'>>(new Map());
  readonly teamError = new Store<string | null>(null);
  readonly gps = new Store<GpsState>({ kind: 'off' });
  readonly instructions = new Store<readonly InstructionView[]>([]);
  readonly steps = new Store<Readonly<Record<string, StepState>>>({});
  readonly sos = new Store<SosState>({ kind: 'idle' });
  readonly #socket: ClientSocket;
  #watchId: number | null = null;
  #lastSent = 0;
  #latestFix: TeamPosition | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  /** Kept until the server answers, so a resend after a lost ack is the same SOS. */
  #sosKey: string | null = null;

  constructor(socket: ClientSocket) {
    this.#socket = socket;
    socket.on('terminal:context', (c) => {
      const first = c.teams[0];
      const live = this.team.get();
      this.team.set(first ? { id: first.id, name: first.name, courtName: first.courtName, status: live?.id === first.id ? live.status : first.status, lost: first.lost } : null);
      this.teamKnown.set(true);
      this.actions.set(c.actions);
    });
    // Watchers joining or leaving, teams added: the briefing changes while the action is open.
    socket.on('action:updated', (view) => this.actions.update((list) => list.map((a) => (a.id === view.id ? view : a))));
    socket.on('instruction:new', (view) => {
      this.#merge([view]);
      // Every copy is answered, duplicates too (the server's at-least-once delivery waits for it).
      request(socket, 'instruction:delivered', { instructionId: view.id }).then(
        (v) => this.#merge([v]),
        () => {}, // the next replay (on reconnect) asks again
      );
    });
    socket.on('instruction:updated', (view) => this.#merge([view]));
    // The server sends a terminal only its own team's arrivals and departures.
    socket.on('action:event', ({ actionId, entry }) => {
      const { kind } = entry;
      if (kind === 'arrived' || kind === 'departed') this.onSite.update((m) => new Map(m).set(actionId, kind));
    });
    socket.on('team:updated', (u) => {
      const team = this.team.get();
      if (team && team.id === u.teamId) this.team.set({ ...team, status: u.status, lost: u.lost });
    });
    socket.on('error:message', (m) => {
      if (m.event === 'team:position') this.teamError.set(m.message);
    });
    socket.on('session:ready', () => {
      this.#send();
      // Signed-for instructions are no longer pushed on reconnect: ask for the open ones.
      request(socket, 'instruction:list', {}).then(
        (list) => this.#merge(list),
        () => {},
      );
    });
  }

  /** A replay or a list answer older than a step already seen never moves a card back (states only move forward). */
  #merge(views: readonly InstructionView[]): void {
    this.instructions.update((list) => sortForField(mergeById(list, views, mergeInstruction)));
  }

  async setStatus(status: TeamStatus): Promise<void> {
    try {
      const u = await request(this.#socket, 'team:status', { status });
      const team = this.team.get();
      if (team?.id === u.teamId) this.team.set({ ...team, status: u.status, lost: u.lost });
      this.teamError.set(null);
    } catch (err) {
      this.teamError.set(errorMessage(err));
    }
  }

  // --- instructions ---------------------------------------------------------------------------

  async #step(id: string, run: () => Promise<InstructionView>): Promise<boolean> {
    this.steps.update((s) => ({ ...s, [id]: { kind: 'busy' } }));
    try {
      this.#merge([await run()]);
      this.steps.update((s) => ({ ...s, [id]: { kind: 'idle' } }));
      return true;
    } catch (err) {
      this.steps.update((s) => ({ ...s, [id]: { kind: 'error', message: errorMessage(err) } }));
      return false;
    }
  }

  /** Signs for the instruction (the officer has read it). */
  acknowledge(instructionId: string): Promise<boolean> {
    return this.#step(instructionId, () => request(this.#socket, 'instruction:ack', { instructionId }));
  }

  /** Feedback: text and an optional photo (a data: URL within PHOTO_MAX_BYTES). */
  feedback(instructionId: string, text: string, photo: string | null): Promise<boolean> {
    const clean = text.trim();
    return this.#step(instructionId, () =>
      request(this.#socket, 'instruction:feedback', photo ? { instructionId, text: clean, photo } : { instructionId, text: clean }),
    );
  }

  /** Refuses the instruction, with the reason the console reads. */
  refuse(instructionId: string, reason: string): Promise<boolean> {
    return this.#step(instructionId, () => request(this.#socket, 'instruction:refuse', { instructionId, reason: reason.trim() }));
  }

  // --- GPS --------------------------------------------------------------------------------------

  /** Watches the position while the page is open and sends it at most once a second. */
  startGps(): void {
    if (this.#watchId !== null) return;
    if (!('geolocation' in navigator)) {
      this.gps.set({ kind: 'error', message: tBoth('gps.unsupported') });
      return;
    }
    this.gps.set({ kind: 'locating' });
    this.#ticker = setInterval(() => this.#send(), SEND_EVERY_MS);
    this.#watchId = navigator.geolocation.watchPosition(
      (pos) => this.#onFix(pos),
      (err) => this.gps.set({ kind: 'error', message: err.message || `code ${err.code}` }),
      { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
    );
  }

  stopGps(): void {
    if (this.#watchId !== null) navigator.geolocation.clearWatch(this.#watchId);
    this.#watchId = null;
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    this.gps.set({ kind: 'off' });
  }

  #onFix(pos: GeolocationPosition): void {
    const c = pos.coords;
    this.gps.set({ kind: 'fixed', accuracy: c.accuracy, lng: c.longitude, lat: c.latitude, at: pos.timestamp });
    // WGS-84 as the browser gives it; the console converts for its base map.
    const fix: TeamPosition = { lng: c.longitude, lat: c.latitude, at: new Date(pos.timestamp).toISOString() };
    if (Number.isFinite(c.accuracy)) fix.accuracy = Math.min(10_000, Math.max(0, c.accuracy));
    if (c.speed !== null && Number.isFinite(c.speed)) fix.speed = Math.min(100, Math.max(0, c.speed));
    if (c.heading !== null && Number.isFinite(c.heading)) fix.heading = Math.min(360, Math.max(0, c.heading));
    this.#latestFix = fix;
    this.#send();
  }

  /**
   * Sends the latest fix unless one went out less than a second ago. A ticker calls it every second
   * too: a phone standing still gets no new fix, and the server marks a silent team lost; the fix
   * keeps its own time, so the console's age stays honest.
   */
  #send(): void {
    const fix = this.#latestFix;
    if (!fix || !this.#socket.connected || Date.now() - this.#lastSent < SEND_EVERY_MS - 50) return;
    this.#lastSent = Date.now();
    this.#socket.emit('team:position', fix);
  }

  // --- SOS --------------------------------------------------------------------------------------

  /** The first press asks to confirm; an accidental tap sends nothing. */
  askSos(): void {
    if (this.sos.get().kind !== 'sending') this.sos.set({ kind: 'confirm' });
  }

  cancelSos(): void {
    if (this.sos.get().kind === 'confirm') this.sos.set({ kind: 'idle' });
  }

  async raiseSos(): Promise<void> {
    this.#sosKey ??= crypto.randomUUID();
    this.sos.set({ kind: 'sending' });
    const gps = this.gps.get();
    const team = this.team.get();
    try {
      await request(this.#socket, 'sos:raise', {
        clientKey: this.#sosKey,
        ...(team ? { teamId: team.id } : {}),
        ...(gps.kind === 'fixed' ? { position: { lng: gps.lng, lat: gps.lat } } : {}),
      });
      this.#sosKey = null;
      this.sos.set({ kind: 'sent', at: new Date().toISOString() });
    } catch (err) {
      this.sos.set({ kind: 'error', message: errorMessage(err) });
    }
  }

  close(): void {
    this.stopGps();
  }
}

/**
 * A photo for the feedback as a data: URL the server accepts: JPEG or PNG of at most PHOTO_MAX_BYTES.
 * Camera photos are usually larger: they are scaled down and re-encoded as JPEG until they fit.
 */
export async function photoDataUrl(file: Blob): Promise<string> {
  const maxChars = 'data:image/jpeg;base64,'.length + Math.ceil(PHOTO_MAX_BYTES / 3) * 4;
  if ((file.type === 'image/jpeg' || file.type === 'image/png') && file.size <= PHOTO_MAX_BYTES) {
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsDataURL(file);
    });
    if (url.length <= maxChars) return url;
  }
  const bitmap = await createImageBitmap(file);
  for (const [side, quality] of [[1600, 0.8], [1280, 0.7], [1024, 0.6], [800, 0.5], [640, 0.4]] as const) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= maxChars) return url;
  }
  throw new Error(tBoth('step.photoTooLarge'));
}
