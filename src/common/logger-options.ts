import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config';
import { assignRequestId } from './request-id';

/** Header and body paths that could carry a credential; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'token',
  'accessToken',
  '*.token',
  '*.accessToken',
];

export function buildLoggerOptions(config: AppConfig, stream?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    genReqId: assignRequestId,
    autoLogging: config.requestLogging,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customAttributeKeys: { reqId: 'requestId' },
    serializers: {
      req: (req: {
        id?: string;
        method?: string;
        url?: string;
        headers?: Record<string, unknown>;
      }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return { pinoHttp: stream ? [options, stream] : options };
}
