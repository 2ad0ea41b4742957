/**
 * The results as markdown, and their place in BENCHMARKS.md: the "Webhook intake" section's
 * generated blocks (latest run; one history row per run) are replaced, anything else in the
 * file (other suites' sections, the hand-written findings) is left as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Accounting } from './index.js';
import type { FixedRateResult, ThroughputResult } from './load.js';

export interface Report {
  at: string;
  machine: { nproc: number; cpu: string; memGiB: number; node: string; os: string; commit: string };
  opts: { connections: number; durationS: number; rate: number; rateDurationS: number; redeliveryShare: number; quick: boolean };
  hello: { tp: ThroughputResult; rate: FixedRateResult; idleMiB: number; loadMiB: number; insertTp: ThroughputResult };
  app: {
    tp: ThroughputResult;
    rate: FixedRateResult;
    sweep: { rate: number; result: FixedRateResult }[];
    tpAcc: Accounting;
    rateAcc: Accounting;
    httpIdleMiB: number;
    tpLoadMiB: number;
    tpPeakMiB: number;
    rateLoadMiB: number;
    connectedIdleMiB: number;
    connectedIdleRange: [number, number];
    threads: number;
    readyHttpMs: number;
    readyConnectedMs: number;
    readyHttpRuns: number[];
    readyConnectedRuns: number[];
    readyInAppMs: number;
    floorReadyNodeMs: number;
    floorReadyTsxMs: number;
    floorRssNodeMiB: number;
    floorRssTsxMiB: number;
  };
  profile?: string;
  /** Cores other processes kept busy on average, per phase. */
  contention: Record<string, number>;
  elapsedS: number;
}

const SECTION = '## Webhook intake (issue #4)';
const RESULTS = ['<!-- bench:webhooks:results -->', '<!-- /bench:webhooks:results -->'] as const;
const HISTORY = ['<!-- bench:webhooks:history -->', '<!-- /bench:webhooks:history -->'] as const;
const MB_PER_MIB = 1.048576;

const f = (x: number, d = 0) =>
  x === Infinity ? '> 10 s (unanswered)' : Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–';
const mib = (x: number) => `${f(x, 1)} MiB (${f(x * MB_PER_MIB, 0)} MB)`;
const ok = (pass: boolean) => (pass ? '✅ met' : '❌ missed');

