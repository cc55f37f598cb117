// UI strings of one area, merged into i18n.ts's tables (t, tEn, tBoth): Chinese first, English beside it.

/** Live video on both pages: the field page's publishing and uplink, the console's media notices. */
export const mediaZh = {
} as const;

export const mediaEn = {
} as const satisfies Record<keyof typeof mediaZh, string>;
