import { DomainError } from './domain-error';
import { isUuid } from './uuid';

/** One page of an admin list. `nextCursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface CursorPosition {
  createdAt: Date;
  id: string;
}

/** Encodes a keyset position (creation time and id) as an opaque cursor. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    const date = new Date(String(createdAt));
    if (typeof id === 'string' && isUuid(id) && !Number.isNaN(date.getTime()))
      return { createdAt: date, id };
  } catch {
    // Falls through to the error below.
  }
  throw DomainError.invalidInput(
    'cursor is invalid; pass the nextCursor value of the previous page',
  );
}
