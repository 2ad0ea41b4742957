import type { Rows } from '../records.js';

/** A case with its parties and clocks. */
export type CaseWithParts = Rows['Case'] & { parties: Rows['CaseParty'][]; clocks: Rows['CaseClock'][] };

/** What the case use cases and the case-clock job read. */
export interface CaseReads {
  byNumber(number: string): Promise<CaseWithParts | null>;
  byId(id: string): Promise<CaseWithParts | null>;
  events(caseId: string): Promise<Rows['CaseEvent'][]>;
  /** Open clocks (running or suspended), oldest due first, with their case. */
  openClocks(): Promise<(Rows['CaseClock'] & { case: Rows['Case'] & { parties: Rows['CaseParty'][] } })[]>;
  /** Cases a department takes part in (its own or as a party), newest first. */
  forDepartment(departmentId: string, limit: number): Promise<Rows['Case'][]>;
  /** Cases opened by a person (a complainant), newest first. */
  openedBy(personId: string, limit: number): Promise<Rows['Case'][]>;
  /** Open cases, newest first (the office's list). */
  open(limit: number): Promise<Rows['Case'][]>;
  /** Files kept with a case (Attachment rows with purpose "case"). */
  attachments(caseId: string): Promise<Pick<Rows['Attachment'], 'id' | 'name' | 'kind' | 'size' | 'error'>[]>;
}
