/**
 * The baseline: a bare Hono hello-world on @hono/node-server, the same server stack as the
 * app, answering every request with a short text without reading the body. PORT from the
 * environment; prints "ready <port>" once listening on 127.0.0.1.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.all('*', (c) => c.text('Hello Hono!'));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`ready ${info.port}`);
});
process.on('SIGTERM', () => process.exit(0));
