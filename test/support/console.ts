import { expect } from 'vitest';
import { chatAs, inbox } from './chat.js';
import type { createTestApp } from './app.js';
import { redeemLink, stageLink } from '../../src/services/console/sessions.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export const ORIGIN = 'http://localhost';

/** The secret of the newest sign-in link the bot sent this person. */
export async function lastLinkSecret(t: TestApp, personId: string): Promise<string> {
  const texts = await inbox(t, personId);
  const secret = texts.map((x) => /\/console\/signin\?t=([A-Za-z0-9_-]+)/.exec(x)?.[1]).filter(Boolean).at(-1);
  if (!secret) throw new Error(`no sign-in link in ${JSON.stringify(texts)}`);
  return secret;
}

/** POSTs the sign-in form as the confirmation page does. */
export function postSignIn(t: TestApp, secret: string, origin = ORIGIN) {
  return t.app.request('/console/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ token: secret }).toString(),
  });
}

export const cookieOf = (res: Response) => /lvz_console=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';

/** Signs a person in the way they would: 控制台 in chat, the link, the button. Returns a fetcher with the cookie. */
export async function signIn(t: TestApp, personId: string, command = '控制台') {
  await chatAs(t, personId).say(command);
  const res = await postSignIn(t, await lastLinkSecret(t, personId));
  expect(res.status).toBe(303);
  const cookie = cookieOf(res);
  expect(cookie).not.toBe('');
  return sessionFetcher(t, cookie, res.headers.get('location') ?? '/console');
}

export function sessionFetcher(t: TestApp, cookie: string, landing = '/console') {
  const get = (path: string) => t.app.request(path, { headers: { cookie: `lvz_console=${cookie}` } });
  const csrfOf = async (path = '/console/ledger') => /name="_csrf" value="([^"]+)"/.exec(await (await get(path)).text())?.[1] ?? '';
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) =>
    t.app.request(path, {
      method: 'POST',
      headers: { cookie: `lvz_console=${cookie}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  return { cookie, landing, get, post, csrfOf };
}

/** A session straight from the service, for people 控制台 is not offered to (or to skip the chat). */
export async function sessionFor(t: TestApp, personId: string) {
  const secret = await t.deps.store.transact(async ({ write }) => (await stageLink(write, t.deps.clock.now(), personId)).secret);
  const redeemed = await redeemLink(t.deps.store, t.deps.clock, secret);
  if (!redeemed.ok) throw new Error(redeemed.reason);
  return sessionFetcher(t, redeemed.secret);
}
