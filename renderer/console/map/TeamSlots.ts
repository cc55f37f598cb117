import { TEAM_STATUSES, type TeamStatus } from '../../../protocol/domain.ts';
import type { MapDatum } from '../../../protocol/map.ts';
import type { PositionFrame } from '../../../protocol/position.ts';
import { toMap } from './datum.ts';
import { LOST_RGBA, STATUS_RGBA } from './palette.ts';

// Live field teams as deck.gl binary attributes: every team gets one fixed slot the first time it is
// heard, and keeps it, so a positions frame only writes the slots of the teams it names (no array
// rebuilt, no object per team) and deck.gl re-uploads two typed arrays. Movement is smoothed: a new
// fix starts a glide from where the team is drawn to where it is, over SMOOTH_MS.

/** How long a team glides to its new fix: about the 1-s interval teams report at. */
export const SMOOTH_MS = 1_000;
const INITIAL_CAPACITY = 256;
/** A status's index in TEAM_STATUSES, without a search per team per frame. */
const STATUS_INDEX: Readonly<Record<string, number>> = Object.fromEntries(TEAM_STATUSES.map((s, i) => [s, i]));

/** deck.gl's binary data: `length` objects, each attribute a typed array read in place. */
export interface TeamAttributes {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
    /** 1 shown, 0 outside the drill-down (DataFilterExtension, filterRange [1, 1]). */
    getFilterValue: { value: Float32Array; size: 1 };
  };
}

/** The fixed slots of the teams one console sees. */
export class TeamSlots {
  readonly #datum: MapDatum;
  readonly #index = new Map<string, number>();
  #ids: string[] = [];
  #capacity = 0;
  /** Where each glide starts and ends (base map datum), when it started (performance.now() ms). */
  #from = new Float64Array(0);
  #to = new Float64Array(0);
  #start = new Float64Array(0);
  /** What is drawn now. */
  #positions = new Float32Array(0);
  #colours = new Uint8Array(0);
  #status = new Uint8Array(0);
  #lost = new Uint8Array(0);
  #fixedAt = new Float64Array(0);
  #visible = new Float32Array(0);
  /** Slots still gliding: the next step() moves them. */
  readonly #moving = new Set<number>();
  /** Bumped by every change: layers compare it to know when to take new attributes. */
  version = 0;

  constructor(datum: MapDatum) {
    this.#datum = datum;
    this.#grow(INITIAL_CAPACITY);
  }

  get length(): number {
    return this.#ids.length;
  }

  /** The slot of `teamId`, or -1 when it was never placed. */
  slotOf(teamId: string): number {
    return this.#index.get(teamId) ?? -1;
  }

  idAt(slot: number): string | undefined {
    return this.#ids[slot];
  }

