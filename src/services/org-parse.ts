/**
 * Reading an org directory sheet (CSV text or cells from an XLSX) into typed rows.
 * Portable: no Node APIs, so the same code runs on Node and on Cloudflare Workers.
 */

/** One data row of the sheet: one person. Cells are trimmed; an absent column reads as "". */
export interface OrgRow {
  /** The row number as a spreadsheet shows it (the header is line 1). */
  line: number;
  department: string;
  parent: string;
  division: string;
  name: string;
  mobile: string;
  roles: string;
  dingtalkUserId: string;
  feishuOpenId: string;
}

export interface ParsedSheet {
  /** Columns present in the file, by field (for callers that want to know what was given). */
  columns: OrgField[];
  rows: OrgRow[];
}

/** The whole file is unusable; `message` is shown to the user as is (Chinese). */
export class OrgFileError extends Error {
  override readonly name = 'OrgFileError';
}

/** People per file: a city's whole directory is a few thousand; more is split into files. */
export const ORG_MAX_ROWS = 20_000;

export function tooManyRows(limit = ORG_MAX_ROWS): OrgFileError {
  return new OrgFileError(`表格超过 ${limit} 行，请拆分成多个文件分批导入（同一人员重复导入不会重复登记）。`);
}

export type OrgField = Exclude<keyof OrgRow, 'line'>;

/** Header label → field. Matching ignores surrounding spaces and letter case. */
export const ORG_COLUMNS: readonly (readonly [string, OrgField])[] = [
  ['部门', 'department'],
  ['上级部门', 'parent'],
  ['科室', 'division'],
  ['姓名', 'name'],
  ['手机', 'mobile'],
  ['角色', 'roles'],
  ['钉钉userId', 'dingtalkUserId'],
  ['飞书open_id', 'feishuOpenId'],
];
const REQUIRED: readonly OrgField[] = ['department', 'name'];
const COLUMN_LIST = ORG_COLUMNS.map(([label]) => label).join('、');

const byLabel = new Map(ORG_COLUMNS.map(([label, field]) => [label.toLowerCase(), field] as const));
const labelOf = (f: OrgField) => ORG_COLUMNS.find(([, field]) => field === f)![0];

/** Trims ASCII and full-width spaces (Excel users type both). */
export function cleanCell(s: string): string {
  return s.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, '');
}

/** A raw record: its line number and its cells in column order. */
export interface RawRecord {
  line: number;
  cells: string[];
}

/**
 * Maps the header to fields and the records to rows. Rejects the whole file (OrgFileError)
 * when columns are missing, unknown or repeated, or when there is no data.
 */
export function sheetFromRecords(records: RawRecord[]): ParsedSheet {
  const nonBlank = records.filter((r) => r.cells.some((c) => cleanCell(c) !== ''));
  if (nonBlank.length - 1 > ORG_MAX_ROWS) throw tooManyRows();
  const header = nonBlank[0];
  if (!header) throw new OrgFileError(`文件是空的。第一行应为列名：${COLUMN_LIST}`);

  const fields: (OrgField | null)[] = [];
  const missing: string[] = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<OrgField>();
  header.cells.forEach((raw, i) => {
    const label = cleanCell(raw);
    if (label === '') {
      // Excel and WPS often leave empty trailing columns; harmless unless data sits under them.
      if (nonBlank.slice(1).some((r) => cleanCell(r.cells[i] ?? '') !== '')) unknown.push(`第 ${i + 1} 列（无列名）`);
      fields.push(null);
      return;
    }
    const field = byLabel.get(label.toLowerCase());
    if (!field) unknown.push(label);
    else if (seen.has(field)) repeated.push(label);
    else seen.add(field);
    fields.push(field && !repeated.includes(label) ? field : null);
  });
  for (const f of REQUIRED) if (!seen.has(f)) missing.push(labelOf(f));

  const problems: string[] = [];
  if (missing.length) problems.push(`缺少列：${missing.join('、')}`);
  if (unknown.length) problems.push(`无法识别的列：${unknown.join('、')}`);
  if (repeated.length) problems.push(`重复的列：${repeated.join('、')}`);
  if (problems.length) {
    const headerHint = header.line > 1 ? `（列名在第 ${header.line} 行）` : '';
    throw new OrgFileError(`${problems.join('；')}${headerHint}。可用的列：${COLUMN_LIST}`);
  }

  const rows: OrgRow[] = [];
  for (const rec of nonBlank.slice(1)) {
    const row: OrgRow = {
      line: rec.line,
      department: '',
      parent: '',
      division: '',
      name: '',
      mobile: '',
      roles: '',
      dingtalkUserId: '',
      feishuOpenId: '',
    };
    fields.forEach((f, i) => {
      if (f) row[f] = cleanCell(rec.cells[i] ?? '');
    });
    rows.push(row);
  }
  if (rows.length === 0) throw new OrgFileError('文件只有列名，没有人员数据');
  return { columns: [...seen], rows };
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF, LF or CR
 * end a record. Line numbers count records, as Excel shows them, so a quoted line break
 * inside a cell does not shift the numbers the user sees.
 */
export function splitCsv(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let fieldStart = true;
  let quoteOpenedAt = 0;
  const endRecord = () => {
    cells.push(cell);
    records.push({ line: records.length + 1, cells });
    cells = [];
    cell = '';
    fieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      quoteOpenedAt = records.length + 1;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      fieldStart = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      // A stray quote inside an unquoted field is kept literally, as Excel does.
      cell += ch;
      fieldStart = false;
    }
  }
  if (quoted) throw new OrgFileError(`第 ${quoteOpenedAt} 行的引号没有闭合，请检查该行`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** Parses a UTF-8 CSV org sheet (the caller decodes bytes; a BOM is dropped). */
export function parseOrgCsv(text: string): ParsedSheet {
  if (text.includes('\uFFFD')) {
    throw new OrgFileError('文件不是 UTF-8 编码。请在 Excel/WPS 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入');
  }
  return sheetFromRecords(splitCsv(text.replace(/^\uFEFF/, '')));
}
