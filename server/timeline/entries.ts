import type { ActionKind, Role } from '../../protocol/domain.ts';
import type { InstructionPriority } from '../../protocol/instruction.ts';
import type { TimelineEntry, TimelineKind, TimelineRefs } from '../../protocol/timeline.ts';
import type { WarningKind } from '../../protocol/warning.ts';
import type { ActionEventTable } from '../store/index.ts';

// Timeline entries as people read them (zh-CN), built from store rows: one function per source, so a
// live entry (action:event) and the same one read back (GET …/timeline) are identical, ids included.

const KIND_NAMES: Record<ActionKind, string> = { search: '搜查', seizure: '查封扣押', eviction: '强制迁出', summons: '拘传' };
const ROLE_NAMES: Record<Role, string> = {
  operator: '值班员',
  dispatcher: '调度员',
  leader: '院领导',
  field_officer: '执行干警',
  supervisor: '督办员',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditadmin: '审计管理员',
};
const WARNING_NAMES: Record<WarningKind, string> = { sos: 'SOS 紧急求助', 'instruction-unacked': '指令未签收', 'team-lost': '执行组失联', 'disk-low': '存储空间不足' };
const PRIORITY_NAMES: Record<InstructionPriority, string> = { normal: '', urgent: '【紧急】', critical: '【特急】' };
const STEP_NAMES: Record<string, string> = {
  delivered: '已送达',
  acknowledged: '已签收',
  done: '已反馈',
  refused: '已拒收',
  expired: '已过期（未签收）',
  escalated: '未按时签收，已升级至组长',
};

type Actor = TimelineEntry['actor'];
type Team = TimelineEntry['team'];

function entry(id: string, at: string, kind: TimelineKind, actor: Actor, team: Team, text: string, refs: TimelineRefs = {}): TimelineEntry {
  return { id, at, kind, actor, team, text, refs };
}

/** What the action's own row and audit entries say: planned, started (with its frozen plan), finished, cancelled. */
export function statusEntry(id: string, at: string, to: 'planned' | 'ongoing' | 'finished' | 'cancelled', actor: Actor, extra: { kind?: ActionKind; planVersion?: number | null }): TimelineEntry {
  switch (to) {
    case 'planned':
      return entry(id, at, 'planned', actor, null, `计划执行时间（${extra.kind ? KIND_NAMES[extra.kind] : '执行行动'}）`);
    case 'ongoing': {
      const v = extra.planVersion;
      const text = v === undefined ? '行动开始' : v === null ? '行动开始（无预案）' : `行动开始，预案第 ${v} 版已冻结`;
      return entry(id, at, 'started', actor, null, text, v ? { planVersion: v } : {});
    }
    case 'finished':
      return entry(id, at, 'finished', actor, null, '行动结束');
    case 'cancelled':
      return entry(id, at, 'cancelled', actor, null, '行动取消');
  }
}

export function assignEntry(id: string, at: string, added: boolean, actor: Actor, team: NonNullable<Team>): TimelineEntry {
  return entry(id, at, added ? 'team_assigned' : 'team_released', actor, team, added ? `指派 ${team.name}` : `撤回 ${team.name}`);
}

export function planEntry(actionId: string, version: number, at: string, actor: Actor): TimelineEntry {
  return entry(`plan:${actionId}:${version}`, at, 'plan_saved', actor, null, `保存预案第 ${version} 版`, { planVersion: version });
}

/** A row of action_events (arrive, depart, feeds, watchers); `team` null for a team the reader may not see or none. */
export function eventEntry(row: Pick<ActionEventTable, 'id' | 'at' | 'kind' | 'actor_user_id' | 'actor_name' | 'detail'>, team: Team): TimelineEntry {
  const d = JSON.parse(row.detail) as Record<string, unknown>;
  const actor: Actor = { userId: row.actor_user_id, name: row.actor_name };
  const id = `ev:${row.id}`;
  const teamName = team?.name ?? '执行组';
  const media = d['kind'] === 'audio' ? '音频' : '视频';
  const feedId = typeof d['feedId'] === 'string' ? d['feedId'] : undefined;
  const refs: TimelineRefs = feedId ? { feedId } : {};
  switch (row.kind) {
    case 'arrive':
      return entry(id, row.at, 'arrived', null, team, `${teamName} 已到达现场（距中心 ${String(d['distanceM'])} 米）`);
    case 'depart':
      return entry(id, row.at, 'departed', null, team, `${teamName} 已离开现场（距中心 ${String(d['distanceM'])} 米）`);
    case 'feed_on':
      return entry(id, row.at, 'feed_on', actor, team, d['talk'] ? `${row.actor_name} 开始喊话` : `${row.actor_name} 开始回传${media}`, refs);
    case 'feed_off':
      return entry(id, row.at, 'feed_off', actor, team, d['talk'] ? `${row.actor_name} 结束喊话` : `${row.actor_name} 的${media}回传结束`, refs);
    case 'watch_join': {
      const role = typeof d['role'] === 'string' && d['role'] in ROLE_NAMES ? ROLE_NAMES[d['role'] as Role] : '';
      const court = typeof d['courtName'] === 'string' ? `${d['courtName']} ` : '';
      return entry(id, row.at, 'watch_join', actor, null, `${court}${row.actor_name}${role ? `（${role}）` : ''} 开始远程观看`);
    }
    case 'watch_leave':
      return entry(id, row.at, 'watch_leave', actor, null, `${row.actor_name} 停止观看`);
  }
}

