import { isJsonEqual } from './json-equal';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { findSubAttribute } from '../schema/schema-registry';
import type { AttributeOperation } from './attribute-operation';
import {
  AttributeContainer,
  readElements,
  storeAttribute,
  unassignAttribute,
} from './attribute-store';
import { mergeComplexValue, toSubAttributePatch } from './complex-value';
import { isPresent } from './element-filter';
import { normalizeSimpleValue, normalizeValues, ScimValue } from './normalize-value';
import { isPlainObject } from './plain-object';
import { enforceSinglePrimary } from './primary-value';

/** Applies an operation whose target is a whole attribute: no value filter, no sub-attribute. */
export function applyToWholeAttribute(
  container: AttributeContainer,
  operation: AttributeOperation,
): void {
  const { op, value, target } = operation;
  const { attribute, path } = target;

  if (op === 'remove' && isPresent(value) && attribute.multiValued) {
    removeListedValues(container, attribute, value, path);
  } else if (op === 'remove' || value === null) {
    // RFC 7643 section 2.5: null is equivalent to unassigned.
    unassignAttribute(container, attribute, path);
  } else if (attribute.multiValued && op === 'add') {
    addValues(container, attribute, value, path);
  } else if (attribute.multiValued) {
    replaceValues(container, attribute, value, path);
  } else if (attribute.type === 'complex') {
    const current = container[attribute.name];
    const patch = toSubAttributePatch(attribute, value, path);
    const merged = mergeComplexValue(
      attribute,
      isPlainObject(current) ? current : undefined,
      patch,
      path,
    );
    storeAttribute(container, attribute, merged, path);
  } else {
    storeAttribute(container, attribute, normalizeSimpleValue(attribute, value, path), path);
  }
}

// RFC 7644 section 3.5.2.1: add appends to a multi-valued attribute, and a
// value that is already there is not added again.
function addValues(
  container: AttributeContainer,
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
): void {
  const elements = readElements(container, attribute);
  const appended: ScimValue[] = [];
  for (const element of normalizeValues(attribute, value, path)) {
    const known = [...elements, ...appended].some((existing) => isJsonEqual(existing, element));
    if (!known) appended.push(element);
  }
  if (appended.length === 0) return;

  const next = [...elements, ...appended];
  enforceSinglePrimary(attribute, next, appended, path);
  storeAttribute(container, attribute, next, path);
}

function replaceValues(
  container: AttributeContainer,
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
): void {
  const next = normalizeValues(attribute, value, path);
  storeAttribute(container, attribute, next, path);
}

// RFC 7644 defines no value for remove. Entra ID sends the values to remove
// from a multi-valued attribute, so the listed values are removed and the rest stay.
function removeListedValues(
  container: AttributeContainer,
  attribute: AttributeDefinition,
  value: unknown,
  path: string,
): void {
  const elements = readElements(container, attribute);
  const listed = normalizeValues(attribute, value, path);
  const remaining = elements.filter(
    (element) => !listed.some((item) => isSameValue(attribute, element, item)),
  );
  if (remaining.length === elements.length) return;
  storeAttribute(container, attribute, remaining, path);
}

/** Compares complex values by their `value` sub-attribute when the listed one has it, else as a whole. */
export function isSameValue(
  attribute: AttributeDefinition,
  element: unknown,
  listed: ScimValue,
): boolean {
  const valueSubAttribute = findSubAttribute(attribute, 'value');
  if (valueSubAttribute === undefined || !isPlainObject(element) || !isPlainObject(listed)) {
    return isJsonEqual(element, listed);
  }

  const name = valueSubAttribute.name;
  if (listed[name] === undefined) return isJsonEqual(element, listed);
  const left = element[name];
  const right = listed[name];
  if (!valueSubAttribute.caseExact && typeof left === 'string' && typeof right === 'string') {
    return left.toLowerCase() === right.toLowerCase();
  }
  return left === right;
}
