import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isArticleRuleError } from '#editorial';
import { FieldError, invalid } from './problem.js';

/** Why the domain's input rule refuses the value, or undefined when it takes it. */
function refusal(check: (value: unknown, field: string) => unknown, value: unknown, field: string): string | undefined {
  try {
    check(value, field);
    return undefined;
  } catch (error) {
    if (isArticleRuleError(error)) return error.message;
    throw error;
  }
}

/**
 * A DTO field checked by the domain's own input rule (`#editorial`'s article.input.ts): the HTTP
 * layer states no rule of its own, so a request refused here is refused for the reason, and with
 * the message, the domain would give.
 */
export function DomainRule(check: (value: unknown, field: string) => unknown, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'domainRule',
      validator: {
        validate: (value, args) => refusal(check, value, args?.property ?? '') === undefined,
        defaultMessage: (args) => refusal(check, args?.value, args?.property ?? '') ?? `${args?.property} is invalid`,
      },
    },
    options,
  );
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

// class-validator's whitelist looks fields up in a plain object, so these inherited names pass as known.
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const UNCHECKED_TYPES = new Set<unknown>([String, Number, Boolean, Array, Object]);

function inheritedNameFields(value: unknown, parent = ''): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = Array.isArray(value) ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
    const own = !Array.isArray(value) && INHERITED_NAMES.has(key) ? [{ field, message: `property ${key} should not exist` }] : [];
    return [...own, ...inheritedNameFields(child, field)];
  });
}

/** Refuses unknown fields (body) and parameters (query) that the whitelist lets through by their inherited names. */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && metadata.metatype && !UNCHECKED_TYPES.has(metadata.metatype)) {
      const fields = inheritedNameFields(value);
      if (fields.length > 0) throw invalid('validation_failed', fields.map((error) => `${error.field}: ${error.message}`).join('; '), fields);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return invalid('validation_failed', fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; ') || 'The request is invalid', fieldErrors);
    },
  });
}
