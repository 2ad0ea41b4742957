import type { OutboundMessage } from '../../src/domain/message.js';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { createSqliteStore } from '../../src/infra/sqlite/store.js';
import { runDueJobs, type JobContext } from '../../src/jobs/table.js';
import { silentLogger } from '../../src/ports/logger.js';
import { seedPerson } from '../support/app.js';
import type { TestDb } from '../support/db.js';

/** A clock tests move by hand. */
export function manualClock(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (s: string | Date) => void (now = new Date(s)) };
}

export const DEPT = '示范市市场监督管理局';

/** The people a deadline concerns: liaison, 分管领导 of the division, 主要负责人, the office, a city leader. */
export async function seedOrg(db: TestDb['db']) {
  const liaison = (await seedPerson(db, { name: '王芳', department: DEPT, roles: ['liaison'] })).person;
  const divLeader = (await seedPerson(db, { name: '赵刚', department: DEPT, division: '食品科', roles: ['division_leader'] })).person;
  const principal = (await seedPerson(db, { name: '孙局长', department: DEPT, roles: ['principal'] })).person;
  const office = (await seedPerson(db, { name: '李强', department: '示范市机构编制委员会办公室', roles: ['supervisor'] })).person;
  const leader = (await seedPerson(db, { name: '周市长', department: '示范市人民政府', roles: ['leader'] })).person;
  const dept = await db.department.findUniqueOrThrow({ where: { name: DEPT } });
  const division = await db.division.findFirstOrThrow({ where: { departmentId: dept.id } });
  return { liaison, divLeader, principal, office, leader, dept, division };
}

let seq = 0;
/** A pushed item (report + issued push form + item) due on `dueDate`, in `status`. */
export async function seedItem(db: TestDb['db'], org: Awaited<ReturnType<typeof seedOrg>>, dueDate: string, status = 'signed', issuedAt = new Date('2026-09-01T02:00:00Z'), divisionId: string | null = org.division.id) {
  seq++;
  const report = await db.report.create({
    data: { number: `WT-2026-${String(seq).padStart(4, '0')}`, reporterId: org.office.id, departmentId: org.dept.id, type: '缺位', description: `窗口无人值守问题 ${seq}`, source: '日常监管', channel: 'web', status: 'pushed', createdAt: issuedAt, updatedAt: issuedAt },
  });
  const form = await db.pushForm.create({
    data: { code: `TS-2026-${String(seq).padStart(4, '0')}`, docNumber: `〔2026〕第${seq}号`, departmentId: org.dept.id, status: status === 'awaiting_sign' ? 'issued' : 'signed', dueDate, dueAt: new Date(`${dueDate}T23:59:59.999+08:00`), createdById: org.office.id, issuedById: org.office.id, issuedAt, createdAt: issuedAt, updatedAt: issuedAt },
  });
  const item = await db.pushItem.create({
    data: { pushFormId: form.id, reportId: report.id, departmentId: org.dept.id, divisionId, status, dueDate, dueAt: new Date(`${dueDate}T23:59:59.999+08:00`), createdAt: issuedAt, updatedAt: issuedAt },
  });
  return { report, form, item };
}

export function jobCtx(db: TestDb['db'], clock: { now(): Date }): JobContext {
  return { db, store: createSqliteStore(db, createReads), clock, logger: silentLogger };
}

/** Runs the scheduler at 09:00 Shanghai on `day` (the clock set there too). */
export async function runAt(db: TestDb['db'], clock: ReturnType<typeof manualClock>, iso: string) {
  clock.set(iso);
  return runDueJobs(jobCtx(db, clock), new Date(iso));
}

export const morning = (day: string) => `${day}T09:00:00+08:00`;

export async function outboxFor(db: TestDb['db'], personId: string) {
  const rows = await db.outbox.findMany({ where: { personId }, orderBy: [{ createdAt: 'asc' }, { idempotencyKey: 'asc' }] });
  return rows.map((r) => ({ key: r.idempotencyKey, text: (JSON.parse(r.payload) as OutboundMessage).text, nextAttemptAt: r.nextAttemptAt, createdAt: r.createdAt }));
}
