import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BoardAsset {
  content: Buffer;
  contentType: string;
  etag: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const SOURCE_PATH = 'apps/api/src/board/public';

/**
 * The page's files sit beside this module in the source tree; `nest build` copies them beside the
 * compiled module (nest-cli.json assets). A build that did not (plain tsc) still finds them in
 * the source tree of the package it runs from, or of the working directory.
 */
function assetDirectory(): { found: string | undefined; candidates: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'public')];
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) candidates.push(join(dir, SOURCE_PATH));
  }
  candidates.push(join(process.cwd(), SOURCE_PATH));
  return { found: candidates.find((candidate) => existsSync(join(candidate, 'index.html'))), candidates };
}

export class BoardAssets {
  private constructor(
    private readonly files: Map<string, BoardAsset>,
    /** Where the files were looked for, when none was found. */
    readonly missingFrom: string[] | null = null,
  ) {}

  /** Read once at start. Without them the API still serves; only /board answers that it is missing. */
  static load(): BoardAssets {
    const { found: dir, candidates } = assetDirectory();
    if (!dir) return new BoardAssets(new Map(), candidates);
    const files = new Map<string, BoardAsset>();
    for (const name of readdirSync(dir)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (!contentType) continue;
      const content = readFileSync(join(dir, name));
      files.set(name, { content, contentType, etag: `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"` });
    }
    return new BoardAssets(files);
  }

  get(name: string): BoardAsset | undefined {
    return this.files.get(name);
  }
}
