/**
 * The liveness rule of every long connection (DingTalk stream, Feishu long connection): a
 * connection is alive while the server itself speaks, through its pings, pushes and answers.
 * A WebSocket pong never counts: it proves only that something on the TCP path answers (a
 * proxy, a load balancer, a gateway that no longer routes events to this connection). After
 * `windowMs` of silence the owner is told, and replaces the connection.
 */
export interface ServerWatchdog {
  /** The server sent something. */
  seen(): void;
  /** How long the server has been silent, in ms. */
  silentFor(): number;
  stop(): void;
}

export interface WatchdogOptions {
  /** Silence longer than this is a dead route (read at every check: it may change). */
  windowMs: () => number;
  now: () => number;
  onSilent: (silentForMs: number) => void;
  /** How often to look; default a fifth of the window, between 20 ms and 1 s. */
  checkEveryMs?: number;
}

export function watchServer(o: WatchdogOptions): ServerWatchdog {
  let last = o.now();
  const silentFor = () => o.now() - last;
  const timer = setInterval(
    () => silentFor() > o.windowMs() && o.onSilent(silentFor()),
    o.checkEveryMs ?? Math.max(20, Math.min(1_000, o.windowMs() / 5)),
  );
  return { seen: () => void (last = o.now()), silentFor, stop: () => clearInterval(timer) };
}
