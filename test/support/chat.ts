import type { OutboundMessage } from '../../src/domain/message.js';
import type { createTestApp } from './app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Talks to the bot through the web chat API, as a person would from the page. */
export function chatAs(t: TestApp, personId: string) {
  async function post(body: object): Promise<OutboundMessage[]> {
    const res = await t.app.request('/chat/api/messages', {
      method: 'POST',
      body: JSON.stringify({ personId, ...body }),
      headers: { 'content-type': 'application/json' },
    });
    if (res.status !== 200) throw new Error(`chat API answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { replies: OutboundMessage[] }).replies;
  }
  return {
    /** Sends text; returns the replies' text joined by blank lines. */
    async say(text: string): Promise<string> {
      return (await post({ text })).map((r) => r.text).join('\n\n');
    },
    send: (text: string) => post({ text }),
    press: (id: string, params?: Record<string, string>) => post({ action: { id, params } }),
  };
}

/** Messages queued for a person (their notifications), oldest first. */
export async function inbox(t: TestApp, personId: string): Promise<string[]> {
  const rows = await t.db.outbox.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } });
  return rows.map((r) => (JSON.parse(r.payload) as OutboundMessage).text);
}
