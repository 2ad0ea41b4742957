/**
 * The case services on each database they run on: SQLite (a real file) and PostgreSQL (a real
 * server, when the test run started one). The same story on both — a coordination with its
 * reply window, the office's limits, the 编委 gate, 专项整改's one unit of work with the database
 * refusing the case's timeline, and the lists' counts — on the simulated clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPgStore } from '../../src/infra/pg/store.js';
import { createReads } from '../../src/infra/prisma/reads/index.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { Db } from '../../src/ports/db.js';
import type { Reads } from '../../src/ports/reads/index.js';
import type { Store } from '../../src/ports/store.js';
import { acceptCoordination, answerSolicitation, applyForCoordination, solicitOpinions } from '../../src/services/cases/coordination.js';
import type { CaseDeps } from '../../src/services/cases/engine.js';
import { setCaseLimit } from '../../src/services/cases/limits.js';
import { authoriseSanction, proposeSanction } from '../../src/services/cases/sanctions.js';
import { openSupervision, rectifyFinding } from '../../src/services/cases/supervision.js';
import { caseCounts, caseTodos } from '../../src/services/cases/todos.js';
import { findActorById, type Actor } from '../../src/services/directory.js';
import { readCalendar } from '../../src/services/workflow/context.js';
import { seedPerson } from '../support/app.js';
import { createTestDb } from '../support/db.js';
import { createPgTestDb, pgServerUrl } from '../support/pg.js';

interface Backend {
  db: Db;
  store: Store<Reads>;
  /** SQL that makes every insert into "CaseEvent" fail inside the database, and its undoing. */
  failCaseEvents: [string[], string[]];
  close(): Promise<void>;
}

const SQLITE_FAIL: [string[], string[]] = [
  [`CREATE TRIGGER case_event_unavailable BEFORE INSERT ON "CaseEvent" BEGIN SELECT RAISE(ABORT, 'case events unavailable'); END`],
  ['DROP TRIGGER case_event_unavailable'],
];
const PG_FAIL: [string[], string[]] = [
  [
    `CREATE FUNCTION case_event_unavailable() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'case events unavailable'; END $$ LANGUAGE plpgsql`,
    `CREATE TRIGGER case_event_unavailable BEFORE INSERT ON "CaseEvent" FOR EACH ROW EXECUTE FUNCTION case_event_unavailable()`,
  ],
  ['DROP TRIGGER case_event_unavailable ON "CaseEvent"', 'DROP FUNCTION case_event_unavailable()'],
];

const backends: [string, () => Promise<Backend>][] = [
  ['SQLite (a real file)', async () => {
    const t = await createTestDb();
    return { db: t.db, store: t.store, failCaseEvents: SQLITE_FAIL, close: () => t.close() };
  }],
  ...(pgServerUrl() ? [['PostgreSQL (a real server)', async () => {
    const t = await createPgTestDb();
    return { db: t.db, store: createPgStore(t.db, createReads), failCaseEvents: PG_FAIL, close: () => t.close() };
  }] as [string, () => Promise<Backend>]] : []),
];

const MARKET = '示范市市场监督管理局';
const FARM = '示范市农业农村局';

