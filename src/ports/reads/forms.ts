import type { Rows } from '../records.js';

/** One issued 信息推送表 with everything its printed page shows. */
export interface FormRecord {
  form: Rows['PushForm'] & { department: { id: string; name: string } };
  items: (Rows['PushItem'] & {
    report: Rows['Report'];
    divisionName: string | null;
    attachments: { purpose: string; kind: string; name: string | null }[];
  })[];
  issuer: { name: string; departmentName: string } | null;
  signer: { name: string; departmentName: string } | null;
}

export interface FormReads {
  /** A form by its id or its code (TS-2026-0001); null when there is none. */
  byIdOrCode(idOrCode: string): Promise<FormRecord | null>;
}
