import type { Reads } from '../../../ports/reads/index.js';
import type { Client } from './client.js';
import { bindingReads } from './binding.js';
import { calendarReads } from './calendar.js';
import { caseReads } from './cases.js';
import { commonReads } from './common.js';
import { consoleReads } from './console.js';
import { ledgerReads } from './ledger.js';
import { figureReads } from './figures.js';
import { formReads } from './forms.js';
import { reportReads } from './reports.js';
import { targetReads } from './targets.js';
import { workflowReads } from './workflow.js';

/** The reads on a Prisma client (root or transaction), the same on SQLite, PostgreSQL and D1. */
export const createReads = (c: Client): Reads => ({
  common: commonReads(c),
  calendar: calendarReads(c),
  reports: reportReads(c),
  console: consoleReads(c),
  ledger: ledgerReads(c),
  forms: formReads(c),
  figures: figureReads(c),
  workflow: workflowReads(c),
  binding: bindingReads(c),
  cases: caseReads(c),
  targets: targetReads(c),
});
