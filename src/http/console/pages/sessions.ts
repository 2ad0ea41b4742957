/** The office's list of open console sessions, each revocable. */
import { Hono } from 'hono';

export function sessionRoutes() {
  const app = new Hono<import('../viewer.js').ConsoleEnv>();
  return app;
}