for (const [name, open] of backends) {
  describe(`case services on ${name}`, () => {
    let b: Backend;
    let current: Date;
    const at = (local: string) => { current = new Date(`${local}+08:00`); };
    let deps: CaseDeps;
    let a: Record<'office' | 'lead' | 'liaison' | 'farm', Actor>;
    let depts: Record<'market' | 'farm', { id: string; name: string }>;

    beforeEach(async () => {
      at('2026-09-14T10:00:00');
      b = await open();
      deps = { db: b.db, store: b.store, clock: { now: () => current }, logger: silentLogger, defaultDeadlineWorkdays: 10 };
      const seed = async (x: Parameters<typeof seedPerson>[1]) => (await findActorById(b.db, (await seedPerson(b.db, x)).person.id))!;
      a = {
        office: await seed({ name: '王静怡', department: '示范市机构编制委员会办公室', roles: ['supervisor'] }),
        lead: await seed({ name: '陈主任', department: '示范市机构编制委员会办公室', roles: ['supervisor', 'principal'] }),
        liaison: await seed({ name: '郑丽娟', department: MARKET, roles: ['liaison'] }),
        farm: await seed({ name: '康雪', department: FARM, roles: ['liaison'] }),
      };
      depts = { market: { id: a.liaison.departmentId, name: MARKET }, farm: { id: a.farm.departmentId, name: FARM } };
    });
    afterEach(() => b.close());

    const apply = () => applyForCoordination(deps, a.liaison, 'web', { parties: [depts.farm], materials: ['追溯监管职责，两次协商未达成一致', '三定规定表述交叉', '两部门三定规定', '无'] });
    const lists = async (who: Actor) => {
      const cal = await readCalendar(b.store.read);
      const names = new Map([[depts.market.id, MARKET], [depts.farm.id, FARM]]);
      return caseTodos(b.store.read, cal, current, who, names);
    };

    it('runs a coordination with its reply window, and the office limits apply to new cases only', async () => {
      const first = await apply();
      await acceptCoordination(deps, a.office, 'web', first.number);
      await setCaseLimit(deps, a.office, 'web', '协调意见', 20);
      const second = await apply();
      await acceptCoordination(deps, a.office, 'web', second.number);
      const opinion = async (n: string) => (await b.db.caseClock.findFirstOrThrow({ where: { name: 'opinion', case: { number: n } } })).workdays;
      expect([await opinion(first.number), await opinion(second.number)]).toEqual([30, 20]);
      expect(await b.db.auditLog.count({ where: { action: 'case.limit_changed' } })).toBe(1);

      await solicitOpinions(deps, a.office, 'web', first.number, 7, '请就追溯监管职责分工提出具体意见');
      const todo = await lists(a.farm);
      expect(todo.map((x) => [x.number, x.command])).toEqual([[first.number, `答复意见 ${first.number}`]]);
      expect(todo[0]!.deadline.text).toBe(`${FARM}答复期限：2026年9月22日（星期二），还剩 7 个工作日 🟢绿`);
      await answerSolicitation(deps, a.farm, 'web', first.number, '同意由农业农村部门牵头');
      expect(await lists(a.farm)).toEqual([]);
      expect(await caseCounts(b.store.read, await readCalendar(b.store.read), current)).toEqual({ open: 2, dueSoon: 0, overdue: 0, suspended: 0 });
    });

    it('lets only the office leadership record the 编委 authorisation; a refusal writes nothing', async () => {
      const { number } = await proposeSanction(deps, a.office, 'web', '约谈', depts.market, '逾期 20 个工作日仍未整改');
      const snapshot = async () => JSON.stringify([await b.db.case.findUniqueOrThrow({ where: { number }, include: { events: true } }), await b.db.auditLog.count(), await b.db.outbox.count()]);
      const before = await snapshot();
      await expect(authoriseSanction(deps, a.office, 'web', number, '市委编委第5次会议')).rejects.toThrow('「编委授权」仅限编办主要负责人或分管领导办理');
      expect(await snapshot()).toBe(before);
      await authoriseSanction(deps, a.lead, 'web', number, '市委编委第5次会议');
      expect((await b.db.case.findUniqueOrThrow({ where: { number } })).state).toBe('authorised');
    });

    it('专项整改 leaves nothing when the database refuses the case timeline', async () => {
      const { number } = await openSupervision(deps, a.office, 'web', depts.market, '领导批示', '校园周边食品安全监管履职情况');
      const state = async () => JSON.stringify([await b.db.report.count(), await b.db.counter.findMany({ orderBy: { key: 'asc' } }), await b.db.caseEvent.count(), await b.db.auditLog.count(), await b.db.outbox.count(), (await b.db.case.findUniqueOrThrow({ where: { number } })).data]);
      const before = await state();
      for (const sql of b.failCaseEvents[0]) await b.db.$executeRawUnsafe(sql);
      await expect(rectifyFinding(deps, a.office, 'web', number, '无证摊点未纳入日常巡查')).rejects.toThrow();
      for (const sql of b.failCaseEvents[1]) await b.db.$executeRawUnsafe(sql);
      expect(await state()).toBe(before);
      expect((await rectifyFinding(deps, a.office, 'web', number, '无证摊点未纳入日常巡查')).report).toBe('WT-2026-0001');
    });
  });
}
