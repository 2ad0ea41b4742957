/**
 * The Chinese font the server's PDFs embed (Node only: it reads a file). Noto Serif SC Regular as
 * the npm package @expo-google-fonts/noto-serif-sc ships it: a full TrueType font (about 30 900
 * glyphs: GB 2312, GBK and more) under the SIL Open Font License 1.1, which allows bundling and
 * embedding (its LICENSE_FONT file). pdfkit embeds only the glyphs a document uses (a subset),
 * so a one-page form weighs tens of kilobytes, not the font's 14 MB.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export const PDF_FONT = {
  package: '@expo-google-fonts/noto-serif-sc',
  file: '400Regular/NotoSerifSC_400Regular.ttf',
  family: 'Noto Serif SC',
  licence: 'SIL Open Font License 1.1',
} as const;

export function pdfFontPath(): string {
  return createRequire(import.meta.url).resolve(`${PDF_FONT.package}/${PDF_FONT.file}`);
}

/** Reads the font once per loader: later calls share the same bytes. */
export function fontLoader(): () => Promise<Buffer> {
  let bytes: Promise<Buffer> | undefined;
  return () => (bytes ??= readFile(pdfFontPath()).catch((err: unknown) => {
    bytes = undefined;
    throw err;
  }));
}
