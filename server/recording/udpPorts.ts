import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

function bind(port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(null);
    });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/**
 * A free UDP port P on 127.0.0.1 with P+1 free too: ffmpeg's RTP input binds P for RTP and P+1
 * for RTCP. Both are released before this resolves; the recorder binds them a moment later.
 */
export async function freeUdpPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const first = await bind(0);
    if (!first) continue;
    const port = first.address().port;
    const second = port < 65_535 ? await bind(port + 1) : null;
    first.close();
    second?.close();
    if (second) return port;
  }
  throw new Error('no free pair of UDP ports on 127.0.0.1');
}

/** True when some process has UDP `port` bound (Linux: /proc/net/udp and udp6); null where that cannot be read. */
export async function udpPortBound(port: number): Promise<boolean | null> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  let found = false;
  let readable = false;
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // No procfs (not Linux), or no IPv6 table: the other file or the caller's fallback decides.
      continue;
    }
    readable = true;
    // Each row: "sl local_address rem_address st …"; the local address is "IP:PORT" in hex.
    for (const line of text.split('\n')) {
      const local = line.trim().split(/\s+/)[1];
      if (local && `${local} `.endsWith(hex)) found = true;
    }
  }
  return readable ? found : null;
}

/**
 * Resolves once `port` is bound (the recorder listens), polling every 20 ms; false after
 * `timeoutMs`. Where /proc cannot tell, it waits a fixed 500 ms and answers true.
 */
export async function waitUdpBound(port: number, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bound = await udpPortBound(port);
    if (bound === null) {
      await new Promise((r) => setTimeout(r, 500));
      return alive();
    }
    if (bound) return true;
    if (!alive() || Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}
