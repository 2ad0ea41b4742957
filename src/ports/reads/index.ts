/**
 * Everything services read, by capability. Each capability's reads live in their own file;
 * src/infra/prisma/reads implements them once for all three databases.
 */
import type { BindingReads } from './binding.js';
import type { CalendarReads } from './calendar.js';
import type { CaseReads } from './cases.js';
import type { CommonReads } from './common.js';
import type { ConsoleReads } from './console.js';
import type { LedgerReads } from './ledger.js';
import type { FigureReads } from './figures.js';
import type { FormReads } from './forms.js';
import type { ReportReads } from './reports.js';
import type { TargetReads } from './targets.js';
import type { WorkflowReads } from './workflow.js';

export interface Reads {
  common: CommonReads;
  calendar: CalendarReads;
  reports: ReportReads;
  console: ConsoleReads;
  ledger: LedgerReads;
  forms: FormReads;
  figures: FigureReads;
  workflow: WorkflowReads;
  binding: BindingReads;
  cases: CaseReads;
  targets: TargetReads;
}
