import { Type, type Static } from 'typebox';

// The vocabulary of ../shared/DOMAIN.md, as wire types shared by server and clients.

/** Court levels, top down (三统一: the upper court manages, commands and coordinates the lower). */
export const CourtLevel = Type.Enum(['high', 'intermediate', 'basic']);
export type CourtLevel = Static<typeof CourtLevel>;

/**
 * Roles. The three administrator duties are separate (三权分立): system admin (accounts, devices),
 * security admin (security settings, lockouts), audit admin (reads and verifies the audit trail).
 */
export const ROLES = ['operator', 'dispatcher', 'leader', 'field_officer', 'supervisor', 'sysadmin', 'secadmin', 'auditadmin'] as const;
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** Four-colour risk, most severe first: 红 > 黄 > 蓝 > 绿. */
export const RISK_COLOURS = ['red', 'yellow', 'blue', 'green'] as const;
export const RiskColour = Type.Enum(RISK_COLOURS);
export type RiskColour = Static<typeof RiskColour>;

/** Supervision clock colours (三色督办): green ≤ 1 month, yellow > 1 month, red > 3 months. */
export const SupervisionColour = Type.Enum(['green', 'yellow', 'red']);
export type SupervisionColour = Static<typeof SupervisionColour>;

/** Flow nodes of an enforcement case (流程节点, seed 004), in order. */
export const CASE_STAGES = ['filing', 'asset_search', 'service', 'triage', 'on_site', 'disposal', 'payout', 'closed'] as const;
export const CaseStage = Type.Enum(CASE_STAGES);
export type CaseStage = Static<typeof CaseStage>;

/** Chinese names of the stages, for screens. */
export const STAGE_NAMES: Record<CaseStage, string> = {
  filing: '立案',
  asset_search: '查控',
  service: '文书送达',
  triage: '繁简分流',
  on_site: '实施',
  disposal: '财产处置/网拍',
  payout: '案款发放',
  closed: '结案/终本',
};

/** Case track after triage (繁简分流). */
export const CaseTrack = Type.Enum(['simple', 'complex']);
export type CaseTrack = Static<typeof CaseTrack>;

/** Risk factors recorded on a case or action (风险研判); the rules in config turn them into a colour. */
export const RISK_FACTORS = [
  'key_person', // 重点人员
  'violence_risk', // 暴力/自伤风险
  'group_incident', // 群体性 / 涉众
  'stability_risk', // 涉稳
  'petition', // 信访
  'public_opinion', // 舆情
  'past_resistance', // 拒执
  'overdue_node', // 节点超期 (computed)
] as const;
export const RiskFactor = Type.Enum(RISK_FACTORS);
export type RiskFactor = Static<typeof RiskFactor>;

/** A field team's status, in this order wherever a status is stored as a number (track history). */
export const TEAM_STATUSES = ['idle', 'en_route', 'on_scene', 'returning'] as const;
export const TeamStatus = Type.Enum(TEAM_STATUSES);
export type TeamStatus = Static<typeof TeamStatus>;

export const ActionKind = Type.Enum(['search', 'seizure', 'eviction', 'summons']);
export type ActionKind = Static<typeof ActionKind>;

/** An enforcement action's life: planned → ongoing → finished, or cancelled before it starts. */
export const ACTION_STATUSES = ['planned', 'ongoing', 'finished', 'cancelled'] as const;
export const ActionStatus = Type.Enum(ACTION_STATUSES);
export type ActionStatus = Static<typeof ActionStatus>;
