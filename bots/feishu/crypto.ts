/**
 * Feishu's signature and encryption with Web Crypto only, so the webhook runs on Workers too.
 * Signature: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * Decryption: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
const enc = new TextEncoder();

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(s: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', enc.encode(s)));
}

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)): a plain hash, not an HMAC. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): Promise<string> {
  return sha256Hex(timestamp + nonce + encryptKey + rawBody);
}

/** Compares two strings in time independent of where they differ; unequal lengths are unequal. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * AES-256-CBC with key = SHA-256(encryptKey); the first 16 bytes of the base64 blob are the IV;
 * PKCS#7 padding (Web Crypto strips it and throws on a bad pad, i.e. a wrong key).
 */
export async function decryptFeishu(encrypt: string, encryptKey: string): Promise<string> {
  const blob = fromBase64(encrypt);
  if (blob.length < 32 || blob.length % 16 !== 0) throw new Error('ciphertext has a bad length');
  const keyBytes = await crypto.subtle.digest('SHA-256', enc.encode(encryptKey));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-CBC' }, false, ['decrypt']);
  const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: blob.slice(0, 16) }, key, blob.slice(16));
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}
