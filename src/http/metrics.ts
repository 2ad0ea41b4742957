/**
 * Prometheus counters kept in process memory (per isolate on Workers). Gauges that live in
 * the database (outbox depth) are read at scrape time by the /metrics route.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

class Counter {
  private values = new Map<string, number>();
  /** Rendered label sets by their raw values: counted on every request, rendered once. */
  private keys = new Map<string, string>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    let raw = '';
    for (const name in labels) raw += `${name}\u0000${labels[name]}\u0001`;
    let k = this.keys.get(raw);
    if (k === undefined) this.keys.set(raw, (k = key(labels)));
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string[] {
    const out = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) out.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return out;
  }
}

export class Metrics {
  readonly httpRequests = new Counter('lvz_http_requests_total', 'HTTP requests by method, route and status.');
  readonly inboundEvents = new Counter('lvz_inbound_events_total', 'Inbound chat events by channel and outcome.');
  readonly jobRuns = new Counter('lvz_job_runs_total', 'Scheduled job runs by job and outcome.');
  readonly outboundSends = new Counter('lvz_outbound_sends_total', 'Messages sent to platforms by channel and outcome.');
  private readonly startedAt = Date.now();

  /** `gauges`: values read at scrape time (a counter kept elsewhere says so with `type`). */
  render(gauges: { name: string; help: string; type?: 'gauge' | 'counter'; samples: { labels: Labels; value: number }[] }[] = []): string {
    const lines = [this.httpRequests, this.inboundEvents, this.jobRuns, this.outboundSends].flatMap((c) => c.render());
    for (const g of gauges) {
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type ?? 'gauge'}`);
      for (const s of g.samples) lines.push(`${g.name}${Object.keys(s.labels).length ? `{${key(s.labels)}}` : ''} ${s.value}`);
    }
    lines.push('# HELP lvz_uptime_seconds Seconds since this process started.', '# TYPE lvz_uptime_seconds gauge');
    lines.push(`lvz_uptime_seconds ${Math.round((Date.now() - this.startedAt) / 1000)}`);
    return lines.join('\n') + '\n';
  }
}
