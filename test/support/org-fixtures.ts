/** Builders for org directory sheets (CSV text and XLSX bytes) used by the import tests. */
import ExcelJS from 'exceljs';

export const ORG_HEADER = ['部门', '上级部门', '科室', '姓名', '手机', '角色', '钉钉userId', '飞书open_id'] as const;
export type OrgColumn = (typeof ORG_HEADER)[number];
/** A row by column label; missing cells are empty. */
export type FixtureRow = Partial<Record<OrgColumn, string>>;

export interface SheetOptions {
  /** Header labels, in order (default ORG_HEADER); rows are laid out under them by label. */
  header?: readonly string[];
  bom?: boolean;
  eol?: '\r\n' | '\n';
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function orgGrid(rows: FixtureRow[], header: readonly string[] = ORG_HEADER): string[][] {
  return [[...header], ...rows.map((r) => header.map((h) => (r as Record<string, string | undefined>)[h] ?? ''))];
}

export function orgCsv(rows: FixtureRow[], opts: SheetOptions = {}): string {
  const eol = opts.eol ?? '\r\n';
  const body = orgGrid(rows, opts.header).map((cells) => cells.map(quote).join(',')).join(eol) + eol;
  return (opts.bom ? '\uFEFF' : '') + body;
}

/** An .xlsx with the sheet on its first worksheet; mobiles are written as numbers, as Excel users do. */
export async function orgXlsx(rows: FixtureRow[], opts: SheetOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员');
  const header = opts.header ?? ORG_HEADER;
  for (const cells of orgGrid(rows, header)) {
    ws.addRow(cells.map((v, i) => (header[i] === '手机' && /^\d{11}$/.test(v) ? Number(v) : v)));
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * A small city in three levels, rows deliberately out of order (children before parents),
 * with divisions, every role and both platform ids.
 */
export function goodRows(): FixtureRow[] {
  return [
    { 部门: '东湖街道', 上级部门: '东湖区', 科室: '综合执法办', 姓名: '周信息', 手机: '13800000007', 角色: '信息员', 飞书open_id: 'ou_zhou' },
    { 部门: '示范市', 科室: '市政府', 姓名: '陈市长', 手机: '13800000001', 角色: '领导' },
    { 部门: '示范市机构编制委员会办公室', 上级部门: '示范市', 科室: '监督检查科', 姓名: '王监管', 手机: '138-0000-0002', 角色: '监管员', 钉钉userId: 'ding-wang' },
    { 部门: '示范市市场监督管理局', 上级部门: '示范市', 科室: '办公室', 姓名: '张局长', 手机: '13800000003', 角色: '主要负责人' },
    { 部门: '示范市市场监督管理局', 科室: '法规科', 姓名: '李副局长', 手机: '+86 138 0000 0004', 角色: '分管领导' },
    { 部门: '示范市市场监督管理局', 科室: '办公室', 姓名: '赵联络', 手机: '13800000005', 角色: '联络员', 钉钉userId: 'ding-zhao', 飞书open_id: 'ou_zhao' },
    { 部门: '东湖区', 上级部门: '示范市', 科室: '区政府办', 姓名: '孙区长', 手机: '13800000006', 角色: '主要负责人' },
    { 部门: '东湖区市场监督管理局', 上级部门: '东湖区', 科室: '办公室', 姓名: '吴联络', 手机: '13800000008', 角色: '联络员、分管领导' },
    { 部门: '示范大学', 科室: '公共管理学院', 姓名: '郑专家', 手机: '13800000009', 角色: '专家' },
    { 部门: '示范市审计局', 上级部门: '示范市', 科室: '审计一科', 姓名: '冯联动', 手机: '13800000010', 角色: '联动部门' },
  ];
}

/** `n` people over a generated tree: 10 city bureaus, 4 districts × 8 bureaus, 4 towns each. */
export function bigRows(n: number): FixtureRow[] {
  const depts: { name: string; parent: string }[] = [{ name: '大市', parent: '' }];
  for (let i = 1; i <= 10; i++) depts.push({ name: `大市第${i}局`, parent: '大市' });
  for (let d = 1; d <= 4; d++) {
    depts.push({ name: `第${d}区`, parent: '大市' });
    for (let i = 1; i <= 8; i++) depts.push({ name: `第${d}区第${i}局`, parent: `第${d}区` });
    for (let t = 1; t <= 4; t++) depts.push({ name: `第${d}区第${t}街道`, parent: `第${d}区` });
  }
  const roles = ['信息员', '联络员', '', '分管领导', '主要负责人', '', '信息员'];
  const rows: FixtureRow[] = [];
  for (let i = 0; i < n; i++) {
    const d = depts[i % depts.length]!;
    rows.push({
      部门: d.name,
      上级部门: d.parent,
      科室: `第${(i % 3) + 1}科`,
      姓名: `测试${i}`,
      手机: String(13900000000 + i),
      角色: roles[i % roles.length],
      钉钉userId: i % 2 === 0 ? `ding-${i}` : '',
      飞书open_id: i % 3 === 0 ? `ou_${i}` : '',
    });
  }
  return rows;
}
