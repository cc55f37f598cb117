import type { ActionKind, ActionStatus, RiskColour, Role } from '../../protocol/domain.ts';

// The words users read for the domain's codes, zh-CN (the screens' first language).

export const ROLE_ZH: Record<Role, string> = {
  operator: '值班员',
  dispatcher: '调度员',
  leader: '院领导',
  field_officer: '外勤干警',
  supervisor: '上级督办',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};

export const RISK_COLOUR_ZH: Record<RiskColour, string> = { red: '红', yellow: '黄', blue: '蓝', green: '绿' };

export const ACTION_KIND_ZH: Record<ActionKind, string> = { search: '搜查', seizure: '查封扣押', eviction: '强制迁出', summons: '拘传' };

export const ACTION_STATUS_ZH: Record<ActionStatus, string> = { planned: '计划中', ongoing: '进行中', finished: '已结束', cancelled: '已取消' };

/** Seizure, search and eviction need two or more recorders on site (全程录音录像). */
export function recordersNeeded(kind: ActionKind): number {
  return kind === 'summons' ? 1 : 2;
}
