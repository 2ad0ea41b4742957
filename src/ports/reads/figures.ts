/** What the leaders' figures (services/figures) are computed from: plain facts, no Prisma. */
export interface FigureItem {
  id: string;
  pushFormId: string;
  departmentId: string;
  status: string;
  /** The due instant in force (moved by an approved extension). */
  dueAt: Date | null;
  /** The due instant the form was issued with. */
  formDueAt: Date | null;
  issuedAt: Date | null;
  signedAt: Date | null;
  closedAt: Date | null;
  extensionStatus: string | null;
}

export interface FigureReads {
  /** Every item of an issued form (drafts excluded), optionally of one department. */
  items(departmentId?: string): Promise<FigureItem[]>;
  reportsCreated(from: Date, to: Date, departmentId?: string): Promise<number>;
  formsIssued(from: Date, to: Date, departmentId?: string): Promise<number>;
  departments(ids: readonly string[]): Promise<{ id: string; name: string; shortName: string | null }[]>;
}