export function instructionEntry(
  i: { id: string; text: string; priority: InstructionPriority; issued_at: string; issued_by: string; issued_by_name: string },
  teamNames: readonly string[],
): TimelineEntry {
  return entry(
    `ins:${i.id}`,
    i.issued_at,
    'instruction_issued',
    { userId: i.issued_by, name: i.issued_by_name },
    null,
    `${PRIORITY_NAMES[i.priority]}下达指令「${i.text}」→ ${teamNames.join('、')}`,
    { instructionId: i.id },
  );
}

export function stepEntry(e: { id: string; instruction_id: string; kind: string; at: string; actor_user_id: string | null; actor_name: string; detail: string }, team: NonNullable<Team>, instructionText: string): TimelineEntry {
  const d = JSON.parse(e.detail) as Record<string, unknown>;
  let what = STEP_NAMES[e.kind] ?? e.kind;
  if (e.kind === 'done' && typeof d['feedback'] === 'string') what += `：${d['feedback']}${d['photo'] ? '（附照片）' : ''}`;
  if (e.kind === 'refused' && typeof d['reason'] === 'string') what += `：${d['reason']}`;
  return entry(`iev:${e.id}`, e.at, 'instruction_step', { userId: e.actor_user_id, name: e.actor_name }, team, `${team.name} ${what}（指令「${instructionText}」）`, {
    instructionId: e.instruction_id,
  });
}

export function warningEntries(
  w: { id: string; kind: WarningKind; text: string; raised_at: string; raised_by: string | null; raised_by_name: string | null; acknowledged_at: string | null; acknowledged_by: string | null; acknowledged_by_name: string | null },
  team: Team,
): TimelineEntry[] {
  const raised = entry(`warn:${w.id}`, w.raised_at, 'warning_raised', w.raised_by_name ? { userId: w.raised_by, name: w.raised_by_name } : null, team, w.text, {
    warningId: w.id,
  });
  if (!w.acknowledged_at) return [raised];
  const acked = entry(`warn:${w.id}:ack`, w.acknowledged_at, 'warning_acknowledged', { userId: w.acknowledged_by, name: w.acknowledged_by_name ?? '' }, team, `${WARNING_NAMES[w.kind]}已确认`, {
    warningId: w.id,
  });
  return [raised, acked];
}

export function recordingEntries(
  r: { id: string; officer: string; kind: 'audio' | 'video'; started_at: string; ended_at: string | null; sha256: string | null; end_reason: string | null },
  team: Team,
): TimelineEntry[] {
  const media = r.kind === 'audio' ? '音频' : '视频';
  const out = [entry(`rec:${r.id}`, r.started_at, 'recording_started', null, team, `开始录制 ${r.officer} 的${media}`, { recordingId: r.id })];
  if (r.ended_at && r.sha256) {
    out.push(
      entry(`rec:${r.id}:sealed`, r.ended_at, 'recording_sealed', null, team, `${r.officer} 的${media}录像分段已封存（SHA-256 ${r.sha256.slice(0, 12)}…）`, {
        recordingId: r.id,
        sha256: r.sha256,
      }),
    );
  }
  return out;
}

export function gapEntry(g: { id: string; kind: 'audio' | 'video'; from_at: string; to_at: string; reason: string }, team: Team): TimelineEntry {
  const seconds = Math.max(0, Math.round((Date.parse(g.to_at) - Date.parse(g.from_at)) / 1000));
  return entry(`gap:${g.id}`, g.from_at, 'recording_gap', null, team, `${g.kind === 'audio' ? '音频' : '视频'}录制中断 ${seconds} 秒（${g.reason}）`);
}