  /** Where slot's team is drawn now (base map datum). */
  positionAt(slot: number): [number, number] {
    return [this.#positions[2 * slot]!, this.#positions[2 * slot + 1]!];
  }

  statusAt(slot: number): TeamStatus {
    return TEAM_STATUSES[this.#status[slot]!] ?? 'idle';
  }

  fixedAtOf(slot: number): number {
    return this.#fixedAt[slot]!;
  }

  /**
   * Applies one positions frame at time `now` (performance.now() ms): each team it names glides from
   * where it is drawn to its new fix; a team seen for the first time appears there at once. A full
   * frame (on connect) jumps every team to its fix. O(teams in the frame).
   */
  applyFrame(frame: PositionFrame, now: number): void {
    const { teamIds, lngLat, fixedAt, status } = frame;
    // The hot path of the live map (10,000 units: a thousand teams a frame): no allocation per team.
    const wgs = this.#datum === 'WGS-84';
    for (let i = 0; i < teamIds.length; i++) {
      const id = teamIds[i]!;
      const lng = lngLat[2 * i];
      const lat = lngLat[2 * i + 1];
      if (lng === undefined || lat === undefined) continue;
      const fixed = fixedAt[i] ?? 0;
      let slot = this.#index.get(id);
      const fresh = slot === undefined;
      if (slot === undefined) slot = this.#allocate(id);
      // Frames may arrive out of order across a reconnect: an older fix never moves a team back.
      else if (fixed < this.#fixedAt[slot]!) continue;
      let x = lng;
      let y = lat;
      if (!wgs) [x, y] = toMap(this.#datum, lng, lat);
      this.#fixedAt[slot] = fixed;
      const s = status[i];
      if (s !== undefined) this.#status[slot] = STATUS_INDEX[s] ?? 0;
      if (fresh || frame.full) {
        this.#place(slot, x, y);
      } else {
        this.#from[2 * slot] = this.#positions[2 * slot]!;
        this.#from[2 * slot + 1] = this.#positions[2 * slot + 1]!;
        this.#to[2 * slot] = x;
        this.#to[2 * slot + 1] = y;
        this.#start[slot] = now;
        this.#moving.add(slot);
      }
      this.#paint(slot);
    }
    if (teamIds.length > 0) this.version++;
  }

  /** Places a team where it was last known (GET /api/teams) when no frame has placed it yet. */
  placeIfAbsent(teamId: string, lng: number, lat: number, fixedAt: number, status: TeamStatus): void {
    if (this.#index.has(teamId)) return;
    const slot = this.#allocate(teamId);
    const [x, y] = toMap(this.#datum, lng, lat);
    this.#fixedAt[slot] = fixedAt;
    this.#status[slot] = STATUS_INDEX[status] ?? 0;
    this.#place(slot, x, y);
    this.#paint(slot);
    this.version++;
  }

  /** Status and lost as the dispatch model knows them ('team:updated', 'team:lost'); a change repaints the team. */
  setState(teamId: string, status: TeamStatus, lost: boolean): void {
    const slot = this.#index.get(teamId);
    if (slot === undefined) return;
    const s = STATUS_INDEX[status] ?? 0;
    const l = lost ? 1 : 0;
    if (this.#status[slot] === s && this.#lost[slot] === l) return;
    this.#status[slot] = s;
    this.#lost[slot] = l;
    this.#paint(slot);
    this.version++;
  }

  /** Shows or hides a team (the drill-down narrows the map to a court's subtree). */
  setVisible(teamId: string, visible: boolean): void {
    const slot = this.#index.get(teamId);
    const v = visible ? 1 : 0;
    if (slot === undefined || this.#visible[slot] === v) return;
    this.#visible[slot] = v;
    this.version++;
  }

  /** Moves every gliding team to where it is at `now`; true while any still glides. */
  step(now: number): boolean {
    if (this.#moving.size === 0) return false;
    for (const slot of this.#moving) {
      const t = Math.min(1, (now - this.#start[slot]!) / SMOOTH_MS);
      // Ease out: the glide starts at the speed of the previous one and settles on the fix.
      const e = 1 - (1 - t) * (1 - t);
      const fx = this.#from[2 * slot]!;
      const fy = this.#from[2 * slot + 1]!;
      this.#positions[2 * slot] = fx + (this.#to[2 * slot]! - fx) * e;
      this.#positions[2 * slot + 1] = fy + (this.#to[2 * slot + 1]! - fy) * e;
      if (t >= 1) this.#moving.delete(slot);
    }
    this.version++;
    return this.#moving.size > 0;
  }

  /** A new descriptor over the same arrays (deck.gl compares data by identity). */
  attributes(): TeamAttributes {
    return {
      length: this.#ids.length,
      attributes: {
        getPosition: { value: this.#positions, size: 2 },
        getFillColor: { value: this.#colours, size: 4, normalized: true },
        getFilterValue: { value: this.#visible, size: 1 },
      },
    };
  }

  #place(slot: number, x: number, y: number): void {
    this.#moving.delete(slot);
    this.#positions[2 * slot] = x;
    this.#positions[2 * slot + 1] = y;
    this.#to[2 * slot] = x;
    this.#to[2 * slot + 1] = y;
  }

  #paint(slot: number): void {
    const rgba = this.#lost[slot] ? LOST_RGBA : STATUS_RGBA[TEAM_STATUSES[this.#status[slot]!] ?? 'idle'];
    const c = this.#colours;
    const at = 4 * slot;
    c[at] = rgba[0];
    c[at + 1] = rgba[1];
    c[at + 2] = rgba[2];
    c[at + 3] = rgba[3];
  }

  #allocate(id: string): number {
    const slot = this.#ids.length;
    if (slot >= this.#capacity) this.#grow(this.#capacity * 2);
    this.#ids.push(id);
    this.#index.set(id, slot);
    this.#visible[slot] = 1;
    return slot;
  }

  /** Doubles the arrays (amortised: a console meets each team once). */
  #grow(capacity: number): void {
    const grow = <A extends Float64Array | Float32Array | Uint8Array>(old: A, make: (n: number) => A, per: number): A => {
      const next = make(capacity * per);
      next.set(old);
      return next;
    };
    this.#from = grow(this.#from, (n) => new Float64Array(n), 2);
    this.#to = grow(this.#to, (n) => new Float64Array(n), 2);
    this.#start = grow(this.#start, (n) => new Float64Array(n), 1);
    this.#positions = grow(this.#positions, (n) => new Float32Array(n), 2);
    this.#colours = grow(this.#colours, (n) => new Uint8Array(n), 4);
    this.#status = grow(this.#status, (n) => new Uint8Array(n), 1);
    this.#lost = grow(this.#lost, (n) => new Uint8Array(n), 1);
    this.#fixedAt = grow(this.#fixedAt, (n) => new Float64Array(n), 1);
    this.#visible = grow(this.#visible, (n) => new Float32Array(n), 1);
    this.#capacity = capacity;
  }
}
