// UI strings of one area, merged into i18n.ts's tables (t, tEn, tBoth): Chinese first, English beside it.

/** Evidence recordings (执行过程记录): the list of an action's recordings, playback, hashes, disk warnings. */
export const recordingZh = {
} as const;

export const recordingEn = {
} as const satisfies Record<keyof typeof recordingZh, string>;
