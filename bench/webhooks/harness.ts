/**
 * Child processes for the benchmark: spawning, readiness, resident memory, and making sure
 * every child is gone when the benchmark ends, fails or is interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LOOPBACK_PRELOAD = path.join(ROOT, 'bench/webhooks/loopback-only.mjs');
export const INSTRUMENT_PRELOAD = path.join(ROOT, 'bench/webhooks/instrument.mjs');
/**
 * Node arguments that start the app the way `npm start` does: package.json "start" is
 * `node [flags] scripts/start.mjs` (which compiles to dist/ first when a source changed).
 */
export const APP_ENTRY = (() => {
  const [node, ...args] = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.trim().split(/\s+/);
  if (node !== 'node') throw new Error('package.json "start" should be node [flags] script');
  return args;
})();

const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

/** Registers synchronous clean-up (temp folders) run at exit. */
export function atExit(fn: () => void): void {
  cleanups.push(fn);
}

function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping children`);
    killAll();
    process.exit(130);
  });
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

export interface Spawned {
  child: ChildProcess;
  pid: number;
  spawnedAt: number;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Spawns `node <args>` in the project folder, output to `logFile` (or discarded). */
export function spawnNode(args: string[], env: Record<string, string>, opts: { logFile?: string; stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' } = {}): Spawned {
  const fd = opts.logFile ? openSync(opts.logFile, 'a') : undefined;
  const out = opts.stdout ?? (fd ?? 'ignore');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
    stdio: [opts.stdin ?? 'ignore', out, fd ?? 'ignore'],
  });
  if (fd !== undefined) closeSync(fd);
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  return { child, pid: child.pid, spawnedAt, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(p: Spawned, graceMs = 5000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** One GET on a fresh connection; status code, or 0 when the connection failed. */
export function getStatus(url: string, timeoutMs = 2000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

/** Polls `url` every `everyMs` until it answers 200; ms from spawn, or throws on exit/timeout. */
export async function waitFor200(p: Spawned, url: string, timeoutMs = 30_000, everyMs = 10, describe = () => ''): Promise<number> {
  const until = performance.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => (exited = true));
  for (;;) {
    const r = await getStatus(url, 1000);
    if (r.status === 200) return performance.now() - p.spawnedAt;
    if (exited) throw new Error(`process exited before ${url} answered 200\n${describe()}`);
    if (performance.now() > until) throw new Error(`timed out waiting for ${url} (last status ${r.status}: ${r.body.slice(0, 300)})\n${describe()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** VmRSS and VmHWM (peak) of a process in MiB, from /proc; the node process only, not its children. */
export function memory(pid: number): { rssMiB: number; peakMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Threads of a process (the tsx loader runs in a worker thread), and child processes. */
export function threadsAndChildren(pid: number): { threads: number; children: number[] } {
  try {
    const threads = readdirSync(`/proc/${pid}/task`).length;
    const kids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1]) === pid;
        } catch {
          return false;
        }
      })
      .map(Number);
    return { threads, children: kids };
  } catch {
    return { threads: 0, children: [] };
  }
}

/** Samples VmRSS every `everyMs` until stopped; max and last. */
export function sampleMemory(pid: number, everyMs = 250) {
  let max = 0;
  let last = 0;
  const timer = setInterval(() => {
    const m = memory(pid);
    if (m) ((last = m.rssMiB), (max = Math.max(max, m.rssMiB)));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const m = memory(pid);
      if (m) ((last = m.rssMiB), (max = Math.max(max, m.rssMiB)));
      return { maxMiB: max, lastMiB: last, peakMiB: m?.peakMiB ?? NaN };
    },
  };
}

/** CPU seconds, from /proc: the whole machine's busy time, and this benchmark's own (itself and its children). */
export function cpuSnapshot(): { at: number; machine: number; mine: number } {
  const hz = 100; // USER_HZ on Linux
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  const machine = ((cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0)) / hz;
  const times = (pid: number | 'self', withChildren: boolean) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ').map(Number);
      // after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      return ((f[11] ?? 0) + (f[12] ?? 0) + (withChildren ? (f[13] ?? 0) + (f[14] ?? 0) : 0)) / hz;
    } catch {
      return 0;
    }
  };
  let mine = times('self', true);
  for (const c of children) if (c.pid !== undefined && c.exitCode === null) mine += times(c.pid, true);
  return { at: performance.now(), machine, mine };
}

/** Average number of cores other processes on the machine kept busy between two snapshots. */
export function foreignCores(a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>): number {
  const seconds = (b.at - a.at) / 1000;
  return seconds > 0 ? Math.max(0, b.machine - a.machine - (b.mine - a.mine)) / seconds : NaN;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
