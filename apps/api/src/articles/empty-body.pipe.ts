import { Injectable, type PipeTransform } from '@nestjs/common';
import { invalid } from '../http/problem.js';

/** Approve and publish take `{}` (or no body): any field is unknown, hence a 400. */
@Injectable()
export class EmptyBody implements PipeTransform<unknown, object> {
  transform(value: unknown): object {
    const fields = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    if (fields.length > 0) {
      throw invalid(
        'validation_failed',
        `This command takes no fields: ${fields.join(', ')}`,
        fields.map((field) => ({ field, message: `property ${field} should not exist` })),
      );
    }
    return {};
  }
}
