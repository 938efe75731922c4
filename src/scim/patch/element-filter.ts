import type {
  AttributeReference,
  ComparisonNode,
  FilterNode,
  FilterValue,
} from '../filter/filter-ast';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import { isPlainObject } from './plain-object';
import { findSubAttribute } from '../schema/schema-registry';

/**
 * Checks the value filter of a path such as `emails[type eq "work"]` against
 * the multi-valued attribute's sub-attributes and returns a copy that uses
 * their canonical names. A boolean sub-attribute compared with "true" or
 * "false" in any case gets a boolean literal.
 */
export function normalizeElementFilter(
  filter: FilterNode,
  attribute: AttributeDefinition,
  pathText: string,
): FilterNode {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return {
        kind: filter.kind,
        left: normalizeElementFilter(filter.left, attribute, pathText),
        right: normalizeElementFilter(filter.right, attribute, pathText),
      };
    case 'not':
      return { kind: 'not', filter: normalizeElementFilter(filter.filter, attribute, pathText) };
    case 'present':
      return {
        kind: 'present',
        attribute: { attribute: resolveFilterName(filter.attribute, attribute, pathText).name },
      };
    case 'comparison':
      return normalizeComparison(filter, attribute, pathText);
    case 'valuePath':
      throw ScimError.invalidPath(
        `Path "${pathText}" nests a value filter inside a value filter, which SCIM does not allow.`,
      );
  }
}

/** Returns whether one element of a multi-valued attribute matches a normalized filter (RFC 7644 section 3.4.2.2). */
export function matchesElement(
  filter: FilterNode,
  element: unknown,
  attribute: AttributeDefinition,
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        matchesElement(filter.left, element, attribute) &&
        matchesElement(filter.right, element, attribute)
      );
    case 'or':
      return (
        matchesElement(filter.left, element, attribute) ||
        matchesElement(filter.right, element, attribute)
      );
    case 'not':
      return !matchesElement(filter.filter, element, attribute);
    case 'present':
      return isPresent(readElementValue(element, attribute, filter.attribute.attribute));
    case 'comparison':
      return compareElementValue(filter, element, attribute);
    case 'valuePath':
      return false;
  }
}

/**
 * Returns the sub-attribute values that a filter made only of `eq`
 * comparisons joined by `and` requires, so that an add through a filter
 * that matches nothing can create the element. Returns undefined for any
 * other filter, because it does not determine one element.
 */
export function elementFromFilter(filter: FilterNode): Record<string, unknown> | undefined {
  if (filter.kind === 'comparison' && filter.operator === 'eq' && filter.value !== null) {
    return { [filter.attribute.attribute]: filter.value };
  }
  if (filter.kind !== 'and') return undefined;

  const left = elementFromFilter(filter.left);
  const right = elementFromFilter(filter.right);
  if (left === undefined || right === undefined) return undefined;

  const conflicting = Object.keys(right).some((name) => name in left && left[name] !== right[name]);
  return conflicting ? undefined : { ...left, ...right };
}

/**
 * Returns the definition of a sub-attribute of an element. The elements of a
 * multi-valued simple attribute have one implicit sub-attribute, `value`,
 * which is the element itself (RFC 7644 section 3.5.2.2).
 */
export function elementSubAttribute(
  attribute: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  if (attribute.type === 'complex') return findSubAttribute(attribute, name);
  if (name.toLowerCase() !== 'value') return undefined;
  return { ...attribute, name: 'value', multiValued: false };
}

/** Returns whether a value is assigned: not absent, null, an empty string, array or object (RFC 7643 section 2.5). */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

