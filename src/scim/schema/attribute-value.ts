import { ScimError } from '../scim-error';
import { containsUnstorableCharacter } from '../../common/storable-text';
import type { AttributeDefinition, AttributeType } from './attribute-definition';
import { normalizeDateTime } from './date-time';
import { describeValue, isJsonObject, type JsonObject } from './json-value';
import { findSubAttribute } from './schema-registry';

const EXPECTED_BY_TYPE: Record<AttributeType, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  integer: 'an integer',
  decimal: 'a number',
  dateTime: 'an xsd:dateTime string such as "2026-01-02T03:04:05Z"',
  reference: 'a URI string',
  binary: 'a base64 string',
  complex: 'an object of sub-attributes',
};

// Standard base64 (RFC 4648 section 4), with or without "=" padding.
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * Validates a value that a client sent for an attribute and returns it in
 * stored form, or undefined when the value leaves the attribute unassigned:
 * null, an empty array, or an object whose sub-attributes are all unassigned.
 * `path` names the attribute in error messages. The attribute's own
 * mutability is the caller's concern, but sub-attributes whose client values
 * the service does not keep (see keepsClientValue) are dropped here.
 *
 * Throws ScimError invalidValue when the value has the wrong type, a complex
 * value lacks a required sub-attribute or more than one element is primary,
 * and invalidSyntax when an object names a sub-attribute twice.
 */
export function normalizeAttributeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) return normalizeMultiValue(definition, value, path);

  if (Array.isArray(value)) {
    throw ScimError.invalidValue(
      `${path} must be a single value, ${EXPECTED_BY_TYPE[definition.type]}; got an array`,
    );
  }
  return normalizeSingleValue(definition, value, path);
}

/**
 * Throws ScimError invalidValue when a required attribute is unassigned or is
 * a string of only whitespace. `value` is the normalized value.
 */
export function checkRequiredValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): void {
  if (!definition.required) return;
  if (value === undefined) throw ScimError.invalidValue(`${path} is required`);
  if (typeof value === 'string' && value.trim() === '') {
    throw ScimError.invalidValue(`${path} must not be empty`);
  }
}

function normalizeMultiValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  // RFC 7643 section 2.4 calls for an array. A lone element is taken as a list
  // of one, because some clients send a single object for a one-element list.
  const elements = Array.isArray(value) ? value : [value];
  const normalized = elements
    .map((element, index) =>
      element === null ? undefined : normalizeSingleValue(definition, element, `${path}[${index}]`),
    )
    .filter((element) => element !== undefined);
  if (normalized.length === 0) return undefined;

  checkSinglePrimary(normalized, path);
  return normalized;
}

// RFC 7643 section 2.4: the value true for "primary" appears no more than once.
function checkSinglePrimary(elements: unknown[], path: string): void {
  const primaryCount = elements.filter(
    (element) => isJsonObject(element) && element.primary === true,
  ).length;
  if (primaryCount > 1) {
    throw ScimError.invalidValue(
      `${path} has ${primaryCount} values with primary set to true; at most one value may be primary`,
    );
  }
}

function normalizeSingleValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  switch (definition.type) {
    case 'complex':
      return normalizeComplexValue(definition, value, path);
    case 'string':
      return normalizeString(definition, value, path);
    case 'boolean':
      return normalizeBoolean(definition, value, path);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw wrongType(definition, value, path);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw wrongType(definition, value, path);
    case 'dateTime':
      return normalizeDateTimeValue(definition, value, path);
    case 'reference':
      // NOTE: only the type is checked. Relative URIs are valid references
      // (RFC 7643 section 2.3.7), so almost any string is a URI reference.
      if (typeof value === 'string') return checkStorable(value, path);
      throw wrongType(definition, value, path);
    case 'binary':
      if (typeof value === 'string' && BASE64_PATTERN.test(value)) return value;
      throw wrongType(definition, value, path);
  }
}

