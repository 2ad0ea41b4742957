/**
 * Seeded fuzzing: a deterministic PRNG (mulberry32) and mutations of valid payloads into the
 * shapes that break decoders: wrong types, nulls in arrays, lone surrogates, deep nesting.
 * The same seed gives the same inputs, so a failure names the seed that reproduces it.
 */
export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick mutations; the same seed, the same sequence. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Strings no well-behaved client sends: lone surrogates, control characters, near-JSON. */
const STRINGS = ['', ' ', '\ud800', 'a\udc00b', '报修\ud83d', '\u0000', '\u202e反向', '{"', '[[null]]', '"\\u', '😀', 'x'.repeat(3000)];

/** A value of a random kind, sometimes nested. */
export function junk(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (r < 0.12) return null;
  if (r < 0.24) return pick(rng, [0, -1, 1.5, 1e300, Number.MAX_SAFE_INTEGER]);
  if (r < 0.32) return rng() < 0.5;
  if (r < 0.62) return pick(rng, STRINGS);
  if (depth > 2) return [];
  if (r < 0.8) return Array.from({ length: Math.floor(rng() * 3) }, () => junk(rng, depth + 1));
  return { [pick(rng, ['text', 'content', 'tag', 'key', 'id', '\ud800'])]: junk(rng, depth + 1) };
}

/** All paths to values inside a JSON-like object. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object') return [prefix];
  const own = Object.keys(value as object).flatMap((k) => paths((value as Record<string, unknown>)[k], [...prefix, k]));
  return prefix.length ? [prefix, ...own] : own;
}

/** A deep copy of `value` with one to three values replaced by junk or removed. */
export function mutate<T>(rng: Rng, value: T): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const n = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < n; i++) {
    const all = paths(copy);
    if (!all.length) break;
    const path = pick(rng, all);
    let parent: Record<string, unknown> = copy;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    if (rng() < 0.15) delete parent[last];
    else parent[last] = junk(rng);
  }
  return copy as T;
}
