/** Roles a person can hold. A person may hold several. */
export const ROLES = [
  'supervisor', // 监管员: the supervising office (编办)
  'liaison', // 联络员 of a department
  'info_officer', // 信息员
  'expert', // 专家
  'linked_dept', // 联动部门
  'leader', // 领导 (city leaders who receive summaries)
  'principal', // 主要负责人 of a department
  'division_leader', // 分管领导 of a division (科室)
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  supervisor: '监管员',
  liaison: '联络员',
  info_officer: '信息员',
  expert: '专家',
  linked_dept: '联动部门',
  leader: '领导',
  principal: '主要负责人',
  division_leader: '分管领导',
};

const BY_LABEL = new Map<string, Role>([
  ...Object.entries(ROLE_LABELS).map(([k, v]) => [v, k as Role] as const),
  ['编办', 'supervisor'],
  ['监管人员', 'supervisor'],
  ['部门联络员', 'liaison'],
  ['监管专家', 'expert'],
  ['市领导', 'leader'],
]);

export type RoleParse = { roles: Role[]; unknown: string[] };

/** Parses a 角色 cell: one or more labels separated by 、 , ， ; ； / or spaces. */
export function parseRoleCell(cell: string): RoleParse {
  const roles: Role[] = [];
  const unknown: string[] = [];
  for (const part of cell.split(/[、,，;；/\s]+/).map((s) => s.trim()).filter(Boolean)) {
    const role = BY_LABEL.get(part);
    if (!role) unknown.push(part);
    else if (!roles.includes(role)) roles.push(role);
  }
  return { roles, unknown };
}

/** A role held by a person, with the department or division it applies to. */
export interface RoleGrant {
  role: Role;
  departmentId?: string | null;
  departmentName?: string | null;
  divisionId?: string | null;
  divisionName?: string | null;
}

/** The uniqueness scope of a grant: 主要负责人 per department, 分管领导 per division. */
export function roleScope(g: Pick<RoleGrant, 'role' | 'departmentId' | 'divisionId'>): string {
  if (g.role === 'principal' && g.departmentId) return `dept:${g.departmentId}`;
  if (g.role === 'division_leader' && g.divisionId) return `div:${g.divisionId}`;
  if (g.role === 'liaison' && g.departmentId) return `dept:${g.departmentId}`;
  return '';
}

/** "主要负责人（市市场监督管理局）" style description of one grant. */
export function describeGrant(g: RoleGrant): string {
  const label = ROLE_LABELS[g.role];
  if (g.role === 'division_leader' && g.divisionName) return `${label}（${g.departmentName ?? ''}${g.divisionName}）`;
  if ((g.role === 'principal' || g.role === 'liaison') && g.departmentName) return `${label}（${g.departmentName}）`;
  return label;
}