export function resultsMarkdown(r: Report): string {
  const { app, hello } = r;
  const share = app.tp.reqPerSec / hello.tp.reqPerSec;
  const errors = (a: Accounting, load: { non2xx: number; errors: number; timeouts?: number }) => load.non2xx + load.errors + (load.timeouts ?? 0) + a.rejected;
  const describeErrors = (a: Accounting, load: { non2xx: number; errors: number; timeouts?: number }) =>
    errors(a, load) === 0
      ? '0'
      : `${f(load.non2xx)} non-2xx, ${f(load.errors + (load.timeouts ?? 0))} unanswered (socket error, or no answer within the 10 s client timeout), ${f(a.rejected)} rejected by the app`;
  const tpErrors = errors(app.tpAcc, app.tp);
  const rateErrors = errors(app.rateAcc, app.rate);
  const dup = app.tpAcc.duplicatesProcessed + app.rateAcc.duplicatesProcessed;
  const meets = app.sweep.filter((x) => x.result.latency.p99 <= 25).map((x) => x.rate);
  const lines = [
    `Latest run: ${r.at.slice(0, 16).replace('T', ' ')} UTC, commit ${r.machine.commit}; ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memGiB} GiB RAM, Node ${r.machine.node}, ${r.machine.os}.`,
    `Command: \`npm run bench -- webhooks\`${r.opts.quick ? ' (--quick: shorter runs, indicative only)' : ''}; took ${f(r.elapsedS)} s. ` +
      `Other processes on the machine kept on average ${Object.entries(r.contention).map(([k, v]) => `${f(v, 2)} (${k})`).join(', ')} of its ${r.machine.nproc} cores busy during the phases${Math.max(...Object.values(r.contention)) > 0.25 ? ' — **the machine was shared, so these numbers are pessimistic and noisy**' : ''}.`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| Acknowledged events/s, max (closed loop, ${r.opts.connections} connections, ${r.opts.durationS} s) | ${f(app.tp.reqPerSec)} /s = **${f(100 * share, 1)} %** of hello-world (${f(hello.tp.reqPerSec)} /s) | ≥ 50 % | ${ok(share >= 0.5)} |`,
    `| For reference: the same stack reading the body and inserting it into SQLite (one commit per request) | ${f(hello.insertTp.reqPerSec)} /s = ${f((100 * hello.insertTp.reqPerSec) / hello.tp.reqPerSec, 1)} % of hello-world; the app is ${f((100 * app.tp.reqPerSec) / hello.insertTp.reqPerSec, 1)} % of it | – | |`,
    `| p99 acknowledgement latency at ${f(r.opts.rate)} events/s (open loop, ${r.opts.rateDurationS} s) | **${f(app.rate.latency.p99, 1)}${Number.isFinite(app.rate.latency.p99) ? ' ms' : ''}** (p50 ${f(app.rate.latency.p50, 1)}, p95 ${f(app.rate.latency.p95, 1)}; ${f(app.rate.ok)} of ${f(app.rate.sent)} acknowledged${app.rate.ok < app.rate.sent ? ' within the 10 s client timeout' : ''}); ${meets.length ? `p99 ≤ 25 ms up to ${f(Math.max(...meets))}/s of the rates tried (${app.sweep.map((x) => f(x.rate)).join(', ')}/s)` : `p99 over 25 ms at every rate tried (${app.sweep.map((x) => f(x.rate)).join(', ')}/s)`} | ≤ 25 ms | ${ok(app.rate.latency.p99 <= 25)} |`,
    `| Duplicates processed, ${f(100 * r.opts.redeliveryShare)} % of deliveries exact redeliveries | **${dup}** (of ${f(app.tpAcc.redeliveriesSent + app.rateAcc.redeliveriesSent)} redeliveries; ${f(app.tpAcc.duplicatesDetected + app.rateAcc.duplicatesDetected)} detected) | 0 | ${ok(dup === 0)} |`,
    `| Errors | at max load: ${describeErrors(app.tpAcc, app.tp)}; open loop: ${describeErrors(app.rateAcc, app.rate)} | – | ${tpErrors + rateErrors === 0 ? 'none' : '⚠️'} |`,
    `| Resident memory idle, DingTalk stream + Feishu long connection connected | **${mib(app.connectedIdleMiB)}** | ≤ 120 MB | ${ok(app.connectedIdleMiB * MB_PER_MIB <= 120)} |`,
    `| Resident memory under load (max VmRSS sampled; max throughput / ${f(r.opts.rate)}/s) | ${mib(app.tpLoadMiB)} / ${mib(app.rateLoadMiB)} | – | |`,
    `| Start to ready (/readyz 200) on a migrated database, median of ${app.readyHttpRuns.length} | **${f(app.readyHttpMs)} ms** webhooks mode; ${f(app.readyConnectedMs)} ms stream + long connection | ≤ 1,500 ms | ${ok(app.readyHttpMs <= 1500)} |`,
    '',
    '<details><summary>Details of this run</summary>',
    '',
    '| | hello-world | app |',
    '|---|---:|---:|',
    `| max throughput, 2xx/s | ${f(hello.tp.reqPerSec)} | ${f(app.tp.reqPerSec)} |`,
    `| latency at max throughput p50 / p99 / max (autocannon, ms) | ${f(hello.tp.latency.p50)} / ${f(hello.tp.latency.p99)} / ${f(hello.tp.latency.max)} | ${f(app.tp.latency.p50)} / ${f(app.tp.latency.p99)} / ${f(app.tp.latency.max)} |`,
    `| open loop ${f(r.opts.rate)}/s: p50 / p95 / p99 / p99.9 / max (ms) | ${[hello.rate.latency.p50, hello.rate.latency.p95, hello.rate.latency.p99, hello.rate.latency.p999, hello.rate.latency.max].map((x) => f(x, 2)).join(' / ')} | ${[app.rate.latency.p50, app.rate.latency.p95, app.rate.latency.p99, app.rate.latency.p999, app.rate.latency.max].map((x) => f(x, 2)).join(' / ')} |`,
    `| open loop: load generator's worst send lag (ms) | ${f(hello.rate.maxSendLagMs, 1)} | ${f(app.rate.maxSendLagMs, 1)} |`,
    `| RSS idle / under max load | ${mib(hello.idleMiB)} / ${mib(hello.loadMiB)} | ${mib(app.httpIdleMiB)} (webhooks mode) / ${mib(app.tpLoadMiB)} (VmHWM ${mib(app.tpPeakMiB)}) |`,
    '',
    `Open-loop ack latency by rate (same server as the ${f(r.opts.rate)}/s run, before it; each rate ${app.sweep[0]?.result.measured && app.sweep[0].rate ? f(app.sweep[0].result.measured / app.sweep[0].rate) : '?'} s after 1 s warm-up; an unanswered request counts as infinitely late):`,
    '',
    '| rate (deliveries/s) | p50 | p95 | p99 | max (ms) | acknowledged |',
    '|---:|---:|---:|---:|---:|---:|',
    ...[...app.sweep, { rate: r.opts.rate, result: app.rate }].map(
      ({ rate, result: x }) => `| ${f(rate)} | ${f(x.latency.p50, 1)} | ${f(x.latency.p95, 1)} | ${f(x.latency.p99, 1)} | ${f(x.latency.max, 1)} | ${f(x.ok)} of ${f(x.sent)} |`,
    ),
    '',
    '| accounting (from the load tool, /metrics and the database) | max throughput | open loop |',
    '|---|---:|---:|',
    ...(
      [
        ['deliveries sent (unique + redeliveries)', (a: Accounting) => `${f(a.uniqueSent)} + ${f(a.redeliveriesSent)}`],
        ['  of which DingTalk / Feishu', (a: Accounting) => `${f(a.sent.dingtalk.requests)} / ${f(a.sent.feishu.requests)}`],
        ['accepted (lvz_inbound_events_total outcome=accepted)', (a: Accounting) => f(a.accepted)],
        ['duplicates detected (outcome=duplicate)', (a: Accounting) => f(a.duplicatesDetected)],
        ['duplicates processed', (a: Accounting) => f(a.duplicatesProcessed)],
        ['events recorded (ProcessedInbound rows with payload)', (a: Accounting) => f(a.recorded)],
        ['dedup keys recorded (DingTalk msgId; Feishu message_id)', (a: Accounting) => `${f(a.db.keys.dingtalk ?? 0)} + ${f(a.db.keys.feishu ?? 0)}`],
        ['events with a reply queued in the Outbox', (a: Accounting) => f(a.replies)],
        ['after the load: acks over (counters still) / every accepted event processed', (a: Accounting) =>
          a.backlogRate === undefined
            ? `${f(a.drainS, 1)} s${a.pendingLeft ? ` (${f(a.pendingLeft)} left!)` : ''}`
            : `${f(a.drainS, 1)} s / backlog of ${f(a.pendingLeft)} journaled events, worked off at ${f(a.backlogRate)}/s`],
        ['processing failures (status failed)', (a: Accounting) => f(a.db.failed)],
        ['outbox by status at the end', (a: Accounting) => Object.entries(a.db.outbox).map(([k, v]) => `${k} ${v}`).join(', ')],
        ['server log warn / error lines', (a: Accounting) => `${a.logs.warn ?? 0} / ${a.logs.error ?? 0}`],
      ] as const
    ).map(([label, fn]) => `| ${label} | ${fn(app.tpAcc)} | ${fn(app.rateAcc)} |`),
    '',
    `Start to ready, each run (ms): webhooks mode ${app.readyHttpRuns.map((x) => f(x)).join(', ')}; stream + long connection ${app.readyConnectedRuns.map((x) => f(x)).join(', ')}. ` +
      `Of the webhooks-mode median, the app's own start-up after its modules are loaded (the \`ms\` it logs with "is ready") is ${f(app.readyInAppMs)} ms. ` +
      `For scale, the hello-world's start to first answer: ${f(app.floorReadyNodeMs)} ms under plain node (RSS ${mib(app.floorRssNodeMiB)}), ${f(app.floorReadyTsxMs)} ms under \`node --import tsx\` (RSS ${mib(app.floorRssTsxMiB)}).`,
    `Idle connected RSS over the settling period: ${f(app.connectedIdleRange[0], 1)}–${f(app.connectedIdleRange[1], 1)} MiB; ${app.threads} threads.`,
    ...(r.profile ? ['', r.profile] : []),
    '',
    '</details>',
  ];
  return lines.join('\n');
}

