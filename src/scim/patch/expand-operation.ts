import { parsePath } from '../filter/filter-parser';
import { ScimError } from '../scim-error';
import {
  AttributeOperation,
  ExtensionTarget,
  referenceName,
  resolvePatchPath,
} from './attribute-operation';
import type { PatchOperation, PatchOperationType } from './patch-operation';
import { isPlainObject } from './plain-object';
import {
  extensionAttributes,
  namesUnknownSchema,
  PatchSchemaContext,
  resolveAttributeName,
} from './schema-context';

/**
 * Splits one PATCH operation into operations on single attributes. An
 * operation without path, or with a bare extension URN as path, becomes one
 * operation per attribute in its value object. An operation whose path
 * starts with a schema URN the resource does not have is dropped, as POST
 * and PUT ignore such extensions.
 */
export function expandOperation(
  operation: PatchOperation,
  context: PatchSchemaContext,
): AttributeOperation[] {
  if (operation.path === undefined) {
    return expandValueObject(
      operation.op,
      operation.value,
      context,
      undefined,
      'an operation without path',
    );
  }

  if (namesUnknownSchema(referenceName(operation.path.attribute), context)) return [];
  const pathText = operation.pathText ?? operation.path.attribute.attribute;
  const target = resolvePatchPath(operation.path, pathText, context);
  if ('attribute' in target) {
    return [{ op: operation.op, target, value: operation.value, fromValueObject: false }];
  }
  return expandExtension(operation.op, target, operation.value, context);
}

function expandExtension(
  op: PatchOperationType,
  target: ExtensionTarget,
  value: unknown,
  context: PatchSchemaContext,
): AttributeOperation[] {
  if (op === 'remove' || value === null) {
    return extensionAttributes(target.extensionUrn, context).map((attribute) => ({
      op: 'remove',
      target: {
        extensionUrn: target.extensionUrn,
        attribute,
        path: `${target.path}:${attribute.name}`,
      },
      value: undefined,
      fromValueObject: true,
    }));
  }
  if (!isPlainObject(value)) {
    throw ScimError.invalidValue(
      `Path "${target.path}" names a schema extension, so its value must be a JSON object of its attributes.`,
    );
  }
  return expandValueObject(op, value, context, target.extensionUrn, target.path);
}

/**
 * Keys may be `attr`, `attr.sub` (Entra ID sends `name.givenName`),
 * `urn:...:attr`, an extension URN mapping to an object of its attributes,
 * or a path with a value filter (Entra ID sends `emails[type eq "work"].value`),
 * which acts as that path. Keys that name no attribute are skipped, because
 * identity providers send attributes that this service does not store.
 */
function expandValueObject(
  op: PatchOperationType,
  value: unknown,
  context: PatchSchemaContext,
  extensionUrn: string | undefined,
  where: string,
): AttributeOperation[] {
  if (!isPlainObject(value)) {
    throw ScimError.invalidSyntax(
      `Invalid value for ${where}; expected a JSON object of attributes.`,
    );
  }

  return Object.entries(value).flatMap(([key, attributeValue]): AttributeOperation[] => {
    const name = extensionUrn === undefined ? key : `${extensionUrn}:${key}`;
    if (key.includes('[')) return expandFilteredKey(op, name, attributeValue, context);
    const resolved = resolveAttributeName(name, context);
    if (resolved === undefined) return [];

    if (resolved.kind === 'extension') {
      if (extensionUrn !== undefined) return [];
      const target = { extensionUrn: resolved.extensionUrn, path: key };
      return expandExtension(op, target, attributeValue, context);
    }

    const operation: AttributeOperation = {
      op,
      target: { attribute: resolved.attribute, path: name },
      value: attributeValue,
      fromValueObject: true,
    };
    if (resolved.extensionUrn !== undefined) operation.target.extensionUrn = resolved.extensionUrn;
    if (resolved.subAttribute !== undefined) operation.target.subAttribute = resolved.subAttribute;
    return [operation];
  });
}

/** Turns a value-object key with a value filter into the operation that the same path would be. */
function expandFilteredKey(
  op: PatchOperationType,
  key: string,
  value: unknown,
  context: PatchSchemaContext,
): AttributeOperation[] {
  const path = parsePath(key);
  if (resolveAttributeName(referenceName(path.attribute), context) === undefined) return [];
  const target = resolvePatchPath(path, key, context);
  if (!('attribute' in target)) return [];
  return [{ op, target, value, fromValueObject: false }];
}
