import { ConsoleLogger, Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { SCIM_PATH_PREFIX, sendProblem } from './common/api-exception.filter';
import { SCIM_CONTENT_TYPE } from './scim/scim-media-type';
import { registerConnectionDraining } from './common/connection-draining';
import { ADMIN_BODY_MAX_DEPTH, RequestBodyError, toHttpProblem } from './common/http-problem';
import { generateRequestId, REQUEST_ID_HEADER } from './common/request-id';
import { containsUnstorableCharacter } from './common/storable-text';
import { AdminValidationPipe } from './common/validation.pipe';
import { MetricsService } from './metrics/metrics.service';
import { registerRequestMetrics } from './metrics/request-metrics.hook';
import type { AppConfig } from './config/app-config';
import { setupOpenApi } from './openapi';
import { registerScimFastReject } from './tokens/scim-fast-reject';
import { ScimTokenService } from './tokens/scim-token.service';

/** Maximum SCIM request body: a PUT of a 50,000-member group is about 2.5 MB. */
export const SCIM_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Longest path parameter routed to a handler, in characters. */
const MAX_PATH_PARAMETER_LENGTH = 2048;

/** Maximum admin API request body. */
export const ADMIN_BODY_LIMIT_BYTES = 1024 * 1024;

const frameworkErrorLogger = new NestLogger('FastifyFrameworkError');

export interface CreateAppOptions {
  config: AppConfig;
  logStream?: DestinationStream;
}

/** Builds the whole application, ready to listen; used by main.ts and the end-to-end tests. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: SCIM_BODY_LIMIT_BYTES,
    trustProxy: true,
    genReqId: generateRequestId,
    // Fastify rejects longer path parameters with its own 414, but a SCIM client
    // must get a SCIM 404 for an unknown id of any length.
    // IdPs append /Users to the Base URL as the admin pasted it, so a trailing slash there must
    // not turn into a 404 for .../v2/{id}//Users.
    routerOptions: {
      maxParamLength: MAX_PATH_PARAMETER_LENGTH,
      ignoreDuplicateSlashes: true,
      ignoreTrailingSlash: true,
    },
    requestIdHeader: false,
    // On close, drop idle keep-alive sockets but let in-flight requests finish,
    // and respond to requests that arrive after close with 503 and Connection:
    // close. Both are the Fastify 5 defaults, set here because graceful
    // shutdown depends on them. registerConnectionDraining closes the
    // connections of in-flight requests after their responses, and main.ts
    // bounds the wait.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Fastify rejects a URL with invalid percent-encoding (FST_ERR_BAD_URL)
    // before routing, so Nest's exception filter never receives it. This renders
    // the 400 in the format of the API surface, as the filter would.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(request, reply, toHttpProblem(error), error, frameworkErrorLogger),
  });
  const scimFastReject = registerScimFastReject(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config: options.config,
      runMigrations: true,
      logStream: options.logStream,
    }),
    adapter,
    // Logs written before pino takes over (a database that cannot be reached at start-up) are
    // JSON lines too, without colour codes.
    {
      bufferLogs: true,
      bodyParser: false,
      logger: new ConsoleLogger({ json: true, colors: false }),
    },
  );

  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Nest ends with process.exit() after the shutdown hooks, so 'exit' fires and pino writes out
  // its buffered lines. By default Nest re-sends the signal, which killed the process first.
  app.enableShutdownHooks([], { useProcessExit: true });
  app.useGlobalPipes(new AdminValidationPipe());
  registerConnectionDraining(app.getHttpAdapter().getInstance());
  registerRequestMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsService));
  registerBodyParsers(app.getHttpAdapter().getInstance());
  scimFastReject.bind(app.get(ScimTokenService));
  setupOpenApi(app);
  return app;
}

const ADMIN_API_PREFIX = '/api/v1/';

function isScimUrl(request: FastifyRequest): boolean {
  return request.url.startsWith(SCIM_PATH_PREFIX);
}

/**
 * Parses application/json and application/scim+json (with or without
 * charset) as JSON. An empty body is accepted as no body, because IdPs send
 * DELETE and GET requests with a JSON content type and nothing else. Admin
 * routes take at most ADMIN_BODY_LIMIT_BYTES.
 */
function registerBodyParsers(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  const parser = (
    request: FastifyRequest,
    body: string | Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (!isScimUrl(request) && Buffer.byteLength(text) > ADMIN_BODY_LIMIT_BYTES) {
      done(new RequestBodyError('too-large'));
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) {
        done(new RequestBodyError(isJson(text) ? 'forbidden-key' : 'invalid-json'));
        return;
      }
      // SCIM bodies are checked attribute by attribute by the schema layer, with SCIM errors.
      const problem = isScimUrl(request) ? undefined : findAdminBodyProblem(parsed);
      if (problem !== undefined) {
        done(new RequestBodyError(problem));
        return;
      }
      done(null, parsed);
    });
  };
  fastify.addContentTypeParser(
    ['application/json', 'application/scim+json'],
    { parseAs: 'string' },
    parser,
  );

  // SCIM responses are application/scim+json (RFC 7644 section 3.1). A hook is used
  // instead of a Nest interceptor, which would wrap every request in an async resource.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (isScimUrl(request) && reply.statusCode < 300)
      void reply.header('content-type', SCIM_CONTENT_TYPE);
    // Admin responses carry bearer tokens (shown once) and member data, which no cache may keep.
    if (request.url.startsWith(ADMIN_API_PREFIX)) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    const length = Number(request.headers['content-length'] ?? 0);
    if (!isScimUrl(request) && length > ADMIN_BODY_LIMIT_BYTES) {
      done(new RequestBodyError('too-large'));
      return;
    }
    done();
  });
}

/** Tells whether `text` is JSON, for telling a syntax error from a key the parser rejects. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds what makes a parsed admin body unacceptable before validation: a
 * key or string that cannot be stored by both engines, or nesting deeper
 * than ADMIN_BODY_MAX_DEPTH. At 100,000 levels validation failed with 500,
 * so the walk keeps its own stack instead of recursing.
 */
function findAdminBodyProblem(body: unknown): 'unstorable-text' | 'too-deep' | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (typeof value === 'string') {
      if (containsUnstorableCharacter(value)) return 'unstorable-text';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= ADMIN_BODY_MAX_DEPTH) return 'too-deep';
    for (const [key, item] of Object.entries(value)) {
      if (!Array.isArray(value) && containsUnstorableCharacter(key)) return 'unstorable-text';
      pending.push({ value: item, depth: depth + 1 });
    }
  }
  return undefined;
}
