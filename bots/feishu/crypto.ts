/**
 * Feishu's signature and encryption: node:crypto on Node, Web Crypto elsewhere (Workers).
 * Signature: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * Decryption: https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
import { nodeCrypto, sha256Hex } from '../shared/verify.js';

const enc = new TextEncoder();

/** hex(SHA-256(timestamp + nonce + encryptKey + rawBody)): a plain hash, not an HMAC. */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): Promise<string> {
  return sha256Hex(timestamp + nonce + encryptKey + rawBody);
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
  const node = nodeCrypto();
  if (node) {
    const key = node.createHash('sha256').update(encryptKey).digest();
    const decipher = node.createDecipheriv('aes-256-cbc', key, blob.subarray(0, 16));
    const head = decipher.update(blob.subarray(16));
    const tail = decipher.final();
    const plain = new Uint8Array(head.length + tail.length);
    plain.set(head);
    plain.set(tail, head.length);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  }
  const keyBytes = await crypto.subtle.digest('SHA-256', enc.encode(encryptKey));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-CBC' }, false, ['decrypt']);
  const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: blob.slice(0, 16) }, key, blob.slice(16));
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}
