const encoder = new TextEncoder();

/**
 * Compares two strings in time independent of where they differ, over the longer length, so
 * neither the matching prefix of a forged signature nor a secret token's length shows in the
 * timing. Pure and portable (no node:crypto): webhooks and the admin token check share it.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
