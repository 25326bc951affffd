import { InvalidCursorError } from '#read-models';
import { ApiProblem } from '../http/problem.js';

export const articleNotFound = () => new ApiProblem(404, 'article_not_found', 'No such article');

/** A read whose cursor the read models refuse is the client's 400, not our 500. */
export function withCursor<Result>(read: () => Result): Result {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ApiProblem(400, 'invalid_cursor', error.message, { errors: [{ field: 'cursor', message: error.message }] });
    }
    throw error;
  }
}
