import { isJsonEqual } from './json-equal';
import type { AttributeOperation } from './attribute-operation';
import { AttributeContainer, readContainer, writeContainer } from './attribute-store';
import { applyToElements } from './apply-element-operation';
import { applyToSubAttribute } from './apply-sub-attribute';
import { applyToWholeAttribute } from './apply-whole-attribute';
import { isPresent } from './element-filter';
import { assertNotReadOnly } from './mutability';
import type { ScimDocument } from './patch-operation';
import { isPlainObject } from './plain-object';

/** Applies one attribute operation to a working copy of the document, in place. */
export function applyAttributeOperation(
  document: ScimDocument,
  operation: AttributeOperation,
): void {
  const { target } = operation;
  // PATCH stores no writeOnly value, like POST and PUT. Password, the only one,
  // is accepted and discarded, because Okta sends it even without password sync.
  const writeOnly =
    target.attribute.mutability === 'writeOnly' || target.subAttribute?.mutability === 'writeOnly';
  if (writeOnly) return;

  const container = readContainer(document, target.extensionUrn);

  // Okta renames a group with a value object that repeats the group's id, so a
  // readOnly value sent back unchanged in a value object is skipped.
  if (operation.fromValueObject && isUnchangedReadOnly(container, operation)) return;

  assertNotReadOnly(target.attribute, target.path);
  if (target.subAttribute !== undefined) assertNotReadOnly(target.subAttribute, target.path);

  if (
    target.attribute.multiValued &&
    (target.filter !== undefined || target.subAttribute !== undefined)
  ) {
    applyToElements(container, operation);
  } else if (target.subAttribute !== undefined) {
    applyToSubAttribute(container, operation);
  } else {
    applyToWholeAttribute(container, operation);
  }
  writeContainer(document, target.extensionUrn, container);
}

function isUnchangedReadOnly(
  container: AttributeContainer,
  operation: AttributeOperation,
): boolean {
  const { attribute, subAttribute } = operation.target;
  const readOnly = attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly';
  if (!readOnly) return false;

  let current = container[attribute.name];
  if (subAttribute !== undefined) {
    current = isPlainObject(current) ? current[subAttribute.name] : undefined;
  }

  if (operation.op === 'remove' || operation.value === null) return !isPresent(current);
  return isJsonEqual(current, operation.value);
}
