import { ScimError } from '../scim-error';
import type { AttributeDefinition } from './attribute-definition';
import { checkRequiredValue, keepsClientValue, normalizeAttributeValue } from './attribute-value';
import { describeValue, isJsonObject, type JsonObject } from './json-value';
import { collectReceivedValues, type ReceivedValue } from './received-attributes';
import {
  coreAttributesOf,
  extensionSchemasOf,
  RESOURCE_TYPE_DEFINITIONS,
  type ScimResourceType,
} from './schema-registry';

/** Whether the body creates a resource (POST) or replaces one (PUT). */
export type NormalizeMode = 'create' | 'replace';

/**
 * Validates a POST or PUT body for a User or Group and returns the document to
 * store: canonical attribute names, extension attributes under their URN,
 * booleans and dateTimes in stored form, and `schemas` listing the core URN
 * plus each extension URN that has data.
 *
 * Left out of the result: unknown attributes and schema URNs, readOnly
 * attributes (id, meta, groups, members.display, manager.displayName and
 * manager.$ref), password, nulls, empty arrays and empty objects.
 *
 * `mode` does not change the result. readOnly values are ignored in both
 * modes (RFC 7644 sections 3.3 and 3.5.1), and checking immutable values on
 * PUT needs the stored resource, which the caller has.
 *
 * Throws ScimError invalidSyntax when the body is not a JSON object or gives
 * an attribute twice. Throws invalidValue when `schemas` lacks the core URN,
 * a value has the wrong type, a required attribute is missing or empty, or
 * more than one value of a multi-valued attribute is primary.
 */
export function normalizeResource(
  body: unknown,
  resourceType: ScimResourceType,
  mode: NormalizeMode,
): JsonObject {
  if (!isJsonObject(body)) {
    throw ScimError.invalidSyntax(
      `The ${resourceType} ${mode} request body must be a JSON object; got ${describeValue(body)}`,
    );
  }
  const coreSchema = RESOURCE_TYPE_DEFINITIONS[resourceType].schema;
  checkSchemasAttribute(body, coreSchema.id);

  const received = collectReceivedValues(body, resourceType);
  const schemas = [coreSchema.id];
  const document: JsonObject = { schemas };
  const coreValues = received.get(coreSchema.id);
  Object.assign(document, normalizeAttributes(coreAttributesOf(resourceType), coreValues, ''));

  for (const extension of extensionSchemasOf(resourceType)) {
    const prefix = `${extension.id}:`;
    const values = normalizeAttributes(extension.attributes, received.get(extension.id), prefix);
    if (Object.keys(values).length > 0) {
      document[extension.id] = values;
      schemas.push(extension.id);
    }
  }
  return document;
}

// Long enough to show two full schema URNs in an error message.
const MAX_SCHEMAS_LENGTH = 200;

// RFC 7644 section 3.3 requires "schemas" in every body. A body without it is
// accepted, because several clients omit it on PUT. A list without the core
// URN is rejected: it usually means a resource sent to the wrong endpoint.
// Other URNs in the list, such as Entra ID's own Group schema, are ignored.
function checkSchemasAttribute(body: JsonObject, coreUrn: string): void {
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'schemas');
  const value = key === undefined ? undefined : body[key];
  if (value === undefined || value === null) return;

  const urns = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(urns) || !urns.every((urn) => typeof urn === 'string')) {
    throw ScimError.invalidValue(
      `schemas must be an array of schema URN strings; got ${describeValue(value)}`,
    );
  }
  const lowerCoreUrn = coreUrn.toLowerCase();
  if (!urns.some((urn: string) => urn.toLowerCase() === lowerCoreUrn)) {
    const received = describeValue(urns, MAX_SCHEMAS_LENGTH);
    throw ScimError.invalidValue(`schemas must contain ${coreUrn}; got ${received}`);
  }
}

/**
 * Normalizes the received values of one schema's attributes, in the order of
 * the definitions, and checks required attributes. `pathPrefix` is the
 * extension URN plus colon, or empty for core attributes.
 */
function normalizeAttributes(
  attributes: readonly AttributeDefinition[],
  received: Map<string, ReceivedValue> | undefined,
  pathPrefix: string,
): JsonObject {
  const normalized: JsonObject = {};
  for (const attribute of attributes) {
    const path = `${pathPrefix}${attribute.name}`;
    const receivedValue = received?.get(attribute.name);
    const value =
      receivedValue === undefined || !keepsClientValue(attribute)
        ? undefined
        : normalizeAttributeValue(attribute, receivedValue.value, path);

    checkRequiredValue(attribute, value, path);
    if (value !== undefined) normalized[attribute.name] = value;
  }
  return normalized;
}
