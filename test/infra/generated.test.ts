import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const check = (script: string) => () => expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();

describe('files generated from prisma/schema.prisma are current', () => {
  it('src/ports/records.generated.ts (node scripts/records.mjs)', check('scripts/records.mjs'));
  it('prisma/pg/schema.prisma (node scripts/pg-schema.mjs)', check('scripts/pg-schema.mjs'));
});
