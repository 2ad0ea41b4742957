/**
 * /console/cases/<编号>/record.xlsx?body=纪检监察: a case's record as Excel (导出记录, 001 第十六条),
 * office only (checked before anything is read); the download is on the case's timeline.
 */
import { Hono } from 'hono';
import { parseCaseNumber } from '../../../../domain/cases/engine.js';
import { CASE_PREFIXES } from '../../../../domain/cases/kinds/index.js';
import { shanghaiDayStamp } from '../../../../domain/format.js';
import { caseRecordWorkbook } from '../../../../services/cases/record-xlsx.js';
import { caseRecord } from '../../../../services/cases/sanctions.js';
import { Refusal } from '../../../../services/workflow/tx.js';
import { messagePage } from '../../layout.js';
import type { ConsoleEnv } from '../../viewer.js';
import { officeOnly } from './shared.js';

export function caseRecordTool() {
  const app = new Hono<ConsoleEnv>();
  app.get('/cases/:number/record.xlsx', officeOnly(), async (c) => {
    const deps = c.get('deps');
    const viewer = c.get('viewer');
    const number = parseCaseNumber(c.req.param('number'), CASE_PREFIXES);
    const back = { href: '/console', label: '返回控制台' };
    if (!number) return c.html(messagePage(c, '编号不正确', '请核对事项编号，例如 YT-2026-0001。', back), 404);
    let record;
    try {
      record = await caseRecord({ ...deps, defaultDeadlineWorkdays: deps.config.defaultDeadlineWorkdays }, { id: viewer.personId, name: viewer.name }, 'console', number, c.req.query('body') ?? '');
    } catch (e) {
      if (e instanceof Refusal) return c.html(messagePage(c, '无法导出', e.message, back), 400);
      throw e;
    }
    const day = shanghaiDayStamp(deps.clock.now());
    return c.body((await caseRecordWorkbook(record)) as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="record.xlsx"; filename*=UTF-8''${encodeURIComponent(`${number}-记录-${day}.xlsx`)}`,
    });
  });
  return app;
}
