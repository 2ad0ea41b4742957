import type { ConsoleReads } from '../../../ports/reads/console.js';
import { checked, checkedOrNull } from '../rows.js';
import type { Client } from './client.js';

export const consoleReads = (c: Client): ConsoleReads => ({
  sessionByHash: async (tokenHash) => checkedOrNull('ConsoleSession', await c.consoleSession.findUnique({ where: { tokenHash } })),
  openSessions: async (now) => {
    const rows = await c.consoleSession.findMany({
      where: { purpose: 'session', revokedAt: null, expiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
      take: 500,
    });
    const people = new Map(
      (await c.person.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.personId))] } }, select: { id: true, name: true, department: { select: { name: true } } } }))
        .map((p) => [p.id, p]),
    );
    return rows.map((r) => ({ ...checked('ConsoleSession', r), personName: people.get(r.personId)?.name ?? '（已停用）', departmentName: people.get(r.personId)?.department.name ?? '' }));
  },
});
