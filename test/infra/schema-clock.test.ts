import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the schema takes every time from the Clock port', () => {
  it('has no database- or client-side clock defaults (@default(now()), @updatedAt)', () => {
    const schema = readFileSync('prisma/schema.prisma', 'utf8');
    const offenders = schema.split('\n').filter((l) => !l.trim().startsWith('//') && /@default\(now\(\)\)|@updatedAt/.test(l));
    expect(offenders).toEqual([]);
  });
});
