import type { Kysely } from 'kysely';
import type { CourtLevel } from '../../protocol/domain.ts';
import type { Database } from '../store/index.ts';

/** One court as the tree keeps it. */
export interface CourtNode {
  id: string;
  name: string;
  shortName: string;
  level: CourtLevel;
  parentId: string | null;
  caseCode: string;
  lng: number;
  lat: number;
}

/**
 * The court hierarchy in memory (about a hundred rows per province): answers "which courts may a
 * user of court X see" — X and every court below it — without a recursive query per request.
 */
export class CourtTree {
  readonly #nodes = new Map<string, CourtNode>();
  readonly #children = new Map<string, string[]>();
  readonly #subtree = new Map<string, readonly string[]>();
  readonly #above = new Map<string, readonly string[]>();

  constructor(courts: readonly CourtNode[]) {
    for (const c of courts) this.#nodes.set(c.id, c);
    for (const c of courts) {
      if (c.parentId === null) continue;
      const siblings = this.#children.get(c.parentId) ?? [];
      siblings.push(c.id);
      this.#children.set(c.parentId, siblings);
    }
  }

  static async load(db: Kysely<Database>): Promise<CourtTree> {
    const rows = await db.selectFrom('courts').selectAll().orderBy('id').execute();
    return new CourtTree(
      rows.map((r) => ({
        id: r.id,
        name: r.name,
        shortName: r.short_name,
        level: r.level,
        parentId: r.parent_id,
        caseCode: r.case_code,
        lng: r.lng,
        lat: r.lat,
      })),
    );
  }

  get(id: string): CourtNode | undefined {
    return this.#nodes.get(id);
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** The court and all its subordinates, depth first; empty for an unknown id. */
  subtree(id: string): readonly string[] {
    const cached = this.#subtree.get(id);
    if (cached) return cached;
    if (!this.#nodes.has(id)) return [];
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      out.push(next);
      // Reversed onto the stack so the walk visits children in id order (浙01 before 浙02).
      const children = this.#children.get(next) ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
    }
    this.#subtree.set(id, out);
    return out;
  }

  /**
   * The court and every court above it, nearest first (empty for an unknown id): the courts whose
   * consoles may see something of `id`.
   */
  above(id: string): readonly string[] {
    const cached = this.#above.get(id);
    if (cached) return cached;
    const out: string[] = [];
    for (let at = this.#nodes.get(id); at; at = at.parentId === null ? undefined : this.#nodes.get(at.parentId)) out.push(at.id);
    this.#above.set(id, out);
    return out;
  }

  /** True when a user of `viewerCourtId` may see `courtId` (same court or a subordinate). */
  canSee(viewerCourtId: string, courtId: string): boolean {
    return this.above(courtId).includes(viewerCourtId);
  }
}
