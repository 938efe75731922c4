import { ScimError } from '../scim-error';
import type { AttributeDefinition, SchemaDefinition } from './attribute-definition';
import { describeValue, isJsonObject, type JsonObject } from './json-value';
import {
  findSchemaByUrn,
  resolveAttributePath,
  type ResolvedAttributePath,
  type ScimResourceType,
} from './schema-registry';

/** The raw value a request body gives for one attribute, under its canonical name. */
export interface ReceivedValue {
  definition: AttributeDefinition;
  value: unknown;
  /** Locations in the body that the value came from, quoted for error messages. */
  sources: string[];
  /** Whether the value was assembled from `attr.sub` keys rather than sent whole. */
  isPartial: boolean;
}

/** Received values by schema URN, then by canonical attribute name. */
export type ReceivedValues = Map<string, Map<string, ReceivedValue>>;

/**
 * Groups the attributes of a request body by schema and canonical attribute
 * name, ignoring the case of names (RFC 7643 section 2.1). It accepts
 * extension attributes nested under the extension URN and as URN-prefixed
 * top-level keys, and `attr.sub` keys for singular complex attributes, which
 * Microsoft Entra ID sends in PATCH values. Unknown attributes and unknown
 * schema URNs are dropped. `schemas` is left to the caller.
 *
 * Throws invalidSyntax when the body gives an attribute twice, and
 * invalidValue when an extension key does not hold an object or an
 * `attr.sub` key names a sub-attribute of a multi-valued attribute.
 */
export function collectReceivedValues(
  body: JsonObject,
  resourceType: ScimResourceType,
): ReceivedValues {
  const received: ReceivedValues = new Map();
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;

    const namespace = findSchemaByUrn(resourceType, key);
    if (namespace === undefined) {
      addPathValue(received, resourceType, key, value, JSON.stringify(key));
    } else {
      addNamespaceObject(received, resourceType, namespace, value, key);
    }
  }
  return received;
}

function addNamespaceObject(
  received: ReceivedValues,
  resourceType: ScimResourceType,
  namespace: SchemaDefinition,
  value: unknown,
  key: string,
): void {
  // An absent extension and a null one both leave its attributes unassigned.
  if (value === null) return;
  if (!isJsonObject(value)) {
    throw ScimError.invalidValue(
      `${namespace.id} must be an object of the schema's attributes; got ${describeValue(value)}`,
    );
  }
  for (const [attributeKey, attributeValue] of Object.entries(value)) {
    const path = `${namespace.id}:${attributeKey}`;
    const source = `${JSON.stringify(attributeKey)} in ${JSON.stringify(key)}`;
    addPathValue(received, resourceType, path, attributeValue, source);
  }
}

function addPathValue(
  received: ReceivedValues,
  resourceType: ScimResourceType,
  path: string,
  value: unknown,
  source: string,
): void {
  const resolved = resolveAttributePath(resourceType, path);
  if (resolved === undefined) return;

  const incoming = toReceivedValue(resolved, value, source);
  const values = received.get(resolved.schemaUrn) ?? new Map<string, ReceivedValue>();
  received.set(resolved.schemaUrn, values);

  const existing = values.get(resolved.attribute.name);
  const attributePath = resolved.isExtension
    ? `${resolved.schemaUrn}:${resolved.attribute.name}`
    : resolved.attribute.name;
  values.set(
    resolved.attribute.name,
    existing === undefined ? incoming : mergeReceivedValues(existing, incoming, attributePath),
  );
}

function toReceivedValue(
  resolved: ResolvedAttributePath,
  value: unknown,
  source: string,
): ReceivedValue {
  const { attribute, subAttribute } = resolved;
  if (subAttribute === undefined) {
    return { definition: attribute, value, sources: [source], isPartial: false };
  }
  if (attribute.multiValued) {
    throw ScimError.invalidValue(
      `${source} sets a sub-attribute of the multi-valued attribute ${attribute.name}; ` +
        `send ${attribute.name} as an array of objects`,
    );
  }
  return {
    definition: attribute,
    value: { [subAttribute.name]: value },
    sources: [source],
    isPartial: true,
  };
}

// `name` sent whole and `name.givenName` sent apart merge into one object,
// unless both give the same sub-attribute. Any other repeat is an error.
function mergeReceivedValues(
  existing: ReceivedValue,
  incoming: ReceivedValue,
  path: string,
): ReceivedValue {
  const sources = [...existing.sources, ...incoming.sources];
  const existingObject = existing.value;
  const incomingObject = incoming.value;
  const eitherIsPartial = existing.isPartial || incoming.isPartial;
  if (!eitherIsPartial || !isJsonObject(existingObject) || !isJsonObject(incomingObject)) {
    throw givenTwice(path, sources);
  }

  const merged: JsonObject = { ...existingObject };
  const mergedKeys = new Set(Object.keys(merged).map((key) => key.toLowerCase()));
  for (const [key, value] of Object.entries(incomingObject)) {
    if (mergedKeys.has(key.toLowerCase())) throw givenTwice(`${path}.${key}`, sources);
    merged[key] = value;
  }
  return { definition: existing.definition, value: merged, sources, isPartial: true };
}

function givenTwice(path: string, sources: string[]): ScimError {
  return ScimError.invalidSyntax(`${path} is given more than once, as ${sources.join(' and ')}`);
}
