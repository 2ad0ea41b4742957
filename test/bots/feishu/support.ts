/** Helpers for the Feishu tests: a sink that dedupes like the core's, a bot HTTP endpoint, polling. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundMessage } from '../../../src/domain/message.js';
import type { InboundSink } from '../../../src/ports/channel.js';

/** Records every call; answers 'duplicate' when any dedup key was seen before (as the core's sink does). */
export function dedupSink(delayMs = 0) {
  const seen = new Set<string>();
  const calls: InboundMessage[] = [];
  const accepted: InboundMessage[] = [];
  const sink: InboundSink = async (m) => {
    calls.push(m);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const keys = m.dedupKeys ?? [];
    if (keys.some((k) => seen.has(k))) return 'duplicate';
    keys.forEach((k) => seen.add(k));
    accepted.push(m);
    return 'accepted';
  };
  return { sink, calls, accepted };
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - t0;
}

/** Serves Web-standard handlers on 127.0.0.1, the way the Hono route will. */
export async function serveBot(routes: Record<string, (req: Request) => Promise<Response>>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const handler = routes[req.url ?? ''];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
