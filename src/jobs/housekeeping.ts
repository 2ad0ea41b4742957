import { pruneProcessed } from '../services/inbound.js';
import type { Job } from './table.js';

/**
 * Nightly: forget inbound event ids past their retention (a day, beyond every platform's retry
 * window). Pending events are never pruned: they are work not yet done.
 */
export const housekeepingJob: Job = {
  name: 'housekeeping',
  title: '数据整理',
  description: '清理已过保留期的平台消息去重记录（不影响业务数据）',
  cron: '30 3 * * *',
  async run(ctx, now) {
    return { prunedInbound: await pruneProcessed(ctx.db, now) };
  },
};
