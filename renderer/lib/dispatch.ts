import type { TeamStatus } from '../../protocol/domain.ts';
import type { InstructionPriority, InstructionState, InstructionView } from '../../protocol/instruction.ts';
import type { Warning } from '../../protocol/warning.ts';

// Words and pure helpers of dispatch shared by the console and the field terminal (zh-CN first).

export const TEAM_STATUSES: readonly TeamStatus[] = ['idle', 'en_route', 'on_scene', 'returning'];

export const TEAM_STATUS_ZH: Record<TeamStatus, string> = {
  idle: '空闲',
  en_route: '在途',
  on_scene: '到场',
  returning: '返回',
};

export const PRIORITY_ZH: Record<InstructionPriority, string> = {
  normal: '一般',
  urgent: '紧急',
  critical: '特急',
};

export const STATE_ZH: Record<InstructionState, string> = {
  issued: '已下达',
  delivered: '已送达',
  acknowledged: '已签收',
  done: '已完成',
  refused: '已拒收',
  expired: '已过期',
};

const PRIORITY_RANK: Record<InstructionPriority, number> = { critical: 0, urgent: 1, normal: 2 };
const FINAL: ReadonlySet<InstructionState> = new Set(['done', 'refused', 'expired']);

export function isFinal(state: InstructionState): boolean {
  return FINAL.has(state);
}

/** 「12 秒前」「3 分钟前」: how long ago `ms` (epoch) was, from `now`. */
export function ageZh(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} 秒前`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分钟前`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} 小时前`;
  return `${Math.floor(h / 24)} 天前`;
}

/** Seconds between two ISO times as 「+12 秒」「+3 分 5 秒」; '' when either is missing. */
export function deltaZh(fromIso: string | null, toIso: string | null): string {
  if (!fromIso || !toIso) return '';
  const s = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (s < 60) return `+${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `+${m} 分 ${s % 60} 秒`;
  return `+${Math.floor(m / 60)} 时 ${m % 60} 分`;
}

/** The field's order: open ones first, most urgent first, then oldest first (work the queue in order). */
export function sortForField(list: readonly InstructionView[]): InstructionView[] {
  const open = (v: InstructionView) => (v.targets.every((t) => isFinal(t.state)) ? 1 : 0);
  return [...list].sort(
    (a, b) => open(a) - open(b) || PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.issuedAt.localeCompare(b.issuedAt),
  );
}

/** The console's order: newest first. */
export function sortForConsole(list: readonly InstructionView[]): InstructionView[] {
  return [...list].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
}

const LEVEL_RANK: Record<Warning['level'], number> = { critical: 0, high: 1, normal: 2 };

/** Warnings as the console lists them: open SOS on top, then open by level, newest first; acknowledged last. */
export function sortWarnings(list: readonly Warning[]): Warning[] {
  const rank = (w: Warning) => (w.acknowledgedAt ? 100 : 0) + (w.kind === 'sos' ? 0 : 10) + LEVEL_RANK[w.level];
  return [...list].sort((a, b) => rank(a) - rank(b) || b.raisedAt.localeCompare(a.raisedAt));
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
