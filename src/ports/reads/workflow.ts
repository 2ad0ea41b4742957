import type { Role } from '../../domain/roles.js';
import type { Rows } from '../records.js';

export type ItemWithForm = Rows['PushItem'] & { pushForm: Rows['PushForm'] };
/** A report with its department and, once it is on a push form, its item and that form. */
export type ReportWithItem = Rows['Report'] & { department: Pick<Rows['Department'], 'id' | 'name'>; item: ItemWithForm | null };
export type FormItem = Rows['PushItem'] & { report: Rows['Report'] };
/** A push form with its department and every item on it (each with its report). */
export type FormWithItems = Rows['PushForm'] & { department: Pick<Rows['Department'], 'id' | 'name'>; items: FormItem[] };

/** What the push, sign and rectification use cases read. */
export interface WorkflowReads {
  reportWithItem(number: string): Promise<ReportWithItem | null>;
  divisions(departmentId: string): Promise<Pick<Rows['Division'], 'id' | 'name'>[]>;
  /** The department's draft form (reports wait on it until it is sent), if any. */
  draftForm(departmentId: string): Promise<FormWithItems | null>;
  form(where: { id: string } | { code: string }): Promise<FormWithItems | null>;
  /** The department's issued forms that nobody has signed for yet. */
  formsToSign(departmentId: string): Promise<FormWithItems[]>;
  person(id: string): Promise<{ id: string; name: string; department: { name: string } } | null>;
  /**
   * Active people holding `role`: liaisons of the person's department `departmentId`, other
   * roles assigned for `departmentId` / `divisionId` when given.
   */
  holders(role: Role, where?: { departmentId?: string; divisionId?: string }): Promise<string[]>;
  /** Group chats registered for the department (绑定部门群). */
  chatBindings(departmentId: string): Promise<Pick<Rows['ChatBinding'], 'platform' | 'chatId'>[]>;
}
