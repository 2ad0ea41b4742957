import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, configWarnings, hasPlatform, parseConfig } from '../../src/config.js';
import { createTestApp } from '../support/app.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1', // the open web chat: this machine only
      databaseUrl: 'file:./data/app.db',
      publicBaseUrl: 'http://localhost:8787',
      simulatedClock: false,
      defaultDeadlineWorkdays: 10,
    });
    expect(c.adminToken).toBeUndefined();
    expect(c.dingtalk).toBeUndefined();
    expect(c.feishu).toBeUndefined();
    expect(hasPlatform(c)).toBe(false);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', ADMIN_TOKEN: '' }).port).toBe(8787);
  });

  it('names the variable and what it expects', () => {
    expect(problems({ PORT: 'eighty' })[0]).toMatch(/^PORT="eighty": expects a port number/);
    expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT=.*65535/);
    expect(problems({ HOST: 'my host' })[0]).toMatch(/^HOST="my host": expects an interface address/);
    expect(problems({ DINGTALK_MODE: 'socket' })[0]).toMatch(/^DINGTALK_MODE=.*stream or http/);
    expect(problems({ FEISHU_DOMAIN: 'open.feishu.cn' })[0]).toMatch(/^FEISHU_DOMAIN=.*URL/);
    expect(problems({ SIMULATED_CLOCK: 'maybe' })[0]).toMatch(/^SIMULATED_CLOCK=.*true or false/);
    expect(problems({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL=.*file:/);
    expect(problems({ ADMIN_TOKEN: 'short' })[0]).toMatch(/^ADMIN_TOKEN=\(hidden\): 太短（5 个字符）.*至少 16 个字符/);
  });

  it('refuses an ADMIN_TOKEN of blanks or an easily guessed one, naming it in Chinese', () => {
    expect(problems({ ADMIN_TOKEN: '    ' })[0]).toMatch(/^ADMIN_TOKEN=\(hidden\): 只有空白字符/);
    expect(problems({ ADMIN_TOKEN: 'a'.repeat(32) })[0]).toMatch(/^ADMIN_TOKEN=\(hidden\): 只由 1 种字符重复组成/);
    expect(problems({ ADMIN_TOKEN: 'abab'.repeat(8) })[0]).toMatch(/^ADMIN_TOKEN=\(hidden\): 只由 2 种字符重复组成/);
    expect(parseConfig({ ADMIN_TOKEN: '  3f9c2a7e1b8d4c6f0a5e  ' }).adminToken).toBe('3f9c2a7e1b8d4c6f0a5e');
  });

  it('keeps the open web chat on this machine: HOST defaults to loopback and elsewhere needs ADMIN_TOKEN', () => {
    expect(parseConfig({ HOST: '::1' }).host).toBe('::1');
    expect(problems({ HOST: '0.0.0.0' })[0]).toMatch(/^HOST="0.0.0.0": 未设置 ADMIN_TOKEN 时网页对话无需登录.*ADMIN_TOKEN/);
    expect(parseConfig({ ADMIN_TOKEN: 'test-admin-token-0123456789' }).host).toBe('0.0.0.0');
    expect(parseConfig({ ADMIN_TOKEN: 'test-admin-token-0123456789', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    // With a platform and no token the web chat is off, so listening everywhere is fine.
    expect(parseConfig({ DINGTALK_CLIENT_ID: 'd', DINGTALK_CLIENT_SECRET: 's' }).host).toBe('0.0.0.0');
  });

  it('reports every bad variable at once', () => {
    expect(problems({ PORT: 'x', FEISHU_MODE: 'y' })).toHaveLength(2);
  });

  it('requires platform credentials in pairs', () => {
    expect(problems({ DINGTALK_CLIENT_ID: 'ding123' })).toEqual([
      expect.stringMatching(/^DINGTALK_CLIENT_SECRET is missing/),
    ]);
    expect(problems({ FEISHU_APP_SECRET: 's' })).toEqual([expect.stringMatching(/^FEISHU_APP_ID is missing/)]);
  });

  it('requires the Encrypt Key in Feishu HTTP mode: the Verification Token alone signs nothing', () => {
    const feishuHttp = { FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'http' };
    expect(problems(feishuHttp)[0]).toMatch(/^FEISHU_ENCRYPT_KEY is missing/);
    expect(problems({ ...feishuHttp, FEISHU_VERIFICATION_TOKEN: 'token' })).toEqual([expect.stringMatching(/^FEISHU_ENCRYPT_KEY is missing: FEISHU_MODE=http needs/)]);
    expect(parseConfig({ ...feishuHttp, FEISHU_ENCRYPT_KEY: 'key' }).feishu).toMatchObject({ mode: 'http', encryptKey: 'key' });
  });

  it('builds platform sections and strips trailing slashes from URLs', () => {
    const c = parseConfig({
      DINGTALK_CLIENT_ID: 'dingabc',
      DINGTALK_CLIENT_SECRET: 'secret',
      DINGTALK_API_BASE: 'http://127.0.0.1:9000/',
      FEISHU_APP_ID: 'cli_0123456789abcdef',
      FEISHU_APP_SECRET: 's',
      FEISHU_DOMAIN: 'https://open.larksuite.com',
      SIMULATED_CLOCK: 'true',
    });
    expect(c.dingtalk).toMatchObject({ clientId: 'dingabc', robotCode: 'dingabc', mode: 'stream', apiBase: 'http://127.0.0.1:9000', streamWatchdogMs: 90_000 });
    expect(parseConfig({ DINGTALK_CLIENT_ID: 'd', DINGTALK_CLIENT_SECRET: 's', DINGTALK_STREAM_WATCHDOG_SECONDS: '120' }).dingtalk?.streamWatchdogMs).toBe(120_000);
    expect(problems({ DINGTALK_STREAM_WATCHDOG_SECONDS: '5' })).toEqual([expect.stringMatching(/^DINGTALK_STREAM_WATCHDOG_SECONDS="5": expects 10 to 3600 seconds/)]);
    expect(c.feishu).toMatchObject({ appId: 'cli_0123456789abcdef', mode: 'ws', domain: 'https://open.larksuite.com' });
    expect(c.simulatedClock).toBe(true);
    expect(hasPlatform(c)).toBe(true);
  });

  it('accepts only http(s) platform base URLs, and warns about plain http beyond this machine', async () => {
    const dingtalk = { DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 'secret' };
    for (const [name, value] of [['DINGTALK_API_BASE', 'ftp://api.dingtalk.com'], ['DINGTALK_OAPI_BASE', 'file:///etc/passwd'], ['FEISHU_DOMAIN', 'javascript:alert(1)']]) {
      expect(problems({ ...dingtalk, [name!]: value! })).toEqual([expect.stringMatching(new RegExp(`^${name}=.*starting with http:// or https://`))]);
    }
    const warned = (env: Record<string, string>) => configWarnings(parseConfig({ ...dingtalk, FEISHU_APP_ID: 'cli_0123456789abcdef', FEISHU_APP_SECRET: 's', ...env }));
    expect(warned({})).toEqual([]);
    expect(warned({ DINGTALK_API_BASE: 'http://127.0.0.1:9000', DINGTALK_OAPI_BASE: 'http://localhost:9000', FEISHU_DOMAIN: 'http://[::1]:9001' })).toEqual([]);
    const w = warned({ DINGTALK_API_BASE: 'http://10.0.0.5:8080', FEISHU_DOMAIN: 'http://feishu.intranet.gov.cn' });
    expect(w).toEqual([expect.stringMatching(/^DINGTALK_API_BASE=http:\/\/10\.0\.0\.5:8080 使用明文 http/), expect.stringMatching(/^FEISHU_DOMAIN=http:\/\/feishu\.intranet\.gov\.cn 使用明文 http/)]);

    const lines: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: unknown) => void lines.push(String(m)), child: () => logger };
    const t = await createTestApp({ ...dingtalk, DINGTALK_OAPI_BASE: 'http://oapi.intranet.gov.cn' }, { logger });
    await t.close();
    expect(lines).toEqual([expect.stringMatching(/^DINGTALK_OAPI_BASE=http:\/\/oapi\.intranet\.gov\.cn 使用明文 http/)]);
  });

  it('never echoes a secret in its messages', () => {
    const msg = problems({ DINGTALK_CLIENT_SECRET: 'top-secret-value', ADMIN_TOKEN: 'short-secret' }).join('\n');
    expect(msg).toMatch(/ADMIN_TOKEN=\(hidden\)/);
    expect(msg).not.toContain('top-secret-value');
    expect(msg).not.toContain('short-secret');
  });
});

describe('documentation of the configuration', () => {
  it('.env.example and the README list every variable', () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    for (const name of CONFIG_VARIABLES) {
      expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, name).toContain('`' + name + '`');
    }
  });

  it('the defaults in .env.example parse', () => {
    const env = Object.fromEntries(
      readFileSync('.env.example', 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => parseConfig(env)).not.toThrow();
  });
});
