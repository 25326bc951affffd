import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import type { Position } from '#event-store';
import type { AppConfig } from '../config.js';
import { headerCount, type ApiRequest } from '../http/api-request.js';
import { ApiProblem, invalid } from '../http/problem.js';
import type { ReadModels } from '../infrastructure/read-models.provider.js';
import { APP_CONFIG, READ_MODELS } from '../infrastructure/tokens.js';

export const POSITION_HEADER = 'Newsroom-Position';
export const MIN_POSITION_HEADER = 'Newsroom-Min-Position';

// "1." names the encoding, so that another one can follow; then commit and prepare in base 36.
const TOKEN = /^1\.([0-9a-z]{1,13})\.([0-9a-z]{1,13})$/;
const MAX_POSITION = 2n ** 64n - 1n;

/** An opaque, URL-safe token of a place in the log: what a client sends back in Newsroom-Min-Position. */
export function positionToken({ commit, prepare }: Position): string {
  return `1.${commit.toString(36)}.${prepare.toString(36)}`;
}

const base36 = (digits: string) => [...digits].reduce((value, digit) => value * 36n + BigInt(parseInt(digit, 36)), 0n);

export function parsePositionToken(token: string): Position {
  const match = TOKEN.exec(token);
  const position = match ? { commit: base36(match[1]), prepare: base36(match[2]) } : undefined;
  if (!position || position.commit > MAX_POSITION || position.prepare > MAX_POSITION) {
    throw invalid('invalid_position', `${MIN_POSITION_HEADER} must be a token from a ${POSITION_HEADER} header`, [
      { field: MIN_POSITION_HEADER, message: `must be a ${POSITION_HEADER} token as sent by the service` },
    ]);
  }
  return position;
}

/** The wait-for-the-read-models step: a command answers, and a GET with a minimum position reads, only once the read models show it. */
export async function readModelsReflect(readModels: ReadModels, position: Position, timeoutMs: number, what: string): Promise<void> {
  try {
    await readModels.waitFor(position, timeoutMs);
  } catch (error) {
    throw new ApiProblem(503, 'read_models_behind', `${what}: ${(error as Error).message}`);
  }
}

/** `Newsroom-Min-Position` on a GET: the answer waits until this node's read models reflect that position. */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const header = req.headers['newsroom-min-position'];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || header === undefined) return next.handle();
    if (headerCount(req, 'newsroom-min-position') > 1) {
      throw invalid('invalid_position', `Send one ${MIN_POSITION_HEADER} header, not several`, [{ field: MIN_POSITION_HEADER, message: 'must be sent once' }]);
    }
    const position = parsePositionToken(header as string);
    const reflected = readModelsReflect(this.readModels, position, this.config.readYourWritesTimeoutMs, 'The read models of this node have not reached that position yet');
    return from(reflected).pipe(switchMap(() => next.handle()));
  }
}
