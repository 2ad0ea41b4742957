/**
 * 5-field cron expressions (minute hour day-of-month month day-of-week) evaluated in
 * Asia/Shanghai wall-clock time, whatever the process time zone (China has no DST, so every
 * wall-clock minute exists exactly once). Pure; Workers-safe. node-cron only wakes the Node
 * process up; which occurrences are due is decided here, the same on every runtime.
 */
const OFFSET_MS = 8 * 3_600_000;
const MINUTE = 60_000;

export interface CronSpec {
  source: string;
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

function field(text: string, lo: number, hi: number, name: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new RangeError(`bad cron ${name} field "${text}"`);
    const step = m[4] ? Number(m[4]) : 1;
    const from = m[1] === '*' ? lo : Number(m[2]);
    const to = m[1] === '*' ? hi : m[3] !== undefined ? Number(m[3]) : m[4] ? hi : from;
    if (step < 1 || from < lo || to > hi || from > to) throw new RangeError(`bad cron ${name} field "${text}"`);
    for (let v = from; v <= to; v += step) out.add(name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(source: string): CronSpec {
  const f = source.trim().split(/\s+/);
  if (f.length !== 5) throw new RangeError(`cron "${source}" must have 5 fields`);
  return {
    source,
    minute: field(f[0]!, 0, 59, 'minute'),
    hour: field(f[1]!, 0, 23, 'hour'),
    dom: field(f[2]!, 1, 31, 'day-of-month'),
    month: field(f[3]!, 1, 12, 'month'),
    dow: field(f[4]!, 0, 7, 'day-of-week'),
    domAny: f[2] === '*',
    dowAny: f[4] === '*',
  };
}

export function isValidCron(source: string): boolean {
  try {
    parseCron(source);
    return true;
  } catch {
    return false;
  }
}

/** Whether the cron fires in the Shanghai minute containing `at`. */
export function cronMatches(spec: CronSpec, at: Date): boolean {
  const t = new Date(at.getTime() + OFFSET_MS);
  if (!spec.minute.has(t.getUTCMinutes()) || !spec.hour.has(t.getUTCHours()) || !spec.month.has(t.getUTCMonth() + 1)) return false;
  const domOk = spec.dom.has(t.getUTCDate());
  const dowOk = spec.dow.has(t.getUTCDay());
  // Classic cron: when both day fields are restricted, either may match.
  if (spec.domAny || spec.dowAny) return domOk && dowOk;
  return domOk || dowOk;
}

const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / MINUTE) * MINUTE);

/** The latest occurrence at or before `now`, looking back at most `lookbackMs`; null if none. */
export function latestOccurrence(spec: CronSpec, now: Date, lookbackMs: number): Date | null {
  const start = floorMinute(now).getTime();
  for (let t = start; t >= now.getTime() - lookbackMs; t -= MINUTE) {
    const d = new Date(t);
    if (cronMatches(spec, d)) return d;
  }
  return null;
}

/** Every occurrence in (from, to], oldest first (for rehearsing a period). */
export function occurrencesBetween(spec: CronSpec, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let t = floorMinute(from).getTime() + MINUTE; t <= to.getTime(); t += MINUTE) {
    const d = new Date(t);
    if (cronMatches(spec, d)) out.push(d);
  }
  return out;
}

/** "每天 09:00" / "每周一 09:00" for people; the raw cron for anything fancier. */
export function describeCron(source: string): string {
  const f = source.trim().split(/\s+/);
  const [mi, h, dom, mon, dow] = f;
  if (f.length === 5 && /^\d+$/.test(mi!) && /^\d+$/.test(h!) && dom === '*' && mon === '*') {
    const time = `${h!.padStart(2, '0')}:${mi!.padStart(2, '0')}`;
    if (dow === '*') return `每天 ${time}`;
    if (/^[0-7]$/.test(dow!)) return `每周${'日一二三四五六日'[Number(dow)]} ${time}`;
    if (dow === '1-5') return `周一至周五 ${time}`;
  }
  return `cron「${source}」`;
}

/** Replaces the time of day in a cron, keeping its day fields: "0 9 * * 1" + 08:45 → "45 8 * * 1". */
export function withTime(source: string, hour: number, minute: number): string {
  const f = source.trim().split(/\s+/);
  return [String(minute), String(hour), ...f.slice(2)].join(' ');
}
