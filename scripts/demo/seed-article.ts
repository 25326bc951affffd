import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_FIXTURE = join('test', 'fixtures', 'us-forces-iraq.ar.txt');

export interface SeedArticle {
  source: string;
  title: string;
  byline: string;
  body: string;
}

/** The fixture is read from the source tree at run time, so the project root is found by walking up from this file (src or dist). */
export function findProjectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SEED_FIXTURE))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/**
 * The fixture is laid out as a newspaper page: the outlet, the headline, the "تقرير/ <author>"
 * byline, then the paragraphs of the report (with two subheadings) separated by blank lines.
 */
export function parseSeedArticle(text: string): SeedArticle {
  const [source, title, bylineLine, ...paragraphs] = text
    .normalize('NFC')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  if (!source || !title || !bylineLine || paragraphs.length === 0) throw new Error('The seed article does not have the expected layout');
  return { source, title, byline: bylineLine.replace(/^تقرير\s*\/\s*/u, ''), body: paragraphs.join('\n\n') };
}

export function readSeedArticle(root: string = findProjectRoot()): SeedArticle {
  return parseSeedArticle(readFileSync(join(root, SEED_FIXTURE), 'utf8'));
}
