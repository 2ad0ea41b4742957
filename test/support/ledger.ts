/**
 * A small but real ledger in the demo city 示范市, made through the chat as people would make it:
 * the org by the real import, reports seeded (the input), then push, sign, rectify, extend and
 * close by commands, on a clock the caller moves. Outcomes by 2026-11-23:
 * - WT-2026-0001 市场监管局: closed on time; WT-2026-0006 市场监管局: closed on time
 * - WT-2026-0002 自然资源和规划局: closed after an approved extension, by its new date
 * - WT-2026-0003 住房和城乡建设局: closed late
 * - WT-2026-0004 生态环境局: signed, overdue
 * - WT-2026-0005 and WT-2026-0007 市场监管局: one form with two items, awaiting sign
 */
import { expect } from 'vitest';
import { demoOrgCsv } from '../../src/services/demo-org.js';
import { importOrg, parseOrgCsv } from '../../src/services/org-import.js';
import type { createTestApp } from './app.js';
import { chatAs } from './chat.js';
import { SEEDED_AT } from './db.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const MARKET = '示范市市场监督管理局';
const PEOPLE = { office: '刘子航', market: '郑丽娟', land: '彭小燕', housing: '蒋欣然', ecology: '潘婷婷', reporter: '程思远' } as const;

export async function seedLedger(t: TestApp, setClock: (local: string) => void) {
  await importOrg(t.db, parseOrgCsv(demoOrgCsv()), { isDemo: true, now: SEEDED_AT });
  const id = async (name: string) => (await t.db.person.findFirstOrThrow({ where: { name } })).id;
  const dept = async (name: string) => (await t.db.department.findUniqueOrThrow({ where: { name } })).id;
  const reporter = await id(PEOPLE.reporter);
  const reports: [string, string, string, string, string][] = [
    ['2026-08-31T15:00', MARKET, '推诿扯皮', '联动部门', '市政务服务中心市场监管窗口以“不归我们管”为由拒收食品经营许可申请，群众往返三次未办成'],
    ['2026-09-04T10:00', '示范市自然资源和规划局', '行动迟缓', '信息员', '不动产登记“一窗受理”承诺5个工作日办结，实际平均用时12个工作日'],
    ['2026-10-08T09:30', '示范市住房和城乡建设局', '缺位', '群众评价', '老旧小区加装电梯审批材料清单未按规定公开，群众多次咨询无果'],
    ['2026-10-30T11:00', '示范市生态环境局', '职责交叉', '专家', '餐饮油烟投诉在生态环境与城市管理部门之间来回转办，超过一个月无人处理'],
    ['2026-11-12T16:20', MARKET, '行动迟缓', '日常监管', '特种设备使用登记网上申请超过时限未受理'],
    ['2026-10-09T09:00', MARKET, '错位', '抽查', '市场监管所代替企业填写年报材料，越俎代庖'],
    ['2026-11-13T08:40', MARKET, '清单修订不及时', '信息员', '责任清单仍列有已取消的“广告经营许可”事项'],
  ];
  let seq = 0;
  for (const [at, department, type, source, description] of reports) {
    const createdAt = new Date(`${at}:00+08:00`);
    seq++;
    await t.db.report.create({
      data: { number: `WT-2026-${String(seq).padStart(4, '0')}`, reporterId: reporter, departmentId: await dept(department), type, source, description, channel: 'web', createdAt, updatedAt: createdAt },
    });
  }
  await t.db.counter.create({ data: { key: 'report:2026', value: seq } });

  const office = chatAs(t, await id(PEOPLE.office));
  const market = chatAs(t, await id(PEOPLE.market));
  const land = chatAs(t, await id(PEOPLE.land));
  const housing = chatAs(t, await id(PEOPLE.housing));
  const ecology = chatAs(t, await id(PEOPLE.ecology));
  const step = async (at: string, who: ReturnType<typeof chatAs>, text: string, expected: string | RegExp) => {
    setClock(at);
    const reply = await who.say(text);
    if (typeof expected === 'string') expect(reply).toContain(expected);
    else expect(reply).toMatch(expected);
    return reply;
  };
  // 推送 shows the form for checking first; 确认 sends it.
  const push = async (at: string, text: string, docNumber: string) => {
    await step(at, office, text, '请核对信息推送表');
    return step(at, office, '确认', docNumber);
  };

  await push('2026-09-01T10:00', '推送 WT-2026-0001 10个工作日 科室：法规科 整改要求：立即纠正窗口拒收行为，建立首问负责制度，十个工作日内反馈', '〔2026〕第1号');
  await step('2026-09-02T09:00', market, '签收 TS-2026-0001', '签收');
  await step('2026-09-03T15:00', market, '立即整改 WT-2026-0001 已约谈窗口负责人，调整窗口人员并公开投诉电话', 'WT-2026-0001');
  await step('2026-09-04T10:00', office, '销号 WT-2026-0001 经回访，群众满意', '已销号');

  await push('2026-09-07T10:00', '推送 WT-2026-0002 5个工作日 整改要求：梳理不动产登记超时原因，制定提速方案', '〔2026〕第2号');
  await step('2026-09-09T09:00', land, '签收', '签收');
  await step('2026-09-09T10:00', land, '列入台账 WT-2026-0002 增设登记窗口并推行预约办理 计划完成：2026-09-30', '列入台账');
  await step('2026-09-10T10:00', land, '申请延期 WT-2026-0002 2026-09-30 需增设窗口并培训人员', '延至');
  await step('2026-09-10T15:00', office, '同意延期 WT-2026-0002', '2026年9月30日');
  await step('2026-09-25T10:00', land, '反馈 WT-2026-0002 已增设两个登记窗口，平均办结时间降至4个工作日', '核验');
  await step('2026-09-28T10:00', office, '销号 WT-2026-0002', '已销号');

  await push('2026-10-12T10:00', '推送 WT-2026-0006 3个工作日 整改要求：立即停止代填年报，开展专项自查', '〔2026〕第3号');
  await step('2026-10-12T11:00', market, '签收 TS-2026-0003', '签收');
  await step('2026-10-12T14:00', market, '立即整改 WT-2026-0006 已通报批评并组织全系统自查', 'WT-2026-0006');
  await step('2026-10-13T10:00', office, '销号 WT-2026-0006', '已销号');

  await push('2026-10-09T10:00', '推送 WT-2026-0003 5个工作日 科室：建筑市场监管科 整改要求：公开加装电梯审批材料清单', '〔2026〕第4号');
  await step('2026-10-12T09:00', housing, '签收', '签收');
  await step('2026-10-26T10:00', housing, '立即整改 WT-2026-0003 已在政务网公开材料清单并设咨询电话', 'WT-2026-0003');
  await step('2026-10-27T10:00', office, '销号 WT-2026-0003', '已销号');

  await push('2026-11-02T10:00', '推送 WT-2026-0004 3个工作日 整改要求：明确餐饮油烟投诉首办责任，建立转办会商机制', '〔2026〕第5号');
  await step('2026-11-03T09:00', ecology, '签收', '签收');

  await step('2026-11-16T10:00', office, '暂存 WT-2026-0005', 'WT-2026-0005');
  await push('2026-11-16T10:05', '推送 WT-2026-0007 10个工作日 科室：综合执法科 整改要求：核查网上申请超时和清单修订情况，逐项整改并反馈', '〔2026〕第6号');
  setClock('2026-11-23T10:00');
}
