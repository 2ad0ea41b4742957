import type { Rows } from '../records.js';

/** What binding an account to a person reads. */
export interface BindingReads {
  code(code: string): Promise<Rows['BindingCode'] | null>;
  identity(platform: string, tenant: string, externalId: string): Promise<Pick<Rows['Identity'], 'id' | 'personId'> | null>;
  person(id: string): Promise<Pick<Rows['Person'], 'id' | 'name'> | null>;
  /** A registered department group, with its department's name. */
  chat(platform: string, chatId: string): Promise<{ departmentId: string; departmentName: string } | null>;
}
