/**
 * Who is looking at the console, and the one scope rule every console route applies: the same
 * role × department matrix as chat (src/domain/permissions.ts). The office (监管员) and leaders
 * see every department; a department's 联络员, 主要负责人 and 分管领导 see their own.
 */
import { authorize, type Decision } from '../../domain/permissions.js';
import type { Role } from '../../domain/roles.js';
import type { AppDeps } from '../env.js';

export interface Viewer {
  personId: string;
  name: string;
  roles: ReadonlySet<Role>;
  departmentId: string;
  departmentName: string;
}

/** What console handlers find on the context once requireViewer() has run. */
export type ConsoleEnv = {
  Variables: {
    requestId: string;
    deps: AppDeps;
    viewer: Viewer;
    sessionId: string;
    /** The session's CSRF token: every console form carries it (see csrf.ts). */
    csrf: string;
  };
};

export type ViewPermission = 'view_ledger' | 'view_item';

/** The scope rule: may this viewer see this department's ledger, or one of its items? */
export function viewerMay(viewer: Viewer, what: ViewPermission, target: { departmentId: string }): Decision {
  return authorize({ personId: viewer.personId, departmentId: viewer.departmentId, roles: viewer.roles }, what, target);
}

/** May this viewer open the console's ledger at all (any department)? */
export function seesLedger(viewer: Viewer): boolean {
  return seesAllDepartments(viewer) || viewerMay(viewer, 'view_ledger', { departmentId: viewer.departmentId }).ok;
}

/** The office and leaders see every department (the matrix allows any departmentId). */
export function seesAllDepartments(viewer: Viewer): boolean {
  return viewerMay(viewer, 'view_ledger', { departmentId: '\u0000any-other-department' }).ok;
}

/** The departments a list may show: undefined for all, else the viewer's own. */
export function departmentScope(viewer: Viewer): string | undefined {
  return seesAllDepartments(viewer) ? undefined : viewer.departmentId;
}

export const isOffice = (viewer: Viewer) => viewer.roles.has('supervisor');
export const isLeader = (viewer: Viewer) => viewer.roles.has('leader');
