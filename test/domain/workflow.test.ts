import { describe, expect, it } from 'vitest';
import {
  ITEM_ACTIONS, ITEM_STATUSES, ITEM_STATUS_LABELS, REPORT_ACTIONS, REPORT_STATUSES, REPORT_STATUS_LABELS,
  canRequestExtension, deadlineLight, describeRemaining, itemTransition, parsePushFormCode, parseReportNumber,
  pushFormCode, pushFormDocNumber, reportNumber, reportTransition,
  type ItemAction, type ItemStatus, type ReportAction, type ReportStatus,
} from '../../src/domain/workflow.js';

// The expected machines, written out by hand from DOMAIN.md workflow 1: a pair missing here must be refused.
const REPORT_ALLOWED: Partial<Record<ReportStatus, Partial<Record<ReportAction, ReportStatus>>>> = {
  pending: { accept: 'accepted', reject: 'rejected', merge: 'merged', transfer: 'pending' },
  accepted: { push: 'pushed' },
  pushed: { close: 'closed' },
};

const ITEM_ALLOWED: Partial<Record<ItemStatus, Partial<Record<ItemAction, ItemStatus>>>> = {
  draft: { issue: 'awaiting_sign' },
  awaiting_sign: { sign: 'signed' },
  signed: { fix_now: 'reported', put_on_ledger: 'ledger' },
  ledger: { report: 'reported' },
  reported: { close: 'closed', return: 'returned' },
  returned: { fix_now: 'reported', put_on_ledger: 'ledger', report: 'reported' },
};

const REPORT_LABELS: Record<ReportStatus, string> = {
  pending: '待审核', accepted: '已受理，待推送', rejected: '不予受理', merged: '已合并', pushed: '已推送整改', closed: '已销号',
};
const ITEM_LABELS: Record<ItemStatus, string> = {
  draft: '待推送', awaiting_sign: '待签收', signed: '已签收，待整改', ledger: '已列入台账',
  reported: '已反馈，待核验', returned: '已退回，重新整改', closed: '已销号',
};
const ACTION_CN: Record<ReportAction | ItemAction, string> = {
  accept: '受理', reject: '不予受理', merge: '合并', transfer: '转办', push: '推送', close: '销号',
  issue: '推送', sign: '签收', fix_now: '立即整改', put_on_ledger: '列入台账', report: '反馈整改情况', return: '退回',
};

describe('the state and action lists are the documented ones', () => {
  it('report statuses, actions and labels', () => {
    expect([...REPORT_STATUSES].sort()).toEqual(['accepted', 'closed', 'merged', 'pending', 'pushed', 'rejected']);
    expect([...REPORT_ACTIONS].sort()).toEqual(['accept', 'close', 'merge', 'push', 'reject', 'transfer']);
    expect(REPORT_STATUS_LABELS).toEqual(REPORT_LABELS);
  });
  it('item statuses, actions and labels', () => {
    expect([...ITEM_STATUSES].sort()).toEqual(['awaiting_sign', 'closed', 'draft', 'ledger', 'reported', 'returned', 'signed']);
    expect([...ITEM_ACTIONS].sort()).toEqual(['close', 'fix_now', 'issue', 'put_on_ledger', 'report', 'return', 'sign']);
    expect(ITEM_STATUS_LABELS).toEqual(ITEM_LABELS);
  });
});

const reportPairs = REPORT_STATUSES.flatMap((s) => REPORT_ACTIONS.map((a) => [s, a, REPORT_ALLOWED[s]?.[a] ?? null] as const));
const itemPairs = ITEM_STATUSES.flatMap((s) => ITEM_ACTIONS.map((a) => [s, a, ITEM_ALLOWED[s]?.[a] ?? null] as const));

describe('reportTransition: every (status, action) pair', () => {
  it('covers all 36 pairs, 6 allowed', () => {
    expect(reportPairs).toHaveLength(36);
    expect(reportPairs.filter(([, , to]) => to).length).toBe(6);
  });
  it.each(reportPairs)('%s × %s → %s', (from, action, to) => {
    const t = reportTransition(from, action);
    if (to) {
      expect(t).toEqual({ ok: true, from, to });
    } else {
      expect(t.ok).toBe(false);
      if (t.ok) return;
      expect(t.from).toBe(from);
      expect(t.reason).toContain(REPORT_LABELS[from]);
      // A repeat says there is no need; anything else says it cannot be done; both give the next step.
      expect(t.reason).toMatch(new RegExp(`(不能|无需重复)${ACTION_CN[action]}。.*(下一步|请|发送「进度)`));
      expect(t.reason).not.toContain('\n');
      expect(t.reason.endsWith('。')).toBe(true);
    }
  });
});

