/**
 * The quarterly collection's participation for the figures: the same units and answers as the
 * round's own summary to leaders (reminders/collection-units.ts), so the two agree.
 */
import type { Db } from '../../ports/db.js';
import { currentTimeline } from '../../jobs/timeline.js';
import { answers, collectionUnits } from '../reminders/collection-units.js';

export interface Participation {
  year: number;
  quarter: number;
  status: 'open' | 'closed';
  opensOn: string;
  closesOn: string;
  /** Linked departments (answer once each) and information officers outside them. */
  departments: { all: number; reported: number; none: number; absent: string[] };
  officers: { all: number; reported: number; none: number; absent: number };
}

/** The latest round that opened before `to` (exclusive day) in the current timeline, or null. */
export async function collectionParticipation(db: Db, to: string, asOf: Date): Promise<Participation | null> {
  const round = await db.collectionRound.findFirst({
    where: { timeline: await currentTimeline(db), opensOn: { lt: to } },
    orderBy: [{ opensOn: 'desc' }, { openedAt: 'desc' }],
  });
  if (!round) return null;
  const until = round.closedAt && round.closedAt < asOf ? round.closedAt : asOf;
  const [{ units }, answered] = await Promise.all([collectionUnits(db), answers(db, round, until)]);
  const part = (kind: 'department' | 'officer') => {
    const all = [...units.values()].filter((u) => u.kind === kind);
    const by = (k: 'report' | 'none' | undefined) => all.filter((u) => answered.get(u.key)?.kind === k);
    return { all: all.length, reported: by('report').length, none: by('none').length, absentUnits: by(undefined) };
  };
  const d = part('department');
  const o = part('officer');
  return {
    year: round.year,
    quarter: round.quarter,
    status: round.status === 'closed' ? 'closed' : 'open',
    opensOn: round.opensOn,
    closesOn: round.closesOn,
    departments: { all: d.all, reported: d.reported, none: d.none, absent: d.absentUnits.map((u) => u.name) },
    officers: { all: o.all, reported: o.reported, none: o.none, absent: o.absentUnits.length },
  };
}
