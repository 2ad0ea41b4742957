import { z } from 'zod';

/**
 * The configuration contract (ARCHITECTURE.md). Parsed once, at the entry point, from the
 * environment the runtime gives (process.env on Node, bindings on Workers).
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expects true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (what: string) =>
  z
    .string()
    .url({ message: `expects ${what}` })
    .refine((v) => /^https?:\/\//i.test(v), { message: `expects ${what}, starting with http:// or https://` })
    .transform((v) => v.replace(/\/+$/, ''));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const TOKEN_HINT = '请换成至少 16 个字符的随机字符串（例如 openssl rand -hex 24 的输出）';

/**
 * Why an ADMIN_TOKEN is refused, in Chinese, or undefined when it will do. The token lets its
 * holder act as anyone in the web chat and use the admin API, so blanks, short strings and
 * strings of one or a few repeated characters (aaaa…, abab…) are refused at start.
 */
export function adminTokenProblem(raw: string): string | undefined {
  const token = raw.trim();
  if (token === '') return `只有空白字符。${TOKEN_HINT}；不需要时请删除这一行`;
  if (token.length < 16) return `太短（${token.length} 个字符），容易被猜中。${TOKEN_HINT}`;
  const kinds = new Set(token).size;
  if (kinds < 5) return `只由 ${kinds} 种字符重复组成，容易被猜中。${TOKEN_HINT}`;
  return undefined;
}

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);
}

const schema = z.object({
  PORT: z.coerce
    .number({ message: 'expects a port number' })
    .int({ message: 'expects a port number' })
    .min(1, { message: 'expects a port number from 1 to 65535' })
    .max(65535, { message: 'expects a port number from 1 to 65535' })
    .default(8787),
  // No default here: it depends on whether the web chat is open (see parseConfig).
  HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:[\]-]+$/, { message: 'expects an interface address such as 0.0.0.0, 127.0.0.1 or ::' })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, { message: 'expects file:<path> (SQLite) or postgres://… ' })
    .default('file:./data/app.db'),
  PUBLIC_BASE_URL: url('an http(s) URL such as http://localhost:8787').default('http://localhost:8787'),
  ADMIN_TOKEN: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      const problem = v === undefined ? undefined : adminTokenProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => v?.trim()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'expects one of fatal, error, warn, info, debug, trace, silent',
  }).default('info'),

  DINGTALK_CLIENT_ID: optionalText,
  DINGTALK_CLIENT_SECRET: optionalText,
  DINGTALK_ROBOT_CODE: optionalText,
  DINGTALK_MODE: z.enum(['stream', 'http'], { message: 'expects stream or http' }).default('stream'),
  DINGTALK_API_BASE: url('an http(s) URL').default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: url('an http(s) URL').default('https://oapi.dingtalk.com'),
  DINGTALK_CARD_TEMPLATE_ID: optionalText,
  /** Three missed gateway pings (bots/dingtalk/stream.ts, DEFAULT_WATCHDOG_MS). */
  DINGTALK_STREAM_WATCHDOG_SECONDS: z.coerce
    .number({ message: 'expects whole seconds' })
    .int({ message: 'expects whole seconds' })
    .min(10, { message: 'expects 10 to 3600 seconds' })
    .max(3600, { message: 'expects 10 to 3600 seconds' })
    .default(90),

  FEISHU_APP_ID: optionalText,
  FEISHU_APP_SECRET: optionalText,
  FEISHU_VERIFICATION_TOKEN: optionalText,
  FEISHU_ENCRYPT_KEY: optionalText,
  FEISHU_MODE: z.enum(['ws', 'http'], { message: 'expects ws or http' }).default('ws'),
  FEISHU_DOMAIN: url('https://open.feishu.cn, https://open.larksuite.com or your private deployment URL').default(
    'https://open.feishu.cn',
  ),

  SIMULATED_CLOCK: bool.default(false),
  SIMULATED_CLOCK_SEND: bool.default(false),
  DEFAULT_DEADLINE_WORKDAYS: z.coerce
    .number({ message: 'expects a whole number of working days' })
    .int({ message: 'expects a whole number of working days' })
    .min(1, { message: 'expects 1 to 250 working days' })
    .max(250, { message: 'expects 1 to 250 working days' })
    .default(10),
});

