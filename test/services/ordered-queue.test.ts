import { describe, expect, it } from 'vitest';
import { createOrderedQueue } from '../../src/services/ordered-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the queue for work after the ack', () => {
  it('runs one person’s jobs in order, and never more than the bound at once', async () => {
    const q = createOrderedQueue(2, () => {});
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      log.push(name);
      running--;
    };
    for (let i = 0; i < 3; i++) for (const who of ['a', 'b', 'c']) q.push(who, job(`${who}${i}`));
    await q.idle();
    for (const who of ['a', 'b', 'c']) expect(log.filter((l) => l.startsWith(who))).toEqual([`${who}0`, `${who}1`, `${who}2`]);
    expect(log).toHaveLength(9);
    expect(most).toBe(2);
  });

  it('keeps going after a job fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    const q = createOrderedQueue(1, (e) => errors.push(e));
    const done: number[] = [];
    q.push('a', async () => {
      throw new Error('boom');
    });
    q.push('a', async () => void done.push(2));
    await q.idle();
    expect(done).toEqual([2]);
    expect(errors).toHaveLength(1);
  });
});
