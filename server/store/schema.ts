import type { Generated } from 'kysely';
import type { ActionKind, ActionStatus, CaseStage, CaseTrack, CourtLevel, RiskColour, Role, TeamStatus } from '../../protocol/domain.ts';
import type { InstructionPriority, InstructionState } from '../../protocol/instruction.ts';
import type { WarningKind, WarningLevel } from '../../protocol/warning.ts';

// Portable across SQLite and PostgreSQL: timestamps are ISO-8601 text (UTC, sortable), booleans are
// 0/1 integers, JSON is text, money is integer fen (分). Positions are WGS-84 degrees.

/** Field terminals ever seen: presence history survives restarts. */
export interface TerminalTable {
  terminal_id: string;
  label: string;
  first_seen_at: string;
  last_seen_at: string;
  connect_count: Generated<number>;
}

/** Courts in one tree: high → intermediate → basic. */
export interface CourtTable {
  id: string;
  name: string;
  short_name: string;
  level: CourtLevel;
  parent_id: string | null;
  /** The court's part of a case number: 浙 (high), 浙01 (intermediate), 浙0102 (basic). */
  case_code: string;
  /** Administrative division code of its area (GB/T 2260). */
  division_code: string;
  lng: number;
  lat: number;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  court_id: string;
  role: Role;
  /** scrypt$N$r$p$salt$hash (base64). */
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: string | null;
  disabled: Generated<number>;
  created_at: string;
}

/** Login sessions; the token itself is never stored, only its SHA-256. */
export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface TeamTable {
  id: string;
  court_id: string;
  name: string;
  leader_user_id: string | null;
  vehicle: string | null;
  status: TeamStatus;
  last_lng: number | null;
  last_lat: number | null;
  last_position_at: string | null;
}

export interface TeamMemberTable {
  team_id: string;
  name: string;
  /** judge, assistant, clerk, police */
  duty: string;
  user_id: string | null;
}

export interface DeviceTable {
  id: string;
  team_id: string;
  /** body_cam (执法记录仪), unit_4g (4G单兵), phone */
  kind: string;
  serial: string;
  battery: number | null;
}

export interface CaseTable {
  id: string;
  case_number: string;
  court_id: string;
  applicant: string;
  respondent: string;
  amount_fen: number;
  filed_on: string;
  track: CaseTrack | null;
  stage: CaseStage;
  stage_entered_on: string;
  stage_due_on: string | null;
  /** 裁执分离: the day the ruling was handed over to the executing organ (starts the 三色督办 clock). */
  handed_over_on: string | null;
  /** Risk factors (RiskFactor names) as a JSON array. */
  risk_factors: string;
  risk_colour: RiskColour;
  /** Why the colour: JSON array of reasons, from the rules. */
  risk_reasons: string;
  /** A person's override of the computed colour, with its reason (audited). */
  colour_override: RiskColour | null;
  override_reason: string | null;
  tags: string;
  lng: number;
  lat: number;
  team_id: string | null;
  closed_on: string | null;
}

/** The case timeline: every step, time-stamped (全节点留痕 at case level). */
export interface CaseEventTable {
  id: string;
  case_id: string;
  at: string;
  kind: string;
  text: string;
  actor_user_id: string | null;
}

export interface ActionTable {
  id: string;
  case_id: string;
  court_id: string;
  kind: ActionKind;
  planned_at: string;
  status: ActionStatus;
  risk_factors: string;
  risk_colour: RiskColour;
  risk_reasons: string;
  lng: number;
  lat: number;
  /** When it became ongoing, and when it finished or was cancelled (migration 0006). */
  started_at: string | null;
  ended_at: string | null;
  /** The geofence: arrival and departure are reported when an assigned team crosses this circle around (lng, lat) (migration 0008). */
  site_radius_m: Generated<number>;
  /** The plan version in force when the action started (frozen); null before the start or without a plan. */
  plan_version: number | null;
}

/** The plan (预案) of an action, one row per saved version (1, 2, …); written only by server/actions, never after the start. */
export interface ActionPlanTable {
  action_id: string;
  version: number;
  /** JSON of protocol/plan.ts ActionPlanContent. */
  content: string;
  author_user_id: string;
  author_name: string;
  saved_at: string;
}

/**
 * What happened on an action that no other table holds (migration 0008; written only by
 * server/timeline): arrive/depart at the geofence, feed_on/feed_off, watch_join/watch_leave.
 */
export interface ActionEventTable {
  id: string;
  action_id: string;
  at: string;
  kind: 'arrive' | 'depart' | 'feed_on' | 'feed_off' | 'watch_join' | 'watch_leave';
  team_id: string | null;
  actor_user_id: string | null;
  actor_name: string;
  /** JSON object. */
  detail: string;
}

/** Which teams carry out an action (migration 0004); their terminals join the action's room. */
export interface ActionTeamTable {
  action_id: string;
  team_id: string;
  assigned_at: string;
}

