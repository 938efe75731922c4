import { ScimError } from '../../scim-error';
import { applyPatch } from '../apply-patch';
import { parsePatchRequest } from '../parse-patch-request';
import type { ScimDocument } from '../patch-operation';
import type { PatchSchemaContext } from '../schema-context';
import { USER_CONTEXT } from './patch-schemas.fixture';

export const PATCH_OP_URN = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Wraps operations in a PatchOp request body as identity providers send it. */
export function patchBody(operations: unknown[]): Record<string, unknown> {
  return { schemas: [PATCH_OP_URN], Operations: operations };
}

/** Parses a request body built from `operations` and applies it. */
export function patchDocument(
  document: ScimDocument,
  operations: unknown[],
  context: PatchSchemaContext = USER_CONTEXT,
): ScimDocument {
  return applyPatch(document, parsePatchRequest(patchBody(operations)), context);
}

/** Runs `action` and returns the ScimError it throws; fails the test when it throws nothing or something else. */
export function catchScimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

/** Awaits `action` and returns the ScimError it rejects with. */
export async function catchScimErrorAsync(action: () => Promise<unknown>): Promise<ScimError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but the promise resolved');
}