function normalizeComparison(
  filter: ComparisonNode,
  attribute: AttributeDefinition,
  pathText: string,
): ComparisonNode {
  const subAttribute = resolveFilterName(filter.attribute, attribute, pathText);
  let value: FilterValue = filter.value;
  if (
    subAttribute.type === 'boolean' &&
    typeof value === 'string' &&
    /^(true|false)$/i.test(value)
  ) {
    value = value.toLowerCase() === 'true';
  }
  if (subAttribute.type === 'boolean' && !['eq', 'ne'].includes(filter.operator)) {
    // RFC 7644 section 3.4.2.2: ordering and substring operators fail on booleans.
    throw ScimError.invalidFilter(
      `Path "${pathText}" applies "${filter.operator}" to boolean "${subAttribute.name}". Use "eq" or "ne".`,
    );
  }
  return {
    kind: 'comparison',
    attribute: { attribute: subAttribute.name },
    operator: filter.operator,
    value,
  };
}

function resolveFilterName(
  reference: AttributeReference,
  attribute: AttributeDefinition,
  pathText: string,
): AttributeDefinition {
  // `emails[emails.type eq "work"]` repeats the parent name, which is allowed and ignored.
  const repeatsParent =
    reference.subAttribute !== undefined &&
    reference.attribute.toLowerCase() === attribute.name.toLowerCase();
  if (reference.subAttribute !== undefined && !repeatsParent) {
    throw ScimError.invalidPath(
      `Path "${pathText}" filters on "${reference.attribute}.${reference.subAttribute}"; ` +
        `a value filter must name a sub-attribute of "${attribute.name}".`,
    );
  }

  const name =
    repeatsParent && reference.subAttribute !== undefined
      ? reference.subAttribute
      : reference.attribute;
  const subAttribute = elementSubAttribute(attribute, name);
  if (subAttribute === undefined) {
    throw ScimError.invalidPath(
      `Path "${pathText}" filters on "${name}", which is not a sub-attribute of "${attribute.name}".`,
    );
  }
  return subAttribute;
}

function readElementValue(element: unknown, attribute: AttributeDefinition, name: string): unknown {
  if (attribute.type !== 'complex') return element;
  return isPlainObject(element) ? element[name] : undefined;
}

function compareElementValue(
  filter: ComparisonNode,
  element: unknown,
  attribute: AttributeDefinition,
): boolean {
  const name = filter.attribute.attribute;
  const subAttribute = elementSubAttribute(attribute, name);
  const actual = readElementValue(element, attribute, name);
  if (subAttribute === undefined) return false;

  if (Array.isArray(actual)) {
    return actual.some((item) => compareValue(filter, item, subAttribute));
  }
  return compareValue(filter, actual, subAttribute);
}

function compareValue(
  filter: ComparisonNode,
  actual: unknown,
  subAttribute: AttributeDefinition,
): boolean {
  const expected = filter.value;
  if (!isPresent(actual)) {
    if (filter.operator === 'eq') return expected === null;
    if (filter.operator === 'ne') return expected !== null;
    return false;
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    return compareStrings(filter.operator, actual, expected, subAttribute);
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    return compareOrdered(filter.operator, actual, expected);
  }
  if (typeof actual === 'boolean' && typeof expected === 'boolean') {
    return filter.operator === 'eq' ? actual === expected : actual !== expected;
  }
  return filter.operator === 'ne';
}

function compareStrings(
  operator: ComparisonNode['operator'],
  actual: string,
  expected: string,
  subAttribute: AttributeDefinition,
): boolean {
  if (subAttribute.type === 'dateTime' && ['gt', 'ge', 'lt', 'le'].includes(operator)) {
    const actualTime = Date.parse(actual);
    const expectedTime = Date.parse(expected);
    if (Number.isNaN(actualTime) || Number.isNaN(expectedTime)) return false;
    return compareOrdered(operator, actualTime, expectedTime);
  }

  const left = subAttribute.caseExact ? actual : actual.toLowerCase();
  const right = subAttribute.caseExact ? expected : expected.toLowerCase();
  switch (operator) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return compareOrdered(operator, left, right);
  }
}

function compareOrdered<T extends number | string>(
  operator: ComparisonNode['operator'],
  left: T,
  right: T,
): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
    default:
      return false;
  }
}
