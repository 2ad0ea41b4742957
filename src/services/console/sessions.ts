/**
 * Web console sign-in without passwords. The bot sends a person a one-time link (valid
 * LINK_MINUTES, used once); opening it shows a confirmation page, and only its POST opens a
 * session (chat apps and scanners fetch links to preview them: a GET must not use one up).
 * A session ends after IDLE_MINUTES without a request, SESSION_HOURS after sign-in, at sign-out
 * or when the office revokes it. Only a SHA-256 of each secret is stored, so a copy of the
 * database opens nothing.
 */
import type { Clock } from '../../ports/clock.js';
import type { Reads } from '../../ports/reads/index.js';
import { newId, type Rows, type Store, type Writes } from '../../ports/store.js';

export const LINK_MINUTES = 10;
export const IDLE_MINUTES = 30;
export const SESSION_HOURS = 12;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_MS = 60_000;
const MINUTE = 60_000;

export type ConsoleSession = Rows['ConsoleSession'];

/** A fresh 256-bit secret, URL-safe. */
export function newSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function hashSecret(secret: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Only console paths may follow a sign-in (never another site: no open redirect). */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/console(\/[A-Za-z0-9\-._~%/]*)?(\?[A-Za-z0-9\-._~%=&+]*)?$/.test(next) && !next.includes('//') ? next : '/console';
}

/**
 * Stages a one-time link for `personId` in the caller's unit of work (with the message that
 * carries it, so both are written or neither). Returns the secret for the link's URL.
 */
export async function stageLink(write: Writes, now: Date, personId: string, next?: string): Promise<{ secret: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * MINUTE);
  write.insert('ConsoleSession', {
    id: newId(), tokenHash: await hashSecret(secret), personId, purpose: 'link',
    createdAt: now, lastSeenAt: now, expiresAt, next: safeNext(next),
  });
  return { secret, expiresAt };
}

export type LinkCheck = { ok: true; link: ConsoleSession } | { ok: false; reason: string };

const LINK_USED = '这个登录链接已经使用过。请在钉钉或飞书中向履职通发送「控制台」，获取新的链接。';
const LINK_EXPIRED = `这个登录链接已过期（有效期 ${LINK_MINUTES} 分钟）。请在钉钉或飞书中向履职通发送「控制台」，获取新的链接。`;
const LINK_UNKNOWN = '这个登录链接无效。请核对链接是否完整，或向履职通发送「控制台」获取新的链接。';

/** Whether a link can still sign in. Reads only: opening the link (GET) uses nothing up. */
export async function checkLink(store: Store<Reads>, clock: Clock, secret: string): Promise<LinkCheck> {
  if (!secret || secret.length > 100) return { ok: false, reason: LINK_UNKNOWN };
  const link = await store.read.console.sessionByHash(await hashSecret(secret));
  return judgeLink(link, clock.now());
}

function judgeLink(link: ConsoleSession | null, now: Date): LinkCheck {
  if (!link || link.purpose !== 'link') return { ok: false, reason: LINK_UNKNOWN };
  if (link.revokedAt) return { ok: false, reason: LINK_USED };
  if (link.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: LINK_EXPIRED };
  return { ok: true, link };
}

export type Redeemed = { ok: true; secret: string; session: ConsoleSession } | { ok: false; reason: string };

/**
 * Uses the link up and opens a session in one unit of work. Of two simultaneous redeems one
 * wins: the link is marked used only while it is still unused (a guarded write), so the other
 * commit conflicts, runs again, and finds the link used.
 */
export async function redeemLink(store: Store<Reads>, clock: Clock, secret: string): Promise<Redeemed> {
  if (!secret || secret.length > 100) return { ok: false, reason: LINK_UNKNOWN };
  const hash = await hashSecret(secret);
  const sessionSecret = newSecret();
  const sessionHash = await hashSecret(sessionSecret);
  const csrf = newSecret();
  return store.transact(async ({ read, write }) => {
    const now = clock.now();
    const check = judgeLink(await read.console.sessionByHash(hash), now);
    if (!check.ok) return check;
    write.update('ConsoleSession', { id: check.link.id, revokedAt: null }, { revokedAt: now, lastSeenAt: now }, { expect: 1 });
    const session: ConsoleSession = {
      id: newId(), tokenHash: sessionHash, personId: check.link.personId, purpose: 'session',
      createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000), revokedAt: null, csrf, next: check.link.next,
    };
    write.insert('ConsoleSession', session);
    return { ok: true as const, secret: sessionSecret, session };
  });
}

export type SessionCheck = { ok: true; session: ConsoleSession } | { ok: false; reason: string };

/** The open session a cookie names, its idle clock restarted; or why there is none. */
export async function resumeSession(store: Store<Reads>, clock: Clock, secret: string | undefined): Promise<SessionCheck> {
  if (!secret || secret.length > 100) return { ok: false, reason: '请先登录控制台。' };
  const session = await store.read.console.sessionByHash(await hashSecret(secret));
  const now = clock.now();
  if (!session || session.purpose !== 'session') return { ok: false, reason: '请先登录控制台。' };
  if (session.revokedAt) return { ok: false, reason: '您已退出登录，或登录已被编办注销。' };
  if (session.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: `登录已满 ${SESSION_HOURS} 小时，请重新登录。` };
  if (session.lastSeenAt.getTime() + IDLE_MINUTES * MINUTE <= now.getTime()) return { ok: false, reason: `已超过 ${IDLE_MINUTES} 分钟未操作，请重新登录。` };
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_MS) {
    await store.transact(async ({ write }) => write.update('ConsoleSession', { id: session.id, revokedAt: null }, { lastSeenAt: now }));
  }
  return { ok: true, session };
}

/** Ends a session (sign-out, or the office revoking it); a session already ended stays as it was. */
export async function endSession(store: Store<Reads>, clock: Clock, sessionId: string): Promise<void> {
  await store.transact(async ({ write }) => {
    write.update('ConsoleSession', { id: sessionId, purpose: 'session', revokedAt: null }, { revokedAt: clock.now() });
  });
}
