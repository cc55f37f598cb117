import { Type, type Static } from 'typebox';

/** A display the console may open a window on (a monitor of the video wall). */
export const DisplayInfo = Type.Object(
  {
    id: Type.Integer(),
    label: Type.String(),
    bounds: Type.Object({ x: Type.Integer(), y: Type.Integer(), width: Type.Integer(), height: Type.Integer() }),
    primary: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type DisplayInfo = Static<typeof DisplayInfo>;

/** Which view of the renderer a console window shows. */
export const ConsoleView = Type.Union([Type.Literal('console'), Type.Literal('wall')]);
export type ConsoleView = Static<typeof ConsoleView>;

/** Arguments of each invoke channel, as a tuple schema: checked in electron/ipc.ts before the handler runs. */
export const IpcArgs = {
  'displays:list': Type.Tuple([]),
  'window:open-on-display': Type.Tuple([Type.Integer({ minimum: 0 }), ConsoleView]),
  'window:toggle-fullscreen': Type.Tuple([]),
} as const;

/** Renderer → main invoke channels (ipcRenderer.invoke / ipcMain.handle). */
export type IpcInvoke = {
  'displays:list': () => Promise<DisplayInfo[]>;
  'window:open-on-display': (displayId: number, view: ConsoleView) => Promise<void>;
  'window:toggle-fullscreen': () => Promise<boolean>;
};
export type IpcChannel = keyof IpcInvoke;

/** What preload exposes on `window.consoleApi`: one function per channel, nothing generic. */
export interface ConsoleApi {
  readonly isElectron: true;
  listDisplays(): Promise<DisplayInfo[]>;
  openOnDisplay(displayId: number, view: ConsoleView): Promise<void>;
  toggleFullscreen(): Promise<boolean>;
}

// Compile-time proof that each IpcArgs schema describes exactly the parameters of its IpcInvoke
// entry: electron/ipc.ts narrows with the schema and calls a handler typed by it, while the preload
// sends what IpcInvoke says; if the two drift apart, `tsc` fails here.
type ArgsMatchInvoke = {
  [C in IpcChannel]: [Static<(typeof IpcArgs)[C]>, Parameters<IpcInvoke[C]>] extends [Parameters<IpcInvoke[C]>, Static<(typeof IpcArgs)[C]>]
    ? true
    : false;
};
type AssertTrue<T extends true> = T;
export type IpcArgsMatchInvoke = AssertTrue<false extends ArgsMatchInvoke[IpcChannel] ? false : true>;
