import 'reflect-metadata';
import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { httpMetricsMiddleware, type NewsroomMetrics } from '#metrics';
import { METRICS } from './infrastructure/tokens.js';
import { AppModule } from './app.module.js';
import { LOG_LEVELS, SETTINGS, type AppConfig } from './config.js';
import type { ApiRequest, ApiResponse } from './http/api-request.js';
import { AuthGuard } from './http/auth.guard.js';
import { CommandInterceptor } from './commands/command-answer.js';
import { MinPositionInterceptor } from './commands/read-your-writes.js';
import { JsonBodyInterceptor } from './http/json-body.interceptor.js';
import { documentMinPosition } from './http/openapi.decorators.js';
import { makeFaithful } from './http/openapi.document.js';
import { ProblemDto } from './http/problem.js';
import { ProblemFilter } from './http/problem.filter.js';
import { answerMalformedRequestsWithProblems, requireOneHost } from './http/client-error.js';
import { RouteMethods } from './http/route-methods.js';
import { escapeUndecodablePath, requestLog } from './http/request-log.middleware.js';
import { createValidationPipe } from './http/validation.js';

const DESCRIPTION = `
Event-sourced editorial workflow for newsrooms publishing in Arabic and other languages.

**Conventions.** JSON in and out (UTF-8); text is stored after NFC normalisation and returned as stored.
Errors are \`application/problem+json\` (RFC 9457) \`{ type, title, status, detail, code, errors?, unmet? }\`.
Checks run in this order: token (401), role (403), request shape (400/413/415), existence (404), If-Match (412), then what depends on the article's current state: rules (403 four-eyes, 409) and \`quote_not_found\` (400).
A path that exists asked with a method it does not serve is a 405 with \`Allow\`; an unknown path is a 404, both before any token check.
Every command answers with \`version\` in its body and \`ETag: "<version>"\`, and a 2xx with \`Newsroom-Position\`: an opaque, URL-safe token of the write's place in the log. Send it back on any GET as \`Newsroom-Min-Position\` and the answer waits until this node's read models reflect that write (503 \`read_models_behind\` with \`Retry-After\` after \`READ_YOUR_WRITES_TIMEOUT_MS\`; a malformed token is a 400 \`invalid_position\`), so a client behind a load balancer reads its own writes from any node; send \`If-Match: "<version>"\` to write only on that version (on \`POST /articles\` it is ignored: there is no article yet).
Every POST (and PUT) accepts \`Idempotency-Key\`. A command's 2xx is sent only after the read models reflect it.
Request bodies over 1 MiB are a 413; bodies nested deeper than 16 levels or with more than 1,000 fields and items in all are 400 \`invalid_body\`; a POST with no body is \`{}\`. Send \`X-Request-Id\` to correlate logs (echoed back).
Requests refused before any route get problem+json too, and the connection is then closed: header blocks over 16 KiB are a 431 \`headers_too_large\`; malformed HTTP (conflicting lengths, bad bytes in the request line) and an HTTP/1.1 request without exactly one well-formed Host a 400 \`malformed_request\` (a malformed request pipelined behind a good one is answered after the good one); an Expect other than 100-continue a 417 \`expectation_failed\`; CONNECT a 405.

**Problem codes.**
400 \`validation_failed\` (with \`errors\`), \`invalid_json\`, \`invalid_body\`, \`invalid_if_match\`, \`invalid_idempotency_key\`, \`invalid_cursor\`, \`quote_not_found\`, \`target_language_same\`, \`invalid_position\`;
401 \`unauthorized\`; 403 \`forbidden_role\`, \`own_translation\`;
404 \`article_not_found\`, \`claim_not_found\`, \`translation_not_found\`, \`not_found\` (unknown route); 405 \`method_not_allowed\` (a known path asked with another method; \`Allow\` lists the methods it serves);
409 \`article_published\`, \`already_published\`, \`same_language\`, \`translation_not_submitted\`, \`not_ready\` (with \`unmet\`), \`idempotency_in_progress\`, \`write_contention\`;
412 \`precondition_failed\`; 413 \`payload_too_large\`; 415 \`unsupported_media_type\`; 422 \`idempotency_key_reused\`;
503 (with \`Retry-After\`) \`read_models_behind\` (the write is stored; retry with the same Idempotency-Key to get its response; on a GET with \`Newsroom-Min-Position\`: this node has not reached it yet), \`read_models_unavailable\` (the read models stopped on an event; nothing was written until an operator fixes them), \`write_outcome_unknown\` (the event store could not confirm in time whether the command was written; the retry with the same Idempotency-Key answers the true outcome and never writes twice), \`event_store_unavailable\` (the event store could not be read; nothing was written), \`identity_provider_unavailable\` (with JWT_JWKS_URL: the identity provider's key set could not be fetched; retry).

**Configuration** (environment):

${SETTINGS.map(({ name, description }) => `- \`${name}\`: ${description}`).join('\n')}
`;

const documents = new WeakMap<INestApplication, OpenAPIObject>();

/** The OpenAPI document the app serves at /docs-json. */
export function openApiDocumentOf(app: INestApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('not an app made by createApp');
  return document;
}

export interface CreateAppOptions {
  /** Replaces the JSON console logger (tests pass false to stay quiet). */
  logger?: false;
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const logger =
    options.logger === false ? false : new ConsoleLogger({ json: true, flattenParams: true, logLevels: [...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1)] });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger, abortOnError: false });
  answerMalformedRequestsWithProblems(app.getHttpServer());
  app.use(httpMetricsMiddleware(app.get<NewsroomMetrics>(METRICS)));
  app.use(requestLog as (req: ApiRequest, res: ApiResponse, next: () => void) => void);
  app.use(escapeUndecodablePath as (req: ApiRequest, res: ApiResponse, next: () => void) => void);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          // Served over plain HTTP inside a newsroom's network, upgrading would break /docs' own scripts and styles.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(requireOneHost);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins[0] === '*' ? '*' : config.corsOrigins,
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id', 'Newsroom-Min-Position', 'Last-Event-ID'],
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Idempotent-Replayed', 'Newsroom-Position', 'Retry-After'],
      maxAge: 600,
    });
  }
  const routeMethods = new RouteMethods();
  app.useGlobalFilters(new ProblemFilter(routeMethods));
  app.useGlobalGuards(app.get(AuthGuard));
  app.useGlobalInterceptors(new JsonBodyInterceptor(), app.get(CommandInterceptor), app.get(MinPositionInterceptor));
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Newsroom API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .addServer('/', 'This service, wherever it is reached')
      .addServer('http://localhost:{port}', 'A local service (npm start)', { port: { default: '3000', description: 'PORT' } })
      .addTag('articles', 'Drafts, claims and verdicts, translations, publishing; every change is an event on the article stream')
      .addTag('claims', 'Claims across articles: the fact-checkers’ queue and a claim’s verdict history')
      .addTag('fact-checks', 'A claim repeated across articles, checked once: its verdicts reach every claim that follows it')
      .addTag('exports', 'schema.org ClaimReview JSON-LD for search engines and fact-check aggregators')
      .addTag('events', 'The live event stream (Server-Sent Events)')
      .addTag('system', 'Health and the dashboard counts')
      .addTag('board', 'The newsroom board: a page following the read models live')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'A JWT with sub, roles (editor, fact_checker, translator, viewer) and exp: HS256 with JWT_SECRET, or with JWT_JWKS_URL set, RS256/ES256 from the identity provider (roles at JWT_ROLES_CLAIM)',
      })
      .build(),
    { extraModels: [ProblemDto] },
  );
  documentMinPosition(document);
  makeFaithful(document);
  documents.set(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
  routeMethods.learn(document.paths, ['/docs', '/docs-json', '/docs-yaml']);
  return app;
}
