/**
 * The tables as the store reads and writes them: the generated plain records
 * (records.generated.ts, from prisma/schema.prisma) with their state and kind columns narrowed to
 * the domain's values. ENUM_COLUMNS is also what the store checks every row it reads against,
 * so a value outside these lists is an error at the edge, never a silently wrong branch.
 */
import type { Channel, Platform } from '../domain/message.js';
import { CASE_KINDS } from '../domain/cases/kinds/index.js';
import { ROLES } from '../domain/roles.js';
import { TARGET_STATUSES } from '../domain/targets/target.js';
import { ITEM_STATUS_LABELS, PROBLEM_TYPES, REPORT_STATUS_LABELS, SOURCES, type ItemStatus, type PushFormStatus, type ReportStatus } from '../domain/workflow.js';
import type { GeneratedDefaults, GeneratedRows } from './records.generated.js';

const keys = <K extends string>(o: Record<K, unknown>) => Object.keys(o) as K[];
const PLATFORMS = ['dingtalk', 'feishu'] as const satisfies readonly Platform[];
const CHANNELS = ['web', ...PLATFORMS] as const satisfies readonly Channel[];

export const ENUM_COLUMNS = {
  Department: { level: ['city', 'county', 'town'] },
  Identity: { platform: PLATFORMS },
  RoleAssignment: { role: ROLES },
  AuditLog: { channel: [...CHANNELS, 'cli', 'admin', 'console', 'system'] },
  Outbox: {
    kind: ['text', 'markdown', 'card', 'card_update'],
    status: ['pending', 'claimed', 'sending', 'sent', 'failed', 'held', 'skipped'],
    channel: PLATFORMS,
  },
  ProcessedInbound: { status: ['pending', 'done', 'failed'] },
  CalendarOverride: { kind: ['workday', 'holiday'] },
  Report: { status: keys<ReportStatus>(REPORT_STATUS_LABELS), type: PROBLEM_TYPES, source: SOURCES, channel: CHANNELS },
  PushForm: { status: ['draft', 'issued', 'signed'] satisfies PushFormStatus[] },
  PushItem: { status: keys<ItemStatus>(ITEM_STATUS_LABELS), extensionStatus: ['pending', 'approved', 'refused', 'withdrawn'] },
  JobRun: { status: ['running', 'done', 'failed'] },
  CollectionRound: { status: ['open', 'closed'] },
  CollectionResponse: { kind: ['none', 'report'] },
  Attachment: { purpose: ['report', 'evidence', 'case'], kind: ['image', 'file'] },
  Case: { kind: CASE_KINDS.map((k) => k.kind) },
  CaseClock: { effect: ['advisory', 'legal'], status: ['running', 'suspended', 'ended', 'expired'] },
  CaseParty: { role: ['applicant', 'party', 'receiver', 'complainant', 'target'] },
  ConsoleSession: { purpose: ['link', 'session'] },
  Target: { status: TARGET_STATUSES },
} as const satisfies { [T in keyof GeneratedRows]?: { [C in keyof GeneratedRows[T]]?: readonly string[] } };

type Enums = typeof ENUM_COLUMNS;
type Narrow<T extends Table, C extends keyof GeneratedRows[T]> = T extends keyof Enums
  ? C extends keyof Enums[T]
    ? Enums[T][C] extends readonly (infer V)[]
      ? V | (null extends GeneratedRows[T][C] ? null : never)
      : never
    : GeneratedRows[T][C]
  : GeneratedRows[T][C];

export type Table = keyof GeneratedRows;
/** One row of `T` as stored. */
export type Rows = { [T in Table]: { [C in keyof GeneratedRows[T]]: Narrow<T, C> } };
/** A new row of `T`: columns with a database default (or nullable) may be left out. */
export type Insert<T extends Table> = Omit<Rows[T], GeneratedDefaults[T]> & Partial<Pick<Rows[T], GeneratedDefaults[T] & keyof Rows[T]>>;
