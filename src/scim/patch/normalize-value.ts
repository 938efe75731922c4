import type { AttributeDefinition } from '../schema/attribute-definition';
import { normalizeAttributeValue } from '../schema/attribute-value';

/** A stored value: a simple value, or a complex value keyed by canonical sub-attribute names. */
export type ScimValue = string | number | boolean | Record<string, unknown>;

/**
 * Validates the value sent for a multi-valued attribute and returns its
 * elements in stored form, the same form POST and PUT store. Null elements
 * are dropped, and a single element sent without an array is a list of one.
 * Throws ScimError invalidValue for a wrong type or more than one primary element.
 */
export function normalizeValues(
  attribute: AttributeDefinition,
  raw: unknown,
  path: string,
): ScimValue[] {
  const definition = attribute.multiValued ? attribute : { ...attribute, multiValued: true };
  const normalized = normalizeAttributeValue(definition, raw, path);
  return Array.isArray(normalized) ? (normalized as ScimValue[]) : [];
}

/**
 * Validates a non-null value for a single-valued simple attribute, such as
 * `active` sent as "False", and returns it in stored form. Throws ScimError
 * invalidValue for a wrong type.
 */
export function normalizeSimpleValue(
  attribute: AttributeDefinition,
  raw: unknown,
  path: string,
): unknown {
  return normalizeAttributeValue(attribute, raw, path);
}
