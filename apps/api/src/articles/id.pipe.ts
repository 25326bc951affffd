import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUuid } from './article-writer.service.js';

/** UUIDs are case-insensitive on input (RFC 9562) and issued in lower case: an id is looked up as issued. */
export const canonicalId = (value: string) => (isUuid(value) ? value.toLowerCase() : value);

@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    return canonicalId(value);
  }
}
