import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/ports/logger.js';
import { createLoop } from '../../src/runtime/node-loop.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the Node work loop', () => {
  it('kicked ten times in quick succession with gatherMs, runs once for all of them, soon', async () => {
    let runs = 0;
    const loop = createLoop('test', async () => void runs++, 60_000, silentLogger, { gatherMs: 20 });
    for (let i = 0; i < 10; i++) loop.kick();
    expect(runs).toBe(0);
    await sleep(60);
    expect(runs).toBe(1);
    loop.kick();
    await sleep(60);
    expect(runs).toBe(2);
    await loop.stop();
  });

  it('without gatherMs runs at once, and a kick during a run causes exactly one more run', async () => {
    let runs = 0;
    let release!: () => void;
    const loop = createLoop('test', () => (runs++, new Promise<void>((r) => (release = r))), 60_000, silentLogger);
    loop.kick();
    expect(runs).toBe(1);
    loop.kick();
    loop.kick();
    release();
    await sleep(5);
    expect(runs).toBe(2);
    release();
    await sleep(5);
    expect(runs).toBe(2);
    await loop.stop();
  });
});
