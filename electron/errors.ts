import type { IpcChannel } from '../protocol/ipc.ts';

/** Stable codes of the errors the Electron shell throws (assert on these, not on messages). */
export type ShellErrorCode = 'ERR_IPC_REJECTED' | 'ERR_CONSOLE_URL' | 'ERR_UNKNOWN_DISPLAY' | 'ERR_INVALID_STATE';

/** Why an IPC call was refused: an untrusted sender frame, or arguments that fail the channel's schema. */
export type IpcRejectReason = 'sender' | 'arguments';

/** An IPC invoke refused before its handler ran; `channel` and `reason` say which guard stopped it. */
export class IpcRejectedError extends Error {
  readonly code = 'ERR_IPC_REJECTED' satisfies ShellErrorCode;
  readonly channel: IpcChannel;
  readonly reason: IpcRejectReason;
  constructor(channel: IpcChannel, reason: IpcRejectReason, detail?: string) {
    super(`IPC ${channel} rejected: ${reason === 'sender' ? 'sender frame is not the console' : 'invalid arguments'}${detail ? ` (${detail})` : ''}`);
    this.name = new.target.name;
    this.channel = channel;
    this.reason = reason;
  }
}

/** The console URL given by CONSOLE_URL or --console-url is not an absolute http(s) URL. */
export class ConsoleUrlError extends TypeError {
  readonly code = 'ERR_CONSOLE_URL' satisfies ShellErrorCode;
  /** Where the bad value came from, e.g. `--console-url` or `CONSOLE_URL`. */
  readonly source: string;
  constructor(source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = new.target.name;
    this.source = source;
  }
}

/** A window was asked for on a display id that `screen` does not know (unplugged, or never existed). */
export class UnknownDisplayError extends Error {
  readonly code = 'ERR_UNKNOWN_DISPLAY' satisfies ShellErrorCode;
  readonly displayId: number;
  constructor(displayId: number) {
    super(`No display with id ${displayId}`);
    this.name = new.target.name;
    this.displayId = displayId;
  }
}

/** A method was called on an object that is closed, or on a window that no longer exists. */
export class InvalidStateError extends Error {
  readonly code = 'ERR_INVALID_STATE' satisfies ShellErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
