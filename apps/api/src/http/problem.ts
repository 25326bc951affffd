import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldError {
  field: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Any failure the API answers with: rendered as RFC 9457 problem+json by the exception filter. */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; unmet?: unknown[] } = {},
  ) {
    super(detail);
  }
}

export const invalid = (code: string, detail: string, errors?: FieldError[]) => new ApiProblem(400, code, detail, errors ? { errors } : {});

export class FieldErrorDto {
  @ApiProperty({ example: 'title' }) field: string;
  @ApiProperty({ example: 'title must be 1–300 characters after trimming' }) message: string;
}

export class UnmetConditionDto {
  @ApiProperty({ enum: ['claim_pending', 'translation_missing'] }) code: string;
  @ApiPropertyOptional({ format: 'uuid' }) claimId?: string;
  @ApiPropertyOptional({ example: 'en' }) language?: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'https://newsroom.example/problems/not_ready', description: 'URI naming the problem type' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 409 }) status: number;
  @ApiProperty({ example: 'The article is not ready to publish' }) detail: string;
  @ApiProperty({ example: 'not_ready', description: 'Stable snake_case code' }) code: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Field problems, on a 400' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: [UnmetConditionDto], description: 'What still blocks publishing, on a 409 not_ready' }) unmet?: UnmetConditionDto[];
}
