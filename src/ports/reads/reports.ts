import type { Rows } from '../records.js';

export type ReportWithDepartment = Rows['Report'] & { department: { name: string } };

export interface ReportReads {
  byNumber(number: string): Promise<ReportWithDepartment | null>;
  /** The reporters of the reports merged into `reportId` (they follow its outcome). */
  mergedReporters(reportId: string): Promise<string[]>;
}
