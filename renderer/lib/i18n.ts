import type { ActionKind, ActionStatus, RiskColour, Role, TeamStatus } from '../../protocol/domain.ts';
import type { InstructionPriority, InstructionState } from '../../protocol/instruction.ts';
import type { WarningKind } from '../../protocol/warning.ts';
import { chatEn, chatZh } from './messages/chat.ts';
import { mapEn, mapZh } from './messages/map.ts';
import { mediaEn, mediaZh } from './messages/media.ts';
import { recordingEn, recordingZh } from './messages/recording.ts';
import { reportEn, reportZh } from './messages/report.ts';
import { roomEn, roomZh } from './messages/room.ts';
import { wallEn, wallZh } from './messages/wall.ts';

// UI strings, Simplified Chinese first; English beside it for visitors and logs. Grouped by screen,
// then the words for the domain's codes that both screens show. `{name}` is filled by t(key, { name }).

const zh = {
  ...mapZh,
  ...wallZh,
  ...mediaZh,
  ...recordingZh,
  ...roomZh,
  ...chatZh,
  ...reportZh,
  // Both pages: title, connection, sign-in, errors that travel as "中文 / English".
  'app.title': '执行指挥中心',
  'conn.connecting': '连接中', 'conn.connected': '已连接', 'conn.disconnected': '已断开', 'conn.error': '连接失败',
  'login.username': '用户名', 'login.password': '密码', 'login.submit': '登录', 'login.submitting': '正在登录…', 'login.hint': '演示账号见首次启动输出或 README',
  'session.checking': '正在检查登录状态…',
  'user.logout': '退出',
  'common.retry': '重试', 'common.cancel': '取消', 'common.sending': '发送中…',
  'error.network': '无法连接服务器', 'error.noAnswer': '服务器无应答',
  'person.withRole': '{name}（{role}）',

  // Console: header and side panels.
  'console.subtitle': '指挥大屏',
  'console.loginTitle': '执行指挥中心 · 控制台',
  'clock.label': '北京时间',
  'sync.stale': '数据待同步',
  'sync.syncing': '正在同步…',
  'sync.synced': '已同步',
  'sync.partial': '同步不完整',
  'courts.title': '辖区法院',
  'courts.loading': '正在加载辖区数据…',
  'courts.active': '在办',
  'courts.colour': '{colour} {n}',
  'courts.overdue': '超期 {n}', 'courts.drill': '在地图上查看该院辖区',
  'terminals.title': '在线终端',
  'terminals.empty': '暂无在线终端',
  'terminals.since': '上线于',

  // Console: dispatch panel (warnings, actions, teams, composer, instruction tracking).
  'dispatch.warnings': '执行预警',
  'warnings.forbidden': '无权查看预警',
  'warnings.empty': '暂无预警',
  'warnings.acked': '已确认 {name}',
  'warnings.ack': '确认',
  'warnings.position': '位置 {lng}, {lat}',
  'dispatch.actions': '执行行动',
  'actions.loading': '正在加载执行行动…',
  'actions.empty': '暂无进行中或计划中的行动',
  'actions.teams': '执行组 {teams}',
  'actions.unassigned': '未指派',
  'actions.watchers': '观看 {names}',
  'actions.pick': '选为指令目标',
  'actions.picked': '已选为指令目标',
  'actions.assign': '指派所选 {n} 个执行组',
  'actions.follow': '跟踪',
  'actions.unfollow': '停止跟踪',
  'actions.start': '开始行动',
  'actions.finish': '结束行动',
  'dispatch.teams': '执行组',
  'teams.loading': '正在加载执行组…',
  'teams.empty': '暂无执行组',
  'teams.noFix': '无定位',
  'teams.lost': '失联',
  'composer.title': '下达指令',
  'composer.targetAction': '目标：{kind} {caseNumber}（{n} 个执行组）',
  'composer.targetTeams': '已选 {n} 个执行组',
  'composer.noTarget': '请先选择执行组或行动',
  'composer.priority': '优先级',
  'composer.freeText': '自定义指令内容',
  'composer.send': '发送',
  'composer.sent': '已下达',
  'dispatch.instructions': '指令跟踪',
  'instructions.forbidden': '无权查看指令',
  'instructions.empty': '暂无指令',
  'instructions.issuedAt': '下达 {time}',
  'instructions.deliveredAfter': '送达 {delta}',
  'instructions.acknowledgedAfter': '签收 {delta}',
  'instructions.feedback': '反馈：{text}',
  'instructions.withPhoto': '（附照片）',
  'instructions.refuseReason': '拒收原因：{reason}',
  'instructions.escalated': '已升级',
  'photo.open': '查看照片',
  'photo.loading': '加载中…',
  'photo.close': '收起照片',
  'photo.alt': '现场反馈照片',

  // Field terminal.
  'field.title': '外勤终端',
  'field.loginTitle': '外勤终端',
  'field.defaultLabel': '外勤终端 {id}',
  'field.name': '终端名称',
  'field.namePlaceholder': '例如：执行一组 张警官',
  'field.startCamera': '开启摄像头回传',
  'field.stopCamera': '停止回传',
  'field.publishing': '正在回传视频',
  'field.idle': '未回传',
  'field.cameraError': '无法打开摄像头',
  'field.terminalId': '终端编号',
  'field.myTeam': '我的执行组',
  'field.teamName': '{team}（{court}）',
  'field.noTeam': '未编入执行组',
  'field.teamLoading': '读取中…',
  'field.setStatus': '设置状态',
  'gps.fixed': '已定位 ±{metres} 米',
  'gps.locating': '定位中…',
  'gps.error': '定位失败：{message}',
  'gps.off': '定位关闭',
  'gps.unsupported': '此设备不支持定位',
  'field.actions': '执行行动',
  'field.planned': '计划 {time}',
  'field.risk': '风险：{reasons}',
  'field.teams': '执行组：{teams}',
  'field.recording': '全程录音录像',
  'field.twoRecorders': '，至少两台记录仪',
  'field.watchers': '正在远程观看：{names}',
  'field.instructions': '执行指令',
  'step.ack': '签收',
  'step.feedback': '反馈',
  'step.refuse': '拒收',
  'step.feedbackText': '反馈内容',
  'step.refuseReason': '拒收原因',
  'step.photo': '照片（可选）',
  'step.photoPreview': '反馈照片预览',
  'step.photoTooLarge': '照片过大',
  'step.submitFeedback': '提交反馈',
  'step.confirmRefuse': '确认拒收',
  'sos.button': 'SOS 紧急求助',
  'sos.confirm': '确认发送 SOS 求助',
  'sos.sent': '已发送 {time}',
  'sos.error': '发送失败，请重试：{message}',

  // Times shown counting (ages of positions, steps of an instruction).
  'time.secondsAgo': '{n} 秒前',
  'time.minutesAgo': '{n} 分钟前',
  'time.hoursAgo': '{n} 小时前',
  'time.daysAgo': '{n} 天前',
  'time.afterSeconds': '+{s} 秒',
  'time.afterMinutes': '+{m} 分 {s} 秒',
  'time.afterHours': '+{h} 时 {m} 分',

  // The domain's codes, one table each, shared by the console and the field terminal.
  'instructionState.issued': '已下达',
  'instructionState.delivered': '已送达',
  'instructionState.acknowledged': '已签收',
  'instructionState.done': '已反馈', // as the server words it: the field gave feedback
  'instructionState.refused': '已拒收',
  'instructionState.expired': '已过期',
  'priority.normal': '一般', 'priority.urgent': '紧急', 'priority.critical': '特急',
  'teamStatus.idle': '空闲', 'teamStatus.en_route': '在途', 'teamStatus.on_scene': '到场', 'teamStatus.returning': '返回',
  'warningKind.sos': 'SOS 求助', 'warningKind.instruction-unacked': '指令未签收', 'warningKind.team-lost': '队伍失联', 'warningKind.disk-low': '存储空间不足',
  'risk.red': '红', 'risk.yellow': '黄', 'risk.blue': '蓝', 'risk.green': '绿',
  'actionKind.search': '搜查', 'actionKind.seizure': '查封扣押', 'actionKind.eviction': '强制迁出', 'actionKind.summons': '拘传',
  'actionStatus.planned': '计划中', 'actionStatus.ongoing': '进行中', 'actionStatus.finished': '已结束', 'actionStatus.cancelled': '已取消',
  'role.operator': '值班员', 'role.dispatcher': '调度员', 'role.leader': '院领导', 'role.field_officer': '外勤干警',
  'role.supervisor': '上级督办', 'role.sysadmin': '系统管理员', 'role.secadmin': '安全管理员', 'role.auditadmin': '审计管理员',
} as const satisfies Record<string, string> & Record<DomainKey, string>;

