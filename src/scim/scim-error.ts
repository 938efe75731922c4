/**
 * SCIM error detail types of RFC 7644 section 3.12, table 9, with the HTTP
 * status each one may be sent with.
 */
export const SCIM_TYPE_STATUS = {
  invalidFilter: 400,
  tooMany: 400,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 403,
} as const;

export type ScimType = keyof typeof SCIM_TYPE_STATUS;

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * A protocol error that the SCIM exception filter sends as an RFC 7644
 * section 3.12 error body. The constructor rejects a scimType that RFC 7644
 * does not allow with the given status, so a wrong pair fails in tests
 * instead of on the wire.
 */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
    if (scimType !== undefined && SCIM_TYPE_STATUS[scimType] !== status) {
      throw new TypeError(`scimType ${scimType} is not valid with HTTP status ${status}`);
    }
  }

  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidFilter');
  }

  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidSyntax');
  }

  static invalidPath(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidPath');
  }

  static invalidValue(detail: string): ScimError {
    return new ScimError(400, detail, 'invalidValue');
  }

  static noTarget(detail: string): ScimError {
    return new ScimError(400, detail, 'noTarget');
  }

  static mutability(detail: string): ScimError {
    return new ScimError(400, detail, 'mutability');
  }

  static uniqueness(detail: string): ScimError {
    return new ScimError(409, detail, 'uniqueness');
  }

  static notFound(detail: string): ScimError {
    return new ScimError(404, detail);
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      detail: this.detail,
    };
    if (this.scimType !== undefined) body.scimType = this.scimType;
    return body;
  }
}