/**
 * Track history (migration 0006): one row per team and chunk of kept fixes, packed 13 bytes a point
 * (server/teams/trackChunk.ts); written only by the teams feature.
 */
export interface TeamPositionTable {
  team_id: string;
  /** The chunk's first and last point (ISO, the terminal's clock). */
  starts_at: string;
  ends_at: string;
  points: number;
  data: Uint8Array;
}

/** The audit trail: hash-chained, one row per consequential act, written in the act's transaction. */
export interface AuditTable {
  seq: number;
  at: string;
  actor_user_id: string | null;
  actor_name: string;
  court_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** An instruction (执行指令) as issued; its per-team progress is in instruction_targets. */
export interface InstructionTable {
  id: string;
  /** The issuer's idempotency key: unique per issued_by. */
  client_key: string;
  issued_by: string;
  issued_by_name: string;
  /** The issuer's court. */
  court_id: string;
  text: string;
  template: string | null;
  priority: InstructionPriority;
  case_id: string | null;
  action_id: string | null;
  issued_at: string;
}

/** One team's side of an instruction: its state and the time of each step. */
export interface InstructionTargetTable {
  instruction_id: string;
  team_id: string;
  /** The team's court when issued. */
  court_id: string;
  state: InstructionState;
  issued_at: string;
  delivered_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  /** When it became done, refused or expired. */
  finished_at: string | null;
  finished_by: string | null;
  finished_by_name: string | null;
  feedback_text: string | null;
  /** data: URL of a JPEG or PNG ≤ 600 KB; select it only when asked for. */
  feedback_photo: string | null;
  refuse_reason: string | null;
  escalated_at: string | null;
  /** The team leader it was escalated to (null: the team has none). */
  escalated_to: string | null;
}

/** Every step of every instruction: the state it reached (or 'escalated'), when, by whom. */
export interface InstructionEventTable {
  id: string;
  instruction_id: string;
  team_id: string | null;
  kind: InstructionState | 'escalated';
  at: string;
  actor_user_id: string | null;
  actor_name: string;
  /** JSON object. */
  detail: string;
}

/** Warnings (执行预警): SOS, instructions not signed for, … */
export interface WarningTable {
  id: string;
  court_id: string;
  team_id: string | null;
  instruction_id: string | null;
  kind: WarningKind;
  level: WarningLevel;
  text: string;
  raised_at: string;
  raised_by: string | null;
  raised_by_name: string | null;
  client_key: string | null;
  lng: number | null;
  lat: number | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

/**
 * Evidence recordings (migration 0007): one row per segment file of a feed of an ongoing action;
 * written only by the recording feature. Open (录制中) while ended_at is null; sealed with its
 * SHA-256 when the segment closes. Action recordings are locked (1): never deleted to make room.
 */
export interface RecordingTable {
  id: string;
  action_id: string;
  case_id: string;
  /** The action's court: consoles that may see the action may see its recordings. */
  court_id: string;
  team_id: string | null;
  team_name: string | null;
  terminal_id: string;
  user_id: string;
  /** The officer's name when recorded. */
  officer: string;
  feed_id: string;
  kind: 'audio' | 'video';
  /** Relative to the data directory. */
  file: string;
  started_at: string;
  ended_at: string | null;
  /** rotated, stopped, died, recovered (sealed at start-up after a crash). */
  end_reason: string | null;
  bytes: number | null;
  sha256: string | null;
  locked: number;
}

/** A span a feed of an action went unrecorded (its recorder died or could not start). */
export interface RecordingGapTable {
  id: string;
  action_id: string;
  court_id: string;
  team_id: string | null;
  terminal_id: string;
  feed_id: string;
  kind: 'audio' | 'video';
  from_at: string;
  to_at: string;
  reason: string;
}

/** A message of an action's chat (一案一群); written only by server/chat. */
export interface ChatMessageTable {
  /** Assigned in commit order: later messages have larger ids. */
  id: number;
  action_id: string;
  /** The action's court. */
  court_id: string;
  sender_id: string;
  sender_name: string;
  sender_role: Role;
  sender_court_id: string;
  team_id: string | null;
  team_name: string | null;
  team_court_id: string | null;
  /** The sender's idempotency key: unique per sender_id. */
  client_key: string;
  text: string | null;
  /** data:image/jpeg|png;base64 URL. */
  photo: string | null;
  photo_sha256: string | null;
  sent_at: string;
}

/** The Kysely database type: one entry per table. */
export interface Database {
  terminals: TerminalTable;
  courts: CourtTable;
  users: UserTable;
  sessions: SessionTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  devices: DeviceTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  actions: ActionTable;
  action_teams: ActionTeamTable;
  action_plans: ActionPlanTable;
  action_events: ActionEventTable;
  team_positions: TeamPositionTable;
  audit_log: AuditTable;
  instructions: InstructionTable;
  instruction_targets: InstructionTargetTable;
  instruction_events: InstructionEventTable;
  warnings: WarningTable;
  recordings: RecordingTable;
  recording_gaps: RecordingGapTable;
  chat_messages: ChatMessageTable;
}
