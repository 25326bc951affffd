import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';
import { codePointLength, hasForbiddenControlCharacter, hasLoneSurrogate, isHttpUrl, isIsoDateOrDateTime } from '#editorial';
import { FieldError, invalid } from './problem.js';


export interface TextLimits {
  min?: number;
  max: number;
  /** Length counted after trimming (titles). */
  trim?: boolean;
}

/** Why a text field breaks the contract, or undefined when it is fine. */
export function textProblem(value: unknown, limits: TextLimits): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (hasForbiddenControlCharacter(value)) return 'must not contain NUL or other control characters (tab, LF and CR are allowed)';
  if (hasLoneSurrogate(value)) return 'must be well-formed Unicode (no lone surrogates)';
  const normalized = value.normalize('NFC');
  const length = codePointLength(limits.trim ? normalized.trim() : normalized);
  const min = limits.min ?? 0;
  if (length < min || length > limits.max) {
    return `must be ${min}–${limits.max} characters${limits.trim ? ' after trimming' : ''} (Unicode code points after NFC), got ${length}`;
  }
  return undefined;
}

export function IsText(limits: TextLimits, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isText',
      validator: {
        validate: (value) => textProblem(value, limits) === undefined,
        defaultMessage: buildMessage((prefix, args) => `${prefix}$property ${textProblem(args?.value, limits) ?? 'is invalid'}`, options),
      },
    },
    options,
  );
}

export function isLanguageTag(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64 || !/^[A-Za-z0-9-]+$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

export function IsLanguageTag(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLanguageTag',
      validator: {
        validate: isLanguageTag,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be a BCP 47 language tag such as ar, en or ar-SY`, options),
      },
    },
    options,
  );
}

export function IsIsoDateOrDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDateOrDateTime',
      validator: {
        validate: isIsoDateOrDateTime,
        defaultMessage: buildMessage((prefix) => `${prefix}$property must be an ISO-8601 date (2003-03-20) or date-time (2003-03-20T05:30:00Z) in the years 0000–9999 (UTC)`, options),
      },
    },
    options,
  );
}

export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHttpUrl',
      validator: { validate: isHttpUrl, defaultMessage: buildMessage((prefix) => `${prefix}$property must be an http(s) URL`, options) },
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