/** Every code of the protocol has its word: a code added there without one fails the type check here. */
type DomainKey =
  | `instructionState.${InstructionState}`
  | `priority.${InstructionPriority}`
  | `teamStatus.${TeamStatus}`
  | `warningKind.${WarningKind}`
  | `risk.${RiskColour}`
  | `actionKind.${ActionKind}`
  | `actionStatus.${ActionStatus}`
  | `role.${Role}`;

export type MessageKey = keyof typeof zh;

const en = {
  ...mapEn,
  ...wallEn,
  ...mediaEn,
  ...recordingEn,
  ...roomEn,
  ...chatEn,
  ...reportEn,
  'app.title': 'Enforcement Command Center',
  'conn.connecting': 'Connecting', 'conn.connected': 'Connected', 'conn.disconnected': 'Disconnected', 'conn.error': 'Connection failed',
  'login.username': 'Username', 'login.password': 'Password', 'login.submit': 'Sign in', 'login.submitting': 'Signing in…',
  'login.hint': "demo accounts: see the first start's output or the README",
  'session.checking': 'checking session…',
  'user.logout': 'Sign out',
  'common.retry': 'Retry', 'common.cancel': 'Cancel', 'common.sending': 'Sending…',
  'error.network': 'cannot reach the server', 'error.noAnswer': 'no answer within {ms} ms',
  'person.withRole': '{name} ({role})',

  'console.subtitle': 'Command wall',
  'console.loginTitle': 'Enforcement Command Center · sign in',
  'clock.label': 'Beijing time',
  'sync.stale': 'Awaiting sync',
  'sync.syncing': 'Syncing…',
  'sync.synced': 'Synced',
  'sync.partial': 'Sync incomplete',
  'courts.title': 'Courts in your jurisdiction',
  'courts.loading': 'Loading the courts…',
  'courts.active': 'Active',
  'courts.colour': '{colour} {n}',
  'courts.overdue': 'Overdue {n}', 'courts.drill': 'Show this court on the map',
  'terminals.title': 'Terminals online',
  'terminals.empty': 'No terminal online',
  'terminals.since': 'since',

  'dispatch.warnings': 'Warnings',
  'warnings.forbidden': 'Not allowed to see warnings',
  'warnings.empty': 'No warnings',
  'warnings.acked': 'Acknowledged {name}',
  'warnings.ack': 'Acknowledge',
  'warnings.position': 'Position {lng}, {lat}',
  'dispatch.actions': 'Enforcement actions',
  'actions.loading': 'Loading actions…',
  'actions.empty': 'No ongoing or planned action',
  'actions.teams': 'Teams {teams}',
  'actions.unassigned': 'none assigned',
  'actions.watchers': 'Watching {names}',
  'actions.pick': 'Make the target',
  'actions.picked': 'Target of the next instruction',
  'actions.assign': 'Assign the {n} selected teams',
  'actions.follow': 'Follow',
  'actions.unfollow': 'Stop following',
  'actions.start': 'Start',
  'actions.finish': 'Finish',
  'dispatch.teams': 'Field teams',
  'teams.loading': 'Loading teams…',
  'teams.empty': 'No teams',
  'teams.noFix': 'no position',
  'teams.lost': 'Lost',
  'composer.title': 'Issue',
  'composer.targetAction': 'Target: {kind} {caseNumber} ({n} teams)',
  'composer.targetTeams': '{n} teams selected',
  'composer.noTarget': 'select a team or an action',
  'composer.priority': 'Priority',
  'composer.freeText': 'Instruction text',
  'composer.send': 'Send',
  'composer.sent': 'Issued',
  'dispatch.instructions': 'Instructions',
  'instructions.forbidden': 'Not allowed to see instructions',
  'instructions.empty': 'No instructions',
  'instructions.issuedAt': 'Issued {time}',
  'instructions.deliveredAfter': 'delivered {delta}',
  'instructions.acknowledgedAfter': 'signed for {delta}',
  'instructions.feedback': 'Feedback: {text}',
  'instructions.withPhoto': ' (photo attached)',
  'instructions.refuseReason': 'Reason refused: {reason}',
  'instructions.escalated': 'Escalated',
  'photo.open': 'Show photo',
  'photo.loading': 'Loading…',
  'photo.close': 'Hide photo',
  'photo.alt': 'Photo sent with the feedback',

  'field.title': 'Field terminal',
  'field.loginTitle': 'Field terminal · sign in',
  'field.defaultLabel': 'Field terminal {id}',
  'field.name': 'Terminal name',
  'field.namePlaceholder': 'e.g. Team 1, Officer Zhang',
  'field.startCamera': 'Start camera',
  'field.stopCamera': 'Stop camera',
  'field.publishing': 'Streaming video',
  'field.idle': 'Not streaming',
  'field.cameraError': 'Cannot open the camera',
  'field.terminalId': 'Terminal id',
  'field.myTeam': 'My team',
  'field.teamName': '{team} ({court})',
  'field.noTeam': 'in no team',
  'field.teamLoading': 'loading',
  'field.setStatus': 'Set status',
  'gps.fixed': 'fixed ±{metres} m',
  'gps.locating': 'locating…',
  'gps.error': 'failed: {message}',
  'gps.off': 'off',
  'gps.unsupported': 'no geolocation',
  'field.actions': 'Actions',
  'field.planned': 'planned {time}',
  'field.risk': 'Risk: {reasons}',
  'field.teams': 'Teams: {teams}',
  'field.recording': 'record audio and video throughout',
  'field.twoRecorders': ', at least two recorders',
  'field.watchers': 'Watching remotely: {names}',
  'field.instructions': 'Instructions',
  'step.ack': 'Sign for it',
  'step.feedback': 'Feedback',
  'step.refuse': 'Refuse',
  'step.feedbackText': 'Feedback',
  'step.refuseReason': 'Reason',
  'step.photo': 'Photo (optional)',
  'step.photoPreview': 'Preview of the feedback photo',
  'step.photoTooLarge': 'photo too large',
  'step.submitFeedback': 'Send feedback',
  'step.confirmRefuse': 'Refuse',
  'sos.button': 'SOS emergency',
  'sos.confirm': 'Confirm: send SOS',
  'sos.sent': 'Sent {time}',
  'sos.error': 'Not sent, try again: {message}',

  'time.secondsAgo': '{n} s ago',
  'time.minutesAgo': '{n} min ago',
  'time.hoursAgo': '{n} h ago',
  'time.daysAgo': '{n} d ago',
  'time.afterSeconds': '+{s} s',
  'time.afterMinutes': '+{m} min {s} s',
  'time.afterHours': '+{h} h {m} min',

  'instructionState.issued': 'Issued',
  'instructionState.delivered': 'Delivered',
  'instructionState.acknowledged': 'Signed for',
  'instructionState.done': 'Feedback given',
  'instructionState.refused': 'Refused',
  'instructionState.expired': 'Expired',
  'priority.normal': 'Normal', 'priority.urgent': 'Urgent', 'priority.critical': 'Critical',
  'teamStatus.idle': 'Idle', 'teamStatus.en_route': 'En route', 'teamStatus.on_scene': 'On scene', 'teamStatus.returning': 'Returning',
  'warningKind.sos': 'SOS', 'warningKind.instruction-unacked': 'Instruction not signed for', 'warningKind.team-lost': 'Team lost', 'warningKind.disk-low': 'Disk space low',
  'risk.red': 'Red', 'risk.yellow': 'Yellow', 'risk.blue': 'Blue', 'risk.green': 'Green',
  'actionKind.search': 'Search', 'actionKind.seizure': 'Seizure', 'actionKind.eviction': 'Eviction', 'actionKind.summons': 'Summons',
  'actionStatus.planned': 'Planned', 'actionStatus.ongoing': 'Ongoing', 'actionStatus.finished': 'Finished', 'actionStatus.cancelled': 'Cancelled',
  'role.operator': 'Operator', 'role.dispatcher': 'Dispatcher', 'role.leader': 'Court leader', 'role.field_officer': 'Field officer',
  'role.supervisor': 'Supervisor', 'role.sysadmin': 'System admin', 'role.secadmin': 'Security admin', 'role.auditadmin': 'Audit admin',
} as const satisfies Record<MessageKey, string>;

