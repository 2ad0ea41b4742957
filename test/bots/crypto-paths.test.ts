import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Node verifies with node:crypto; Cloudflare Workers (no nodejs_compat) with Web Crypto. Both
 * paths must give the platforms' answers, so each is loaded here and checked against
 * node:crypto computed directly.
 */
const builtin = process.getBuiltinModule;

/** The modules as the runtime sees them: 'web' hides node:crypto (as on Workers) until afterEach. */
async function load(path: 'node' | 'web') {
  vi.resetModules();
  if (path === 'web') (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  const verify = await import('../../bots/shared/verify.js');
  const feishu = await import('../../bots/feishu/crypto.js');
  return { verify, feishu };
}

function encryptFeishu(plain: string, encryptKey: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(encryptKey).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

describe.each(['node', 'web'] as const)('signatures and decryption through %s crypto', (path) => {
  afterEach(() => {
    process.getBuiltinModule = builtin;
    vi.resetModules();
  });

  it('uses the path it is meant to', async () => {
    const { verify } = await load(path);
    expect(verify.nodeCrypto() === undefined).toBe(path === 'web');
  });

  it('computes HMAC-SHA256 and SHA-256 as node:crypto does', async () => {
    const { verify } = await load(path);
    const key = 'secret-密钥';
    const message = '1732240000000\nsecret-密钥';
    expect(Buffer.from(await verify.hmacSha256(key, message)).toString('base64')).toBe(createHmac('sha256', key).update(message).digest('base64'));
    expect(await verify.sha256Hex('飞书 body')).toBe(createHash('sha256').update('飞书 body').digest('hex'));
  });

  it('decrypts a Feishu payload, and refuses a wrong key and a cut ciphertext', async () => {
    const { feishu } = await load(path);
    const blob = encryptFeishu('{"schema":"2.0","事件":"消息"}', 'encrypt-key');
    expect(await feishu.decryptFeishu(blob, 'encrypt-key')).toBe('{"schema":"2.0","事件":"消息"}');
    await expect(feishu.decryptFeishu(blob, 'another-key')).rejects.toThrow();
    await expect(feishu.decryptFeishu(blob.slice(0, 40), 'encrypt-key')).rejects.toThrow();
  });
});
