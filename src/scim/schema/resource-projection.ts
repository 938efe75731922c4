import type { AttributeDefinition } from './attribute-definition';
import { isJsonObject, type JsonObject } from './json-value';
import {
  coreAttributesOf,
  extensionSchemasOf,
  findSchemaByUrn,
  RESOURCE_TYPE_DEFINITIONS,
  resolveAttributePath,
  type ScimResourceType,
} from './schema-registry';

/** The `attributes` and `excludedAttributes` query parameters of RFC 7644 section 3.4.2.5. */
export interface ProjectionOptions {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** Sub-attributes that a list selects: all of them, or the named ones. */
type SubAttributeSelection = 'all' | Set<string>;

/** The attributes that an `attributes` or `excludedAttributes` list names. */
interface AttributeSelection {
  /** Schema URNs named whole, which select every attribute of the schema. */
  schemas: Set<string>;
  /** Selections keyed by schema URN and canonical attribute name, see selectionKey. */
  attributes: Map<string, SubAttributeSelection>;
}

/**
 * Returns the representation of a stored resource that a response carries,
 * applying the `returned` characteristic of RFC 7643 section 2.2 and the
 * `attributes` and `excludedAttributes` lists of RFC 7644 section 3.4.2.5.
 *
 * id and schemas are always returned, and password never is. Without
 * `attributes`, attributes returned by default are included. With it, only
 * the named attributes and those returned always are. Names in both lists
 * match case-insensitively and may be sub-attribute paths (`name.givenName`,
 * `meta.lastModified`), URN-prefixed (`urn:…:enterprise:2.0:User:department`)
 * or a whole schema URN. When both lists are given, both apply. Unknown
 * names are ignored, and so are stored keys that the schemas do not define.
 * `schemas` lists the core URN plus each extension URN with data left.
 */
export function projectResource(
  resource: JsonObject,
  resourceType: ScimResourceType,
  options: ProjectionOptions = {},
): JsonObject {
  const requested = parseSelection(resourceType, options.attributes);
  const excluded = parseSelection(resourceType, options.excludedAttributes);
  const coreUrn = RESOURCE_TYPE_DEFINITIONS[resourceType].schema.id;

  const schemas = [coreUrn];
  const projected: JsonObject = { schemas };
  const coreAttributes = coreAttributesOf(resourceType);
  Object.assign(
    projected,
    projectAttributes(coreAttributes, resource, coreUrn, requested, excluded),
  );

  for (const extension of extensionSchemasOf(resourceType)) {
    const stored = resource[extension.id];
    if (!isJsonObject(stored)) continue;

    const values = projectAttributes(
      extension.attributes,
      stored,
      extension.id,
      requested,
      excluded,
    );
    if (Object.keys(values).length > 0) {
      projected[extension.id] = values;
      schemas.push(extension.id);
    }
  }
  return projected;
}

function parseSelection(
  resourceType: ScimResourceType,
  names: readonly string[] | undefined,
): AttributeSelection | undefined {
  if (names === undefined || names.length === 0) return undefined;

  const selection: AttributeSelection = { schemas: new Set(), attributes: new Map() };
  for (const rawName of names) {
    const name = rawName.trim();
    const schema = findSchemaByUrn(resourceType, name);
    if (schema !== undefined) {
      selection.schemas.add(schema.id);
      continue;
    }

    const resolved = resolveAttributePath(resourceType, name);
    if (resolved === undefined) continue;

    const key = selectionKey(resolved.schemaUrn, resolved.attribute.name);
    const current = selection.attributes.get(key);
    if (resolved.subAttribute === undefined) {
      selection.attributes.set(key, 'all');
    } else if (current !== 'all') {
      const subAttributes = current ?? new Set<string>();
      subAttributes.add(resolved.subAttribute.name);
      selection.attributes.set(key, subAttributes);
    }
  }
  return selection;
}

function selectionKey(schemaUrn: string, attributeName: string): string {
  return `${schemaUrn}\n${attributeName}`;
}

function selectionOf(
  selection: AttributeSelection,
  schemaUrn: string,
  attributeName: string,
): SubAttributeSelection | undefined {
  if (selection.schemas.has(schemaUrn)) return 'all';
  return selection.attributes.get(selectionKey(schemaUrn, attributeName));
}

function projectAttributes(
  attributes: readonly AttributeDefinition[],
  stored: JsonObject,
  schemaUrn: string,
  requested: AttributeSelection | undefined,
  excluded: AttributeSelection | undefined,
): JsonObject {
  const projected: JsonObject = {};
  for (const attribute of attributes) {
    const value = stored[attribute.name];
    if (value === undefined || value === null) continue;

    const included = includedSubAttributes(attribute, schemaUrn, requested, excluded);
    if (included === undefined) continue;

    const excludedSubAttributes =
      excluded === undefined ? undefined : selectionOf(excluded, schemaUrn, attribute.name);
    const projectedValue = projectValue(attribute, value, included, excludedSubAttributes);
    if (projectedValue !== undefined) projected[attribute.name] = projectedValue;
  }
  return projected;
}

/**
 * Decides whether an attribute is returned, and with which sub-attributes.
 * Returns undefined when the attribute is left out.
 */
function includedSubAttributes(
  attribute: AttributeDefinition,
  schemaUrn: string,
  requested: AttributeSelection | undefined,
  excluded: AttributeSelection | undefined,
): SubAttributeSelection | undefined {
  if (attribute.returned === 'never') return undefined;
  if (attribute.returned === 'always') return 'all';
  if (excluded !== undefined && selectionOf(excluded, schemaUrn, attribute.name) === 'all') {
    return undefined;
  }
  if (requested !== undefined) return selectionOf(requested, schemaUrn, attribute.name);
  return attribute.returned === 'default' ? 'all' : undefined;
}

function projectValue(
  attribute: AttributeDefinition,
  value: unknown,
  included: SubAttributeSelection,
  excluded: SubAttributeSelection | undefined,
): unknown {
  if (attribute.type !== 'complex') return value;
  if (!attribute.multiValued) return projectComplexValue(attribute, value, included, excluded);
  if (!Array.isArray(value)) return undefined;

  const elements = value
    .map((element) => projectComplexValue(attribute, element, included, excluded))
    .filter((element) => element !== undefined);
  return elements.length === 0 ? undefined : elements;
}

function projectComplexValue(
  attribute: AttributeDefinition,
  value: unknown,
  included: SubAttributeSelection,
  excluded: SubAttributeSelection | undefined,
): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;

  const projected: JsonObject = {};
  for (const subAttribute of attribute.subAttributes ?? []) {
    const subValue = value[subAttribute.name];
    if (subValue === undefined || subValue === null) continue;
    if (isSubAttributeReturned(subAttribute, included, excluded))
      projected[subAttribute.name] = subValue;
  }
  return Object.keys(projected).length === 0 ? undefined : projected;
}

function isSubAttributeReturned(
  subAttribute: AttributeDefinition,
  included: SubAttributeSelection,
  excluded: SubAttributeSelection | undefined,
): boolean {
  if (subAttribute.returned === 'never') return false;
  if (subAttribute.returned === 'always') return true;
  if (excluded instanceof Set && excluded.has(subAttribute.name)) return false;
  if (included instanceof Set) return included.has(subAttribute.name);
  return subAttribute.returned === 'default';
}
