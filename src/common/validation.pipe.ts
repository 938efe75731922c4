import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, RequestValidationException } from './http-problem';

/** Constraints on a value's kind. When one fails, the size and length checks of that value are left out. */
const KIND_CONSTRAINTS = new Set([
  'isDefined',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isObject',
  'isIn',
  'isEnum',
  'isUuid',
]);

/** Returns the messages of a field, only those about its kind when its kind is wrong. */
function messagesOf(constraints: Record<string, string>): string[] {
  const entries = Object.entries(constraints);
  const kind = entries.filter(([name]) => KIND_CONSTRAINTS.has(name));
  return (kind.length > 0 ? kind : entries).map(([, message]) => message);
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints
      ? [{ field, messages: messagesOf(error.constraints) }]
      : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The admin API's validation pipe: unknown fields are rejected, values are
 * transformed to the DTO types, and failures list every field. Values of
 * custom parameter decorators (the authenticated caller, the request id)
 * come from the server, so they skip validation. On the SCIM hot path that
 * check alone took roughly a third of a request's time in one `npm run bench` run.
 */
@Injectable()
export class AdminValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new RequestValidationException(flatten(errors)),
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return Promise.resolve(value);
    return super.transform(value, metadata);
  }
}
