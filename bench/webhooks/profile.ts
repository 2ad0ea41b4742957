/**
 * Summarises a V8 .cpuprofile (node --cpu-prof) of the server under load: self time by
 * component (package, app code, Node internals, GC, native calls) and the hottest functions.
 */
import { existsSync, readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function component(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return '(program: V8/native outside JS)';
  if (!url) return `native: ${fn || '(anonymous)'}`;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.includes('/src/generated/prisma')) return '@prisma/client (generated runtime)';
  if (url.startsWith('node:')) return 'node internals';
  if (/\/(src|bots)\//.test(url)) return 'app code (src, bots)';
  return url;
}

export function summarizeProfile(file: string, what: string): { text: string; markdown: string } | undefined {
  if (!existsSync(file)) return undefined;
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const comps = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    const c = component(url, functionName);
    comps.set(c, (comps.get(c) ?? 0) + us);
    const short = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|src|bots)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${short}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  const topComps = [...comps].sort((a, b) => b[1] - a[1]).slice(0, 14);
  const topFns = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 15);
  const wall = (prof.endTime - prof.startTime) / 1e6;
  const head = `CPU profile of the server's main thread ${what} (${wall.toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s = ${((100 * busy) / total).toFixed(0)} % of samples); self time as a share of busy time:`;
  const text = [head, ...topComps.map(([c, us]) => `  ${pct(us).padStart(7)}  ${c}`), 'hottest functions:', ...topFns.map(([f, us]) => `  ${pct(us).padStart(7)}  ${f}`)].join('\n');
  const markdown = [
    head,
    '',
    '| self time | component |',
    '|---:|---|',
    ...topComps.map(([c, us]) => `| ${pct(us)} | ${c.replace(/\|/g, '\\|')} |`),
    '',
    '| self time | function |',
    '|---:|---|',
    ...topFns.map(([f, us]) => `| ${pct(us)} | \`${f.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`),
  ].join('\n');
  return { text, markdown };
}