/** The names in a message's `{name}` placeholders. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type Values<K extends MessageKey> = Placeholders<(typeof zh)[K] | (typeof en)[K]>;
type Args<K extends MessageKey> = [Values<K>] extends [never] ? [] : [values: Record<Values<K>, string | number>];

/** A message with no placeholder (a title, a label). */
export type PlainKey = { [K in MessageKey]: [Values<K>] extends [never] ? K : never }[MessageKey];

function fill(message: string, values: Readonly<Record<string, string | number>> | undefined): string {
  return values ? message.replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : all)) : message;
}

/** The Chinese string (what the screen shows), placeholders filled. */
export function t<K extends MessageKey>(key: K, ...args: Args<K>): string {
  return fill(zh[key], args[0]);
}

/** The English string, shown small beside the Chinese one where space allows. */
export function tEn<K extends MessageKey>(key: K, ...args: Args<K>): string {
  return fill(en[key], args[0]);
}

/** 「中文 / English」: for messages that also reach logs and alerts (errors, waits). */
export function tBoth<K extends MessageKey>(key: K, ...args: Args<K>): string {
  return `${t(key, ...args)} / ${tEn(key, ...args)}`;
}

/** Every message key, for tests of the two tables. */
export function messageKeys(): MessageKey[] {
  return Object.keys(zh).filter((k): k is MessageKey => Object.hasOwn(zh, k));
}
