import { Injectable, type PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

/** UUIDs are case-insensitive on input (RFC 9562) and issued in lower case: an id is looked up as issued. */
export const canonicalId = (value: string) => (isUuid(value) ? value.toLowerCase() : value);

@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    return canonicalId(value);
  }
}
