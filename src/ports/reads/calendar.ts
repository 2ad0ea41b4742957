import type { Rows } from '../records.js';

/** An open item whose due date is counted in working days from its form's issue. */
export interface OpenDeadline {
  item: Pick<Rows['PushItem'], 'id' | 'reportId' | 'version' | 'status' | 'departmentId' | 'dueDate' | 'dueProvisional' | 'extensionStatus'>;
  report: { number: string };
  form: Pick<Rows['PushForm'], 'id' | 'version' | 'docNumber' | 'issuedAt' | 'deadlineWorkdays' | 'dueDate' | 'dueProvisional'>;
  department: { name: string };
}

/** What the office's calendar corrections read. */
export interface CalendarReads {
  override(date: string): Promise<Rows['CalendarOverride'] | null>;
  confirmedYears(): Promise<number[]>;
  /** Items not yet closed on issued forms (a draft has no deadline yet). */
  openDeadlines(): Promise<OpenDeadline[]>;
  /** Active people holding `role` (liaisons: of `departmentId`). */
  holders(role: 'supervisor' | 'liaison', departmentId?: string): Promise<string[]>;
}
