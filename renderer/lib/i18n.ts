/** UI strings, Simplified Chinese first; English beside it for visitors and logs. */
const zh = {
  'app.title': '执行指挥中心',
  'console.subtitle': '指挥大屏',
  'field.title': '外勤终端',
  'conn.connecting': '连接中',
  'conn.connected': '已连接',
  'conn.disconnected': '已断开',
  'conn.error': '连接失败',
  'sync.stale': '数据待同步',
  'sync.syncing': '正在同步…',
  'sync.synced': '已同步',
  'sync.partial': '同步不完整',
  'terminals.title': '在线终端',
  'terminals.empty': '暂无在线终端',
  'terminals.since': '上线于',
  'wall.title': '实时视频墙',
  'wall.empty': '暂无回传画面：外勤终端开启摄像头后将在此显示',
  'wall.frames': '已解码帧',
  'wall.waiting': '等待画面…',
  'field.name': '终端名称',
  'field.namePlaceholder': '例如：执行一组 张警官',
  'field.startCamera': '开启摄像头回传',
  'field.stopCamera': '停止回传',
  'field.publishing': '正在回传视频',
  'field.idle': '未回传',
  'field.cameraError': '无法打开摄像头',
  'field.terminalId': '终端编号',
  'clock.label': '北京时间',
  'courts.title': '辖区法院',
  'dispatch.teams': '执行组',
  'dispatch.actions': '执行行动',
  'dispatch.instructions': '指令跟踪',
  'dispatch.warnings': '执行预警',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Enforcement Command Center',
  'console.subtitle': 'Command wall',
  'field.title': 'Field terminal',
  'conn.connecting': 'Connecting',
  'conn.connected': 'Connected',
  'conn.disconnected': 'Disconnected',
  'conn.error': 'Connection failed',
  'sync.stale': 'Awaiting sync',
  'sync.syncing': 'Syncing…',
  'sync.synced': 'Synced',
  'sync.partial': 'Sync incomplete',
  'terminals.title': 'Terminals online',
  'terminals.empty': 'No terminal online',
  'terminals.since': 'since',
  'wall.title': 'Live video wall',
  'wall.empty': 'No live feed yet: feeds appear here when a field terminal turns its camera on',
  'wall.frames': 'frames decoded',
  'wall.waiting': 'Waiting for video…',
  'field.name': 'Terminal name',
  'field.namePlaceholder': 'e.g. Team 1, Officer Zhang',
  'field.startCamera': 'Start camera',
  'field.stopCamera': 'Stop camera',
  'field.publishing': 'Streaming video',
  'field.idle': 'Not streaming',
  'field.cameraError': 'Cannot open the camera',
  'field.terminalId': 'Terminal id',
  'clock.label': 'Beijing time',
  'courts.title': 'Courts in your jurisdiction',
  'dispatch.teams': 'Field teams',
  'dispatch.actions': 'Enforcement actions',
  'dispatch.instructions': 'Instructions',
  'dispatch.warnings': 'Warnings',
};

/** The Chinese string (what the screen shows). */
export function t(key: MessageKey): string {
  return zh[key];
}

/** The English string, shown small beside the Chinese one where space allows. */
export function tEn(key: MessageKey): string {
  return en[key];
}

/** Times are shown in Asia/Shanghai whatever the machine's zone. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A day and minute in Beijing time, e.g. "6月1日 14:00". */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
