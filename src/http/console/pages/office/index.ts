/**
 * The office's tools (/console/outbox, /calendar, /settings, /people, /audit): each path behind
 * officeOnly(), before anything is read; other console pages are not touched by the guard.
 */
import { Hono } from 'hono';
import type { ConsoleEnv } from '../../viewer.js';
import { auditTool } from './audit.js';
import { caseRecordTool } from './case-record.js';
import { calendarTool } from './calendar.js';
import { outboxTool } from './outbox.js';
import { peopleTool } from './people.js';
import { settingsTool } from './settings.js';
import { officeOnly, TOOLS } from './shared.js';

export function officeRoutes() {
  const app = new Hono<ConsoleEnv>();
  // Every path of a tool (its page, its actions, its export: /audit, /audit.xlsx, /people/import …).
  const ours = new RegExp(`^/console/(${TOOLS.map((t) => t.key).join('|')})(?:[/.]|$)`);
  const guard = officeOnly();
  app.use('*', (c, next) => (ours.test(c.req.path) ? guard(c, next) : next()));
  for (const tool of [outboxTool(), calendarTool(), settingsTool(), peopleTool(), auditTool()]) app.route('/', tool);
  // 导出记录's Excel: guarded on its own route (it is not one of the tools' tabs).
  app.route('/', caseRecordTool());
  return app;
}
