/**
 * Error codes that services raise. Each API surface maps them to its wire
 * format in one exhaustive switch (admin-exception.filter.ts and, on SCIM
 * routes, the SCIM exception filter), so adding a code without mapping it
 * fails to compile.
 */
export enum ErrorCode {
  NotFound = 'not_found',
  Conflict = 'conflict',
  Forbidden = 'forbidden',
  Unauthorized = 'unauthorized',
  InvalidInput = 'invalid_input',
  DatabaseUnavailable = 'database_unavailable',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(message: string): DomainError {
    return new DomainError(ErrorCode.NotFound, message);
  }

  static conflict(message: string): DomainError {
    return new DomainError(ErrorCode.Conflict, message);
  }

  static forbidden(message: string): DomainError {
    return new DomainError(ErrorCode.Forbidden, message);
  }

  static invalidInput(message: string): DomainError {
    return new DomainError(ErrorCode.InvalidInput, message);
  }
}
