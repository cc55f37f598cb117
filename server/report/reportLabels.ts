import type { ActionKind, ActionStatus, RiskColour, Role } from '../../protocol/domain.ts';
import type { InstructionPriority, InstructionState } from '../../protocol/instruction.ts';
import type { PlanRole } from '../../protocol/plan.ts';

// The words of the report's PDF (zh-CN, as the console's i18n tables word the same codes), and how it
// writes times: Beijing time, whatever zone the server runs in.

export const KIND_NAMES: Record<ActionKind, string> = { search: '搜查', seizure: '查封扣押', eviction: '强制迁出', summons: '拘传' };
export const STATUS_NAMES: Record<ActionStatus, string> = { planned: '计划中', ongoing: '进行中', finished: '已结束', cancelled: '已取消' };
export const COLOUR_NAMES: Record<RiskColour, string> = { red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' };
export const PLAN_ROLE_NAMES: Record<PlanRole, string> = {
  assault: '主攻',
  cordon: '警戒',
  evidence: '取证',
  medical: '医疗',
  negotiation: '劝导',
  support: '保障',
  command: '指挥',
};
export const STATE_NAMES: Record<InstructionState, string> = {
  issued: '已下达',
  delivered: '已送达',
  acknowledged: '已签收',
  done: '已反馈',
  refused: '已拒收',
  expired: '已过期',
};
export const PRIORITY_NAMES: Record<InstructionPriority, string> = { normal: '一般', urgent: '紧急', critical: '特急' };
export const ROLE_NAMES: Record<Role, string> = {
  operator: '值班员',
  dispatcher: '调度员',
  leader: '院领导',
  field_officer: '外勤干警',
  supervisor: '上级督办',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

/** China keeps UTC+8 all year (no daylight saving): a fixed offset is exact. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `2026-06-01 14:03:05` in Beijing time; `—` for none. */
export function beijingTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A size as people read it: 1.4 MB, 820 KB, 96 B. */
export function byteSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
