#!/usr/bin/env node
/**
 * `npm run build`, and `npm start` whenever a source changed (scripts/start.mjs): the
 * TypeScript of src/ and bots/ compiled to JavaScript in dist/, file by file, with esbuild (the
 * same transform tsx applies; no bundling and no type check: that is `npm run typecheck`), so the
 * server runs on plain Node with no TypeScript loader in its process. The generated Prisma
 * client (TypeScript since Prisma 7) is compiled with them; prisma/migrations is linked.
 * A new build is written beside dist/ and then swapped in.
 *
 * The Feishu SDK is one 6 MB file, two thirds of it comments, some in Chinese: V8 keeps a
 * module's source for the life of the process, and a source with any non-Latin-1 character as
 * two bytes a character, 12 MB. The compiled server loads a copy without comments or white
 * space, non-ASCII characters escaped (the same code, 2 MB), made here: dist/vendor/.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
/** The server's entry in dist/ (exports main()). */
export const ENTRY = path.join(DIST, 'src/runtime/node.js');
/** Linked into dist/ (link → target, both relative to the project folder). */
const LINKS = [['dist/prisma', 'prisma']];
/** Generated code the Node server does not load (the Workers client). */
const SKIP = new Set(['src/generated/prisma-workerd']);
const LARK_SDK = createRequire(import.meta.url).resolve('@larksuiteoapi/node-sdk');
/** Where the compact copy is, relative to the compiled bots/feishu/sdk.js, which requires it. */
const LARK_COPY = '../../vendor/larksuite-node-sdk.cjs';

/** The .ts files under src/ and bots/ (relative; the Node Prisma client included) and the newest modification time of them, their folders and the build's inputs. */
function walk() {
  const files = [];
  let newest = Math.max(...[fileURLToPath(import.meta.url), path.join(ROOT, 'tsconfig.json'), LARK_SDK].map((f) => statSync(f).mtimeMs));
  const visit = (rel) => {
    if (SKIP.has(rel)) return;
    const st = statSync(path.join(ROOT, rel));
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const name of readdirSync(path.join(ROOT, rel))) visit(`${rel}/${name}`);
    else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) files.push(rel);
  };
  for (const dir of ['src', 'bots']) visit(dir);
  return { files, newest };
}

/** True when dist/ is missing or older than its sources. */
export function isStale() {
  if (!existsSync(STAMP) || !existsSync(ENTRY)) return true;
  return walk().newest > statSync(STAMP).mtimeMs;
}

export async function build() {
  const t0 = Date.now();
  const started = new Date();
  const { files } = walk();
  const out = `${DIST}.${process.pid}.tmp`;
  rmSync(out, { recursive: true, force: true });
  const esbuild = await import('esbuild');
  try {
    // Its requires (axios, ws…) resolve from dist/vendor/ as from the package when none of its dependencies is nested.
    const compact = !existsSync(path.resolve(LARK_SDK, '../../node_modules'));
    const define = { COMPACT_LARK_SDK: compact ? JSON.stringify(LARK_COPY) : 'undefined' };
    await esbuild.build({ entryPoints: files.map((f) => path.join(ROOT, f)), outbase: ROOT, outdir: out, format: 'esm', platform: 'node', target: 'node20.19', define, logLevel: 'warning' });
    if (compact) {
      const source = readFileSync(LARK_SDK, 'utf8');
      const license = /^\/\*\*[\s\S]*?\*\//.exec(source)?.[0] ?? '';
      const { code } = await esbuild.transform(source, { minifyWhitespace: true, charset: 'ascii', platform: 'node', target: 'node20.19', logLevel: 'warning' });
      const copy = path.join(out, 'bots/feishu', LARK_COPY);
      mkdirSync(path.dirname(copy), { recursive: true });
      writeFileSync(copy, `${license}\n${code}`);
    }
  } finally {
    await esbuild.stop();
  }
  for (const [link, target] of LINKS) {
    const at = path.join(out, path.relative('dist', link));
    mkdirSync(path.dirname(at), { recursive: true });
    symlinkSync(path.relative(path.dirname(path.join(ROOT, link)), path.join(ROOT, target)), at, 'junction');
  }
  // The stamp carries the time the sources were read: an edit during the build is seen next time.
  writeFileSync(path.join(out, '.built'), '');
  utimesSync(path.join(out, '.built'), started, started);
  const old = `${DIST}.${process.pid}.old`;
  // Builds started at the same time (two starts) compile the same sources: whichever is last wins.
  try {
    renameSync(DIST, old);
  } catch {
    // no build yet, or another one is swapping
  }
  try {
    renameSync(out, DIST);
  } catch {
    rmSync(out, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { files: files.length, ms: Date.now() - t0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, ms } = await build();
  console.error(`compiled ${files} files to dist/ in ${ms} ms`);
}
