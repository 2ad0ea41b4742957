/**
 * The baseline: a bare Hono hello-world on @hono/node-server, the same server stack as the
 * app, answering every request with a short text without reading the body. PORT from the
 * environment; prints "ready <port>" once listening on 127.0.0.1.
 *
 * With DB_FILE set, the reference for a durable ack instead: read the body, insert it into
 * SQLite (WAL, one prepared statement, one commit per request), answer `{}`.
 */
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const app = new Hono();
if (process.env.DB_FILE) {
  const db = new Database(process.env.DB_FILE);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS inbox (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO inbox (body) VALUES (?)');
  app.all('*', async (c) => {
    insert.run(await c.req.text());
    return c.json({});
  });
} else {
  app.all('*', (c) => c.text('Hello Hono!'));
}
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`ready ${info.port}`);
});
process.on('SIGTERM', () => process.exit(0));
