import type { Page } from 'playwright-core';

/** Holds a page's Socket.IO connections back: while held, every new one is refused as if the server were down. */
export interface SocketGate {
  hold(): void;
  release(): void;
}

const SOCKET_IO = /\/socket\.io\//;

/**
 * Routes the page's Socket.IO traffic (websocket and long-polling) through a gate. Connections
 * opened before this call are not affected; later ones pass to the server unless the gate is held.
 */
export async function gateSocket(page: Page): Promise<SocketGate> {
  let held = false;
  await page.routeWebSocket(SOCKET_IO, async (ws) => {
    if (held) await ws.close({ code: 1001, reason: 'held by the test' });
    else ws.connectToServer();
  });
  await page.route(SOCKET_IO, (route) => (held ? route.abort('connectionrefused') : route.continue()));
  return {
    hold: () => (held = true),
    release: () => (held = false),
  };
}
