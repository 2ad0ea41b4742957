/** Polls `check` until it holds; throws naming `what` (and whatever `log` returns) after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 20_000, log: () => string = () => ''): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${log() ? `\n${log()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