export function historyRow(r: Report): string {
  const { app, hello } = r;
  const dup = app.tpAcc.duplicatesProcessed + app.rateAcc.duplicatesProcessed;
  const meets = app.sweep.filter((x) => x.result.latency.p99 <= 25).map((x) => x.rate);
  const busy = Math.max(...Object.values(r.contention));
  return `| ${r.at.slice(0, 16).replace('T', ' ')} | ${r.machine.commit.split(' ')[0]}${r.opts.quick ? ' (quick)' : ''} | ${f(busy, 2)} | ${f(app.tp.reqPerSec)} / ${f(hello.tp.reqPerSec)} = ${f((100 * app.tp.reqPerSec) / hello.tp.reqPerSec, 1)} % | ${f(app.rate.latency.p99, 1)} | ${meets.length ? `${f(Math.max(...meets))}/s` : 'none'} | ${dup} | ${f(app.connectedIdleMiB * MB_PER_MIB)} | ${f(Math.max(app.tpLoadMiB, app.rateLoadMiB) * MB_PER_MIB)} | ${f(app.readyHttpMs)} |`;
}

const HISTORY_HEAD = [
  '| run (UTC) | commit | other load (cores, max per phase) | acks/s: app / hello-world = share | p99 at 1,000/s (ms) | p99 ≤ 25 ms up to | duplicates processed | idle RSS connected (MB) | max RSS under load (MB) | start to ready (ms) |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
];

