/**
 * Feishu's encryption and signature, written independently of bots/feishu/crypto.ts (node:crypto
 * here, Web Crypto there) so a shared mistake cannot pass both sides.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** b64(iv ‖ AES-256-CBC(SHA-256(key), iv, utf8(plain))) */
export function encryptFeishu(plain: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]).toString('base64');
}

/** hex(SHA-256(timestamp + nonce + encryptKey + body)) */
export function signFeishu(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** The body (encrypted when a key is given) and the X-Lark-* headers, as Feishu sends them. */
export function sealFeishu(payload: unknown, opts: { encryptKey?: string; timestampSec?: number; nonce?: string; sign?: boolean }): SignedRequest {
  const plain = JSON.stringify(payload);
  const body = opts.encryptKey ? JSON.stringify({ encrypt: encryptFeishu(plain, opts.encryptKey) }) : plain;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.encryptKey && opts.sign !== false) {
    const ts = String(opts.timestampSec ?? Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = ts;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signFeishu(ts, nonce, opts.encryptKey, body);
  }
  return { body, headers };
}
