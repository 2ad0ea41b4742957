/**
 * Signature helpers shared by the platform webhooks. On Node they use node:crypto, which
 * answers synchronously; elsewhere (Cloudflare Workers without nodejs_compat) Web Crypto, whose
 * every call is a round trip through a thread pool on Node: about 4x the cost per request on
 * the webhook path.
 */
/**
 * The part of node:crypto these helpers use, declared here so that the portable code type-checks
 * without Node's types (tsconfig.portable.json) and cannot reach any other Node API by accident.
 */
export interface NodeCryptoSubset {
  createHmac(algorithm: 'sha256', key: string): { update(data: string): { digest(): Uint8Array } };
  createHash(algorithm: 'sha256'): { update(data: string): { digest(): Uint8Array; digest(encoding: 'hex'): string } };
  createDecipheriv(algorithm: 'aes-256-cbc', key: Uint8Array, iv: Uint8Array): { update(data: Uint8Array): Uint8Array; final(): Uint8Array };
}
type NodeCrypto = NodeCryptoSubset;

const encoder = new TextEncoder();

type NodeProcess = { release?: { name?: string }; getBuiltinModule?: (id: string) => unknown };
let resolved: NodeCrypto | null | undefined;

/**
 * node:crypto on Node (≥ 20.16), without importing it, so the Workers bundle has no Node
 * built-in; undefined elsewhere. Looked up on first use, inside a request: workerd refuses
 * module-scope work that draws random numbers, which loading a crypto module may do.
 */
export function nodeCrypto(): NodeCrypto | undefined {
  if (resolved === undefined) {
    const proc = (globalThis as { process?: NodeProcess }).process;
    resolved = proc?.release?.name === 'node' ? ((proc.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null) : null;
  }
  return resolved ?? undefined;
}

/** Raw HMAC-SHA256 of `message` under `key` (both UTF-8). */
export async function hmacSha256(key: string, message: string): Promise<Uint8Array> {
  const node = nodeCrypto();
  if (node) return node.createHmac('sha256', key).update(message).digest();
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}

/** SHA-256 of a UTF-8 string, as lowercase hex. */
export async function sha256Hex(message: string): Promise<string> {
  const node = nodeCrypto();
  if (node) return node.createHash('sha256').update(message).digest('hex');
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
