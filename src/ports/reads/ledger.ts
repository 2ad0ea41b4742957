import type { Rows } from '../records.js';

/** What the database narrows a ledger to; the rest (status, light, overdue) is computed. */
export interface LedgerQuery {
  departmentId?: string;
  source?: string;
  type?: string;
  /** Reports created in [from, to). */
  createdFrom?: Date;
  createdTo?: Date;
  /** A number (WT-…, TS-…, 〔…〕) or words of the description. */
  search?: string;
  limit: number;
}

export type LedgerItem = Rows['PushItem'] & { pushForm: Pick<Rows['PushForm'], 'code' | 'docNumber' | 'requirements' | 'issuedAt'> };
export type LedgerRecord = Rows['Report'] & { department: { name: string }; item: LedgerItem | null };

export type AttachmentInfo = Omit<Rows['Attachment'], 'data'>;

/** The ledger of problems and their push-form items, for the web console. */
export interface LedgerReads {
  reports(q: LedgerQuery): Promise<LedgerRecord[]>;
  report(number: string): Promise<LedgerRecord | null>;
  /** The audit trail of one report, oldest first, with the actor's name. */
  trail(reportId: string): Promise<(Rows['AuditLog'] & { actorName: string | null })[]>;
  attachments(reportId: string): Promise<AttachmentInfo[]>;
  attachmentFile(id: string): Promise<Rows['Attachment'] | null>;
  departments(): Promise<{ id: string; name: string }[]>;
}