/** Every variable of the contract, for documentation checks. */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export type RawEnv = Record<string, string | undefined>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  publicBaseUrl: string;
  adminToken?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  simulatedClock: boolean;
  /** Rehearsal mode only: whether rehearsal messages go to the platforms (else they stay in the outbox and web chat). */
  simulatedClockSend: boolean;
  defaultDeadlineWorkdays: number;
  dingtalk?: {
    clientId: string;
    clientSecret: string;
    robotCode: string;
    mode: 'stream' | 'http';
    apiBase: string;
    oapiBase: string;
    cardTemplateId?: string;
    /** Stream mode: a connection whose gateway sends nothing for this long is replaced. */
    streamWatchdogMs?: number;
  };
  feishu?: {
    appId: string;
    appSecret: string;
    verificationToken?: string;
    domain: string;
  } & (
    /** HTTP push: every request is signed with the Encrypt Key and encrypted by it. */
    | { mode: 'http'; encryptKey: string }
    | { mode: 'ws'; encryptKey?: string }
  );
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment. Throws ConfigError naming each bad variable. */
export function parseConfig(raw: RawEnv): Config {
  // Empty strings count as unset, as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const r = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!r.success) {
    for (const issue of r.error.issues) {
      const name = String(issue.path[0] ?? '?');
      // Secrets are never echoed, not even when wrong.
      const shown = /SECRET|TOKEN|KEY/.test(name) ? '(hidden)' : JSON.stringify(cleaned[name] ?? '');
      problems.push(`${name}=${shown}: ${issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = r.data;
  const group = (prefix: string, names: string[]) => {
    const set = names.filter((n) => (e as Record<string, unknown>)[n] !== undefined);
    if (set.length > 0 && set.length < names.length) {
      for (const n of names.filter((n) => !set.includes(n))) {
        problems.push(`${n} is missing: ${prefix} needs ${names.join(', ')} together (set all or none)`);
      }
    }
    return set.length === names.length;
  };
  const dingtalkOn = group('DingTalk', ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET']);
  const feishuOn = group('Feishu', ['FEISHU_APP_ID', 'FEISHU_APP_SECRET']);
  if (feishuOn && e.FEISHU_MODE === 'http' && !e.FEISHU_ENCRYPT_KEY) {
    // The Verification Token alone proves nothing: it travels inside every event, unsigned.
    problems.push('FEISHU_ENCRYPT_KEY is missing: FEISHU_MODE=http needs the Encrypt Key (飞书开放平台「事件与回调」→「加密策略」) to verify the signature of every event');
  }
  // The open web chat (no ADMIN_TOKEN, no platform) lets anyone act as anyone: this machine only.
  const open = !e.ADMIN_TOKEN && !dingtalkOn && !feishuOn;
  if (open && e.HOST !== undefined && !isLoopbackHost(e.HOST)) {
    problems.push(
      `HOST=${JSON.stringify(e.HOST)}: 未设置 ADMIN_TOKEN 时网页对话无需登录，任何人都能以任何人员的身份操作，只能在本机监听。` +
        '请去掉 HOST（默认 127.0.0.1），或先设置 ADMIN_TOKEN',
    );
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    port: e.PORT,
    host: e.HOST ?? (open ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: e.DATABASE_URL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    adminToken: e.ADMIN_TOKEN,
    logLevel: e.LOG_LEVEL,
    simulatedClock: e.SIMULATED_CLOCK,
    simulatedClockSend: e.SIMULATED_CLOCK_SEND,
    defaultDeadlineWorkdays: e.DEFAULT_DEADLINE_WORKDAYS,
    dingtalk: dingtalkOn
      ? {
          clientId: e.DINGTALK_CLIENT_ID!,
          clientSecret: e.DINGTALK_CLIENT_SECRET!,
          robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID!,
          mode: e.DINGTALK_MODE,
          apiBase: e.DINGTALK_API_BASE,
          oapiBase: e.DINGTALK_OAPI_BASE,
          cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID,
          streamWatchdogMs: e.DINGTALK_STREAM_WATCHDOG_SECONDS * 1000,
        }
      : undefined,
    feishu: feishuOn
      ? {
          appId: e.FEISHU_APP_ID!,
          appSecret: e.FEISHU_APP_SECRET!,
          verificationToken: e.FEISHU_VERIFICATION_TOKEN,
          domain: e.FEISHU_DOMAIN,
          ...(e.FEISHU_MODE === 'http' ? { mode: 'http' as const, encryptKey: e.FEISHU_ENCRYPT_KEY! } : { mode: 'ws' as const, encryptKey: e.FEISHU_ENCRYPT_KEY }),
        }
      : undefined,
  };
}

/**
 * What start-up should warn about without refusing: a platform reached over plain http beyond
 * this machine (some intranets run their DingTalk or Feishu that way), where the app secret,
 * the access tokens and every message travel unencrypted.
 */
export function configWarnings(c: Config): string[] {
  const bases: [string, string | undefined][] = [
    ['DINGTALK_API_BASE', c.dingtalk?.apiBase],
    ['DINGTALK_OAPI_BASE', c.dingtalk?.oapiBase],
    ['FEISHU_DOMAIN', c.feishu?.domain],
  ];
  return bases
    .filter(([, base]) => base?.startsWith('http:') && !isLoopbackHost(new URL(base).hostname))
    .map(([name, base]) => `${name}=${base} 使用明文 http：应用凭证、令牌和消息都将不加密传输。除非这是可信的内网，请改用 https。`);
}

/** Whether any chat platform is configured (the demo loads only when none is). */
export function hasPlatform(c: Config): boolean {
  return Boolean(c.dingtalk || c.feishu);
}

/** The platforms configured, in a fixed order. */
export function configuredPlatforms(c: Config): ('dingtalk' | 'feishu')[] {
  return [...(c.dingtalk ? (['dingtalk'] as const) : []), ...(c.feishu ? (['feishu'] as const) : [])];
}

/**
 * The trial mode: no ADMIN_TOKEN and no platform, so the web chat needs no sign-in and lets
 * anyone act as anyone. Node then listens on loopback only (HOST); Workers refuse it.
 */
export function isWebChatOpen(c: Config): boolean {
  return !c.adminToken && !hasPlatform(c);
}
