import type { Rows } from '../records.js';

/** Which targets a list shows: one department's, or all; optionally one year. */
export interface TargetFilter {
  departmentId?: string;
  year?: number;
}

export type TargetWithDept = Rows['Target'] & { department: Pick<Rows['Department'], 'id' | 'name'>; leadDivision: Pick<Rows['Division'], 'id' | 'name'> | null };

/** What the targets (问效点) use cases and their jobs read. */
export interface TargetReads {
  byNumber(number: string): Promise<TargetWithDept | null>;
  /** Targets newest first, a page of them, and how many there are. */
  list(filter: TargetFilter, offset: number, limit: number): Promise<{ total: number; rows: TargetWithDept[] }>;
  events(targetId: string): Promise<Rows['TargetEvent'][]>;
  progress(targetId: string): Promise<Rows['TargetProgress'][]>;
  /** Latest progress per target (at), for the targets given. */
  lastProgress(targetIds: readonly string[]): Promise<Map<string, Date>>;
  /** The year's targets as the rule counts them. */
  forYear(year: number): Promise<Pick<Rows['Target'], 'id' | 'departmentId' | 'leadDivisionId' | 'status' | 'assessedElsewhere'>[]>;
  /** Approved targets due on or before `day` (YYYY-MM-DD), not assessed elsewhere, with their department. */
  openDueBy(day: string): Promise<TargetWithDept[]>;
  /** A TargetSetting row's value (JSON), or null. */
  setting(key: string): Promise<string | null>;
  /** The departments that register targets (those with a liaison), with their divisions. */
  registeringDepartments(): Promise<{ id: string; name: string; divisions: { id: string; name: string }[] }[]>;
  /** People holding 分管领导 for a division of the department, with the division. */
  divisionLeaders(departmentId: string): Promise<{ personId: string; name: string; divisionId: string | null; divisionName: string | null }[]>;
  personName(id: string): Promise<string | null>;
}
