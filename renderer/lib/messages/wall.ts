// UI strings of one area, merged into i18n.ts's tables (t, tEn, tBoth): Chinese first, English beside it.

/** The live video wall: layouts, tiles and their states, focus, patrol. */
export const wallZh = {
  'wall.title': '实时视频墙',
  'wall.empty': '暂无回传画面：外勤终端开启摄像头后将在此显示',
  'wall.frames': '已解码帧',
  'wall.waiting': '等待画面…',
} as const;

export const wallEn = {
  'wall.title': 'Live video wall',
  'wall.empty': 'No live feed yet: feeds appear here when a field terminal turns its camera on',
  'wall.frames': 'frames decoded',
  'wall.waiting': 'Waiting for video…',
} as const satisfies Record<keyof typeof wallZh, string>;