describe('itemTransition: every (status, action) pair', () => {
  it('covers all 49 pairs, 10 allowed', () => {
    expect(itemPairs).toHaveLength(49);
    expect(itemPairs.filter(([, , to]) => to).length).toBe(10);
  });
  it.each(itemPairs)('%s × %s → %s', (from, action, to) => {
    const t = itemTransition(from, action);
    if (to) {
      expect(t).toEqual({ ok: true, from, to });
    } else {
      expect(t.ok).toBe(false);
      if (t.ok) return;
      expect(t.from).toBe(from);
      expect(t.reason).toContain(ITEM_LABELS[from]);
      // A repeat says there is no need; anything else says it cannot be done; both give the next step.
      expect(t.reason).toMatch(new RegExp(`(不能|无需重复)${ACTION_CN[action]}。.*(下一步|请|发送「进度)`));
      expect(t.reason).not.toContain('\n');
      expect(t.reason.endsWith('。')).toBe(true);
    }
  });
  it('refusals name the state and the next step, never 「已销号，不能销号」', () => {
    expect(itemTransition('closed', 'close')).toMatchObject({ reason: '该问题已销号，无需重复销号。该问题已办结，发送「进度 编号」可查看办理经过。' });
    expect(itemTransition('awaiting_sign', 'report')).toMatchObject({ reason: '该问题待签收，不能反馈整改情况。下一步请联络员签收推送表（发送「签收」）。' });
    expect(reportTransition('accepted', 'accept')).toMatchObject({ reason: '该问题已受理，待推送，无需重复受理。下一步由编办推送给责任单位。' });
  });
  it('a closed item can do nothing any more', () => {
    for (const a of ITEM_ACTIONS) expect(itemTransition('closed', a).ok).toBe(false);
  });
});

describe('canRequestExtension', () => {
  const open: ItemStatus[] = ['signed', 'ledger', 'returned'];
  it.each(ITEM_STATUSES.map((s) => [s, open.includes(s)] as const))('%s with days left, none pending → %s', (status, ok) => {
    const r = canRequestExtension(status, false, 5);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.reason).toContain(ITEM_LABELS[status]);
  });
  it('is allowed on the due date itself (0 days left)', () => {
    expect(canRequestExtension('signed', false, 0)).toEqual({ ok: true });
  });
  it('is refused once the due date has passed', () => {
    const r = canRequestExtension('ledger', false, -1);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('整改期限已过') });
  });
  it('is refused while another request is pending', () => {
    expect(canRequestExtension('returned', true, 3)).toEqual({ ok: false, reason: expect.stringContaining('正在审批') });
  });
  it('reports the status problem before the pending or overdue ones', () => {
    const r = canRequestExtension('reported', true, -3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('已反馈，待核验');
  });
});

describe('deadlineLight and describeRemaining', () => {
  it.each([
    [10, 'green'], [4, 'green'], [3, 'yellow'], [1, 'yellow'], [0, 'yellow'], [-1, 'red'], [-30, 'red'],
  ] as const)('%i working days left → %s', (days, light) => {
    expect(deadlineLight(days)).toBe(light);
  });
  it.each([
    [5, '还剩 5 个工作日'], [1, '还剩 1 个工作日'], [0, '今天到期'], [-1, '已逾期 1 个工作日'], [-12, '已逾期 12 个工作日'],
  ] as const)('%i → %s', (days, text) => {
    expect(describeRemaining(days)).toBe(text);
  });
});

describe('numbers', () => {
  it('formats report numbers, push form codes and document numbers', () => {
    expect(reportNumber(2026, 1)).toBe('WT-2026-0001');
    expect(reportNumber(2026, 20)).toBe('WT-2026-0020');
    expect(reportNumber(2027, 12345)).toBe('WT-2027-12345');
    expect(pushFormCode(2026, 12)).toBe('TS-2026-0012');
    expect(pushFormDocNumber(2026, 12)).toBe('〔2026〕第12号');
    expect(pushFormDocNumber(2026, 1)).toBe('〔2026〕第1号');
  });

  it.each([
    ['WT-2026-0001', 'WT-2026-0001'],
    ['wt-2026-1', 'WT-2026-0001'],
    ['WT 2026 0001', 'WT-2026-0001'],
    ['WT20260001', 'WT-2026-0001'],
    ['  Wt_2026_12  ', 'WT-2026-0012'],
    ['wt2026-0020', 'WT-2026-0020'],
  ])('parseReportNumber(%j) → %s', (input, out) => {
    expect(parseReportNumber(input)).toBe(out);
  });

  it.each(['', 'WT', 'WT-2026', 'WT-26-0001', 'TS-2026-0001', 'WT-2026-0001x', 'XWT-2026-0001', 'WT--2026-0001', 'WT-2026-1234567', '问题 WT-2026-0001', '〔2026〕第12号'])(
    'parseReportNumber rejects %j',
    (input) => {
      expect(parseReportNumber(input)).toBeNull();
    },
  );

  it.each([
    ['TS-2026-0012', 'TS-2026-0012'],
    ['ts-2026-12', 'TS-2026-0012'],
    ['TS 2026 0012', 'TS-2026-0012'],
    ['TS20260012', 'TS-2026-0012'],
    ['〔2026〕第12号', 'TS-2026-0012'],
    [' 〔2026〕第1号 ', 'TS-2026-0001'],
  ])('parsePushFormCode(%j) → %s', (input, out) => {
    expect(parsePushFormCode(input)).toBe(out);
  });

  it.each(['', 'TS', 'WT-2026-0012', 'TS-2026-', '〔2026〕第号', '〔26〕第12号', '[2026]第12号', '〔2026〕12号', '〔2026〕第12号附件', 'TS-2026-0012-1'])(
    'parsePushFormCode rejects %j',
    (input) => {
      expect(parsePushFormCode(input)).toBeNull();
    },
  );

  it('parsing a formatted number gives it back unchanged', () => {
    for (const seq of [1, 9, 10, 999, 1000, 9999]) {
      expect(parseReportNumber(reportNumber(2026, seq))).toBe(reportNumber(2026, seq));
      expect(parsePushFormCode(pushFormCode(2026, seq))).toBe(pushFormCode(2026, seq));
      expect(parsePushFormCode(pushFormDocNumber(2026, seq))).toBe(pushFormCode(2026, seq));
    }
  });
});
