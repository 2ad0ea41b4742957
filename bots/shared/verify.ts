/**
 * Signature helpers shared by the platform webhooks. Web Crypto only (no node:crypto), so the
 * same code verifies requests on Node 20 and on Cloudflare Workers without nodejs_compat.
 */

const encoder = new TextEncoder();

/** Raw HMAC-SHA256 of `message` under `key` (both UTF-8). */
export async function hmacSha256(key: string, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export async function sha256Hex(message: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(message)));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Standard Base64 (with padding) of bytes; btoa exists on Node 20 and Workers. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Constant-time string comparison, shared with the admin token check. */
export { timingSafeEqual } from '../../src/domain/constant-time.js';