function normalizeString(definition: AttributeDefinition, value: unknown, path: string): string {
  if (typeof value !== 'string') throw wrongType(definition, value, path);
  checkStorable(value, path);
  // Unique attributes (userName, Group displayName) are trimmed, so that a copy
  // with a trailing space cannot pass the uniqueness check. Others keep
  // exactly what the client sent.
  return definition.uniqueness === 'none' ? value : value.trim();
}

function checkStorable(value: string, path: string): string {
  if (containsUnstorableCharacter(value)) {
    throw ScimError.invalidValue(
      `${path} contains U+0000 or an unpaired UTF-16 surrogate, which cannot be stored; remove it`,
    );
  }
  return value;
}

// Booleans sent as strings are accepted in any case, because Microsoft Entra ID
// sends "True" and "False" in some flows.
function normalizeBoolean(definition: AttributeDefinition, value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowerValue = value.toLowerCase();
    if (lowerValue === 'true') return true;
    if (lowerValue === 'false') return false;
  }
  throw wrongType(definition, value, path);
}

function normalizeDateTimeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): string {
  const normalized = typeof value === 'string' ? normalizeDateTime(value) : undefined;
  if (normalized === undefined) throw wrongType(definition, value, path);
  return normalized;
}

function normalizeComplexValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): JsonObject | undefined {
  const object = isJsonObject(value) ? value : wrapBareValue(definition, value, path);
  const normalized: JsonObject = {};
  const received = canonicalSubAttributeKeys(definition, object, path);

  for (const subAttribute of definition.subAttributes ?? []) {
    if (!keepsClientValue(subAttribute)) continue;

    const key = received.get(subAttribute.name);
    const subPath = `${path}.${subAttribute.name}`;
    const subValue =
      key === undefined ? undefined : normalizeAttributeValue(subAttribute, object[key], subPath);
    if (subValue !== undefined) normalized[subAttribute.name] = subValue;
  }
  if (Object.keys(normalized).length === 0) return undefined;

  for (const subAttribute of definition.subAttributes ?? []) {
    checkRequiredValue(subAttribute, normalized[subAttribute.name], `${path}.${subAttribute.name}`);
  }
  return normalized;
}

// A complex attribute with a `value` sub-attribute accepts the bare value in
// place of `{ value }`. Some clients send the enterprise manager as a plain id.
function wrapBareValue(definition: AttributeDefinition, value: unknown, path: string): JsonObject {
  const valueSubAttribute = findSubAttribute(definition, 'value');
  const isBare =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  if (valueSubAttribute === undefined || !isBare) throw wrongType(definition, value, path);
  return { [valueSubAttribute.name]: value };
}

/**
 * Maps each canonical sub-attribute name to the key the client used for it.
 * Unknown keys are left out. Throws invalidSyntax when two keys differ only
 * in case.
 */
function canonicalSubAttributeKeys(
  definition: AttributeDefinition,
  object: JsonObject,
  path: string,
): Map<string, string> {
  const keys = new Map<string, string>();
  for (const key of Object.keys(object)) {
    const subAttribute = findSubAttribute(definition, key);
    if (subAttribute === undefined) continue;

    const earlierKey = keys.get(subAttribute.name);
    if (earlierKey !== undefined) {
      throw ScimError.invalidSyntax(
        `${path}.${subAttribute.name} is given more than once, as "${earlierKey}" and "${key}"`,
      );
    }
    keys.set(subAttribute.name, key);
  }
  return keys;
}

/**
 * Returns whether the service keeps a value that a client sends for the
 * attribute: true for readWrite and immutable attributes. readOnly values are
 * ignored (RFC 7644 section 3.3). This service stores no writeOnly attribute,
 * because its only one, password, is discarded.
 */
export function keepsClientValue(definition: AttributeDefinition): boolean {
  return definition.mutability === 'readWrite' || definition.mutability === 'immutable';
}

function wrongType(definition: AttributeDefinition, value: unknown, path: string): ScimError {
  return ScimError.invalidValue(
    `${path} must be ${EXPECTED_BY_TYPE[definition.type]}; got ${describeValue(value)}`,
  );
}
