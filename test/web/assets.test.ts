import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { renderAssets } from '../../scripts/build-assets.mjs';

describe('embedded web assets', () => {
  it('are up to date with page.html, chat.js and chat.css (run npm run build:assets)', () => {
    expect(readFileSync('src/http/web/assets.ts', 'utf8')).toBe(renderAssets());
  });

  it('reference nothing outside the app (no CDN)', () => {
    const all = ['page.html', 'chat.js', 'chat.css'].map((f) => readFileSync(`src/http/web/${f}`, 'utf8')).join('\n');
    expect(all).not.toMatch(/(src|href)=["']https?:/);
    expect(all).not.toMatch(/@import\s+url\(/);
  });
});
