/**
 * The two load generators.
 *
 * Throughput (closed loop): autocannon, N keep-alive connections each sending its next request
 * as soon as the previous answer arrives; every request is taken from one shared cursor over
 * the pre-generated deliveries, so no two connections send the same delivery unless the
 * sequence says so (a redelivery).
 *
 * Fixed rate (open loop): our own scheduler, because autocannon's overallRate is closed loop
 * per connection and releases each connection's per-second quota in a burst at the start of
 * every second. Request i is due at t0 + i/rate whatever happened to earlier ones, and its
 * latency is measured from that due time to the end of the response (so a stall shows up in
 * every request it delayed: no coordinated omission).
 */
import { createRequire } from 'node:module';
import http from 'node:http';
import type { Delivery } from './requests.js';

interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AutocannonRequest, context: unknown) => AutocannonRequest;
}
interface AutocannonResult {
  duration: number;
  start: Date;
  finish: Date;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  requests: { sent: number; total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
}
interface AutocannonOptions {
  url: string;
  connections: number;
  pipelining?: number;
  duration?: number;
  amount?: number;
  timeout?: number;
  requests: AutocannonRequest[];
}
type Autocannon = (opts: AutocannonOptions, cb: (err: Error | null, result: AutocannonResult) => void) => { stop(): void };

// autocannon is CommonJS without type declarations.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface Cursor {
  /** Deliveries handed out so far (each one was written to a socket). */
  handed: number;
  next(): Delivery;
}

/** A shared cursor over the deliveries; wraps around when the pool runs out (and says so). */
export function cursor(deliveries: Delivery[]): Cursor & { wrapped: boolean } {
  const c = {
    handed: 0,
    wrapped: false,
    next(): Delivery {
      const d = deliveries[c.handed % deliveries.length]!;
      c.handed++;
      if (c.handed > deliveries.length) c.wrapped = true;
      return d;
    },
  };
  return c;
}

export interface ThroughputResult {
  durationS: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  reqPerSec: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

/** Closed-loop maximum throughput for `durationS` seconds with autocannon. */
export function throughput(url: string, source: Cursor, o: { connections: number; durationS: number }): Promise<ThroughputResult> {
  // Bodies as buffers once, not re-encoded per request.
  const buffers = new WeakMap<Delivery, Buffer>();
  const body = (d: Delivery) => {
    let b = buffers.get(d);
    if (!b) buffers.set(d, (b = Buffer.from(d.body)));
    return b;
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: o.connections,
        pipelining: 1,
        duration: o.durationS,
        timeout: 10,
        requests: [
          {
            setupRequest: (req) => {
              const d = source.next();
              return { ...req, method: d.method, path: d.path, headers: d.headers, body: body(d) };
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const durationS = (r.finish.getTime() - r.start.getTime()) / 1000;
        resolve({
          durationS,
          ok: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          reqPerSec: r['2xx'] / durationS,
          latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        });
      },
    );
  });
}

export interface FixedRateResult {
  rate: number;
  sent: number;
  measured: number;
  ok: number;
  non2xx: number;
  /** Socket errors and timeouts, plus requests still unanswered when the run gave up on them. */
  errors: number;
  achievedRate: number;
  /** Largest delay between a request's due time and its actual send (the generator's own lag). */
  maxSendLagMs: number;
  /** Milliseconds from the due time to the end of the 2xx answer; Infinity when there was none. */
  latency: { p50: number; p90: number; p95: number; p99: number; p999: number; max: number; mean: number };
  statuses: Record<string, number>;
}

/**
 * Open-loop fixed rate: `rate` requests per second for `warmupS` (not measured) and then
 * `durationS` (measured), each request due at its slot whatever the earlier ones did.
 */
export async function fixedRate(
  target: { host: string; port: number },
  source: Cursor,
  o: { rate: number; durationS: number; warmupS: number; timeoutMs?: number; maxSockets?: number },
): Promise<FixedRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 512, keepAliveMsecs: 10_000 });
  const interval = 1000 / o.rate;
  const warm = Math.round(o.rate * o.warmupS);
  const total = warm + Math.round(o.rate * o.durationS);
  const latencies = new Float64Array(total - warm);
  let measured = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let done = 0;
  let maxSendLagMs = 0;
  const statuses: Record<string, number> = {};
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const settle = (i: number, due: number, status: number) => {
    const end = performance.now();
    statuses[status || 'error'] = (statuses[status || 'error'] ?? 0) + 1;
    if (status >= 200 && status < 300) ok++;
    else if (status) non2xx++;
    else errors++;
    // A request that was not acknowledged (error, timeout, non-2xx) counts as infinitely late.
    if (i >= warm) latencies[measured++] = status >= 200 && status < 300 ? end - due : Infinity;
    if (++done === total) finish();
  };
  const fire = (i: number, due: number) => {
    const d = source.next();
    const body = Buffer.from(d.body);
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
    let settled = false;
    const once = (status: number) => {
      if (settled) return;
      settled = true;
      settle(i, due, status);
    };
    const req = http.request(
      { agent, host: target.host, port: target.port, method: d.method, path: d.path, headers: { ...d.headers, 'content-length': String(body.length) }, timeout: o.timeoutMs ?? 10_000 },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => once(res.statusCode ?? 0));
        res.on('error', () => once(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => once(0));
    req.end(body);
  };
  const t0 = performance.now() + 5;
  let next = 0;
  let measureStart = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        if (next === warm) measureStart = t0 + next * interval;
        fire(next, t0 + next * interval);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + next * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  const lastDue = t0 + (total - 1) * interval;
  await Promise.race([finished, new Promise((r) => setTimeout(r, (o.timeoutMs ?? 10_000) + 2000))]);
  agent.destroy();
  // Requests still unanswered when we gave up count as infinitely late too.
  while (measured < latencies.length) latencies[measured++] = Infinity;
  const sorted = latencies.slice(0, measured).sort();
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  let sum = 0;
  let finite = 0;
  for (const x of sorted) if (Number.isFinite(x)) (sum += x, finite++);
  return {
    rate: o.rate,
    sent: total,
    measured,
    ok,
    non2xx,
    errors: errors + (total - done),
    achievedRate: (total - warm) / ((lastDue - measureStart + interval) / 1000),
    maxSendLagMs,
    latency: { p50: pct(50), p90: pct(90), p95: pct(95), p99: pct(99), p999: pct(99.9), max: sorted[sorted.length - 1] ?? NaN, mean: sum / finite },
    statuses,
  };
}
