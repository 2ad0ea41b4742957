import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** package.json "start" (`node [flags] scripts/start.mjs`) without the `node`. */
const npmStart = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.trim().split(/\s+/).slice(1);

export interface StartOptions {
  /** Runs the server as this user (a root test runner playing the service's own account). */
  uid?: number;
  /** Runs the server through this command line (e.g. `unshare … sh -c … "$@"`), the node command appended. */
  wrap?: string[];
}

/**
 * Runs the real Node entry the way `npm start` does (compiled to dist/ first if need be), with
 * only `env` (and PATH); `ready` resolves once it logs that it is ready, or when it exits.
 */
export function startServer(env: Record<string, string>, args: string[] = [], { wrap = [], uid }: StartOptions = {}) {
  const command = [...wrap, process.execPath, ...npmStart, ...args];
  const child = spawn(command[0]!, command.slice(1), {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid !== undefined ? { uid } : {}),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    out += d;
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ code: number | null; out: string }>((resolve) => {
    const timer = setInterval(() => {
      if (out.includes('is ready')) {
        clearInterval(timer);
        resolve({ code: null, out });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      resolve({ code, out });
    });
  });
  return { child, ready, exited, output: () => out, stderr: () => err };
}

export type Started = ReturnType<typeof startServer>;