function replaceBlock(text: string, [open, close]: readonly [string, string], body: string): string | null {
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) return null;
  return `${text.slice(0, a + open.length)}\n${body}\n${text.slice(b)}`;
}

/** Returns the results markdown; with write, puts it (and a history row) into the file. */
export function writeSection(r: Report, o: { write: boolean; file: string }): string {
  const results = resultsMarkdown(r);
  if (!o.write) return results;
  let text = existsSync(o.file)
    ? readFileSync(o.file, 'utf8')
    : '# Benchmarks\n\nRun them all with `npm run bench` (`bench/run.mjs` runs every `bench/<suite>/index.ts`), or one suite with `npm run bench -- <suite>`. Each suite owns its section below.\n';
  if (!text.includes(RESULTS[0])) {
    text = `${text.trimEnd()}\n\n${SECTION}\n\n${RESULTS[0]}\n${RESULTS[1]}\n\n### Runs\n\n${HISTORY[0]}\n${HISTORY[1]}\n`;
  }
  text = replaceBlock(text, RESULTS, results) ?? text;
  const a = text.indexOf(HISTORY[0]);
  const b = text.indexOf(HISTORY[1]);
  if (a >= 0 && b > a) {
    const old = text.slice(a + HISTORY[0].length, b).split('\n').filter((l) => l.startsWith('| 2'));
    const rows = [...old, historyRow(r)].slice(-12);
    text = replaceBlock(text, HISTORY, [...HISTORY_HEAD, ...rows].join('\n')) ?? text;
  }
  writeFileSync(o.file, text);
  return results;
}
