import { parsePath } from '../filter/filter-parser';
import { ScimError } from '../scim-error';
import { PATCH_OP_URN } from '../schema/schema-urns';
import type { PatchOperation, PatchOperationType } from './patch-operation';
import { isPlainObject } from './plain-object';

const OPERATION_TYPES: readonly PatchOperationType[] = ['add', 'replace', 'remove'];

/**
 * Validates a PATCH request body (RFC 7644 section 3.5.2) and parses each
 * operation's path. Member names (`Operations`, `op`, `path`, `value`) and
 * `op` values match in any case, because Entra ID sends `Add` and `Replace`.
 *
 * Throws ScimError invalidSyntax for a malformed body, noTarget for a remove
 * without path, and invalidPath or invalidFilter for a path that does not parse.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isPlainObject(body)) {
    throw ScimError.invalidSyntax(
      'The PATCH request body must be a JSON object with an "Operations" array.',
    );
  }
  assertPatchOpSchema(body);

  const operations = readMember(body, 'Operations', 'the PATCH request body');
  if (!Array.isArray(operations)) {
    throw ScimError.invalidSyntax('The PATCH request body must contain an "Operations" array.');
  }
  return operations.map((operation, index) => parseOperation(operation, index));
}

// RFC 7644 section 3.5.2 requires the PatchOp URN in "schemas". A body without
// "schemas" is still accepted, because "Operations" already identifies it.
// A "schemas" list without the PatchOp URN marks some other message, so it is rejected.
function assertPatchOpSchema(body: Record<string, unknown>): void {
  const schemas = readMember(body, 'schemas', 'the PATCH request body');
  if (schemas === undefined) return;

  const listsPatchOp =
    Array.isArray(schemas) &&
    schemas.some(
      (schema) => typeof schema === 'string' && schema.toLowerCase() === PATCH_OP_URN.toLowerCase(),
    );
  if (!listsPatchOp) {
    throw ScimError.invalidSyntax(`The PATCH request "schemas" must contain "${PATCH_OP_URN}".`);
  }
}

function parseOperation(operation: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isPlainObject(operation)) {
    throw ScimError.invalidSyntax(`${where} must be a JSON object with an "op" member.`);
  }

  const op = parseOperationType(readMember(operation, 'op', where), where);
  const pathText = parsePathText(readMember(operation, 'path', where), where);
  const value = readMember(operation, 'value', where);

  if (op === 'remove') {
    if (pathText === undefined) {
      // RFC 7644 section 3.5.2.2: a remove without "path" has no target.
      throw ScimError.noTarget(
        `${where} is a remove without "path". Name the attribute to remove in "path".`,
      );
    }
  } else {
    assertAddOrReplaceValue(op, pathText, value, where);
  }

  const parsed: PatchOperation = { op };
  if (pathText !== undefined) {
    parsed.path = parsePath(pathText);
    parsed.pathText = pathText;
  }
  if (value !== undefined) parsed.value = value;
  return parsed;
}

function parseOperationType(op: unknown, where: string): PatchOperationType {
  const normalized = typeof op === 'string' ? op.toLowerCase() : undefined;
  const type = OPERATION_TYPES.find((candidate) => candidate === normalized);
  if (type === undefined) {
    throw ScimError.invalidSyntax(
      `${where} has op ${JSON.stringify(op)}; expected "add", "replace" or "remove".`,
    );
  }
  return type;
}

// A null path is treated as absent, because RFC 7643 section 2.5 makes null
// equivalent to unassigned.
function parsePathText(path: unknown, where: string): string | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== 'string') {
    throw ScimError.invalidSyntax(
      `${where} has a "path" of type ${typeof path}; expected a string.`,
    );
  }
  return path;
}

function assertAddOrReplaceValue(
  op: PatchOperationType,
  pathText: string | undefined,
  value: unknown,
  where: string,
): void {
  // RFC 7644 sections 3.5.2.1 and 3.5.2.3: add and replace MUST contain "value".
  if (value === undefined) {
    throw ScimError.invalidSyntax(
      `${where} is an "${op}" operation without "value". Send the value to ${op} in "value".`,
    );
  }
  if (pathText === undefined && !isPlainObject(value)) {
    throw ScimError.invalidSyntax(
      `${where} is an "${op}" operation without "path", so its "value" must be a JSON object of attributes.`,
    );
  }
}

/** Reads a member whose name matches `name` in any case, rejecting a name sent twice in different cases. */
function readMember(object: Record<string, unknown>, name: string, where: string): unknown {
  const keys = Object.keys(object).filter((key) => key.toLowerCase() === name.toLowerCase());
  if (keys.length > 1) {
    throw ScimError.invalidSyntax(
      `${where} contains "${name}" more than once: ${keys.join(', ')}.`,
    );
  }
  return keys.length === 1 ? object[keys[0]] : undefined;
}
