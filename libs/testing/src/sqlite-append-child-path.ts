import { fileURLToPath } from 'node:url';

export type { AcknowledgedAppend } from './sqlite-append-child.js';

/** TypeScript source of the kill-test child; fork it with execArgv ['--conditions=source', '--import', 'tsx']. */
export const SQLITE_APPEND_CHILD_SCRIPT = fileURLToPath(new URL('./sqlite-append-child.ts', import.meta.url));
