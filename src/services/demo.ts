import type { Db } from '../ports/db.js';
import type { Logger } from '../ports/logger.js';
import { demoOrgCsv } from './demo-org.js';
import { importOrg, parseOrgCsv } from './org-import.js';

export type DemoDecision = 'loaded' | 'present' | 'skipped-not-empty' | 'skipped-disabled';

/**
 * Loads the demo city (示范市) when the directory is empty and no platform is configured,
 * so a newcomer can try the bot at once. Everything it creates is marked isDemo.
 */
export async function ensureDemo(db: Db, logger: Logger, opts: { enabled: boolean; now: Date }): Promise<DemoDecision> {
  const [people, demoPeople] = await Promise.all([db.person.count(), db.person.count({ where: { isDemo: true } })]);
  if (demoPeople > 0) return 'present';
  if (!opts.enabled) return 'skipped-disabled';
  if (people > 0) return 'skipped-not-empty';
  const summary = await importOrg(db, parseOrgCsv(demoOrgCsv()), { isDemo: true, now: opts.now });
  if (summary.rejected.length) logger.warn({ rejected: summary.rejected }, 'demo data: some rows were rejected');
  logger.info({ people: summary.created, departments: summary.departmentsCreated }, 'loaded demo data (示范市): fictional people for trying the bot');
  return 'loaded';
}
