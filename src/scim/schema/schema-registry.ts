import type { AttributeDefinition, SchemaDefinition } from './attribute-definition';
import { COMMON_ATTRIBUTES } from './common-attributes';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user.schema';
import { GROUP_SCHEMA } from './group.schema';
import { USER_SCHEMA } from './user.schema';

export type ScimResourceType = 'User' | 'Group';

export interface SchemaExtensionUse {
  schema: SchemaDefinition;
  /** Whether every resource of the type must carry the extension (RFC 7643 section 6). */
  required: boolean;
}

/** A resource type as /ResourceTypes publishes it, with its schema definitions. */
export interface ResourceTypeDefinition {
  name: ScimResourceType;
  endpoint: string;
  description: string;
  schema: SchemaDefinition;
  extensions: readonly SchemaExtensionUse[];
}

export const RESOURCE_TYPE_DEFINITIONS: Readonly<Record<ScimResourceType, ResourceTypeDefinition>> =
  {
    User: {
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
    },
    Group: {
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: GROUP_SCHEMA,
      extensions: [],
    },
  };

/** Every schema that /Schemas publishes. */
export const PUBLISHED_SCHEMAS: readonly SchemaDefinition[] = [
  USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
];

/**
 * An attribute path resolved against the schemas of a resource type.
 * Common attributes (id, externalId, meta) resolve as core attributes.
 */
export interface ResolvedAttributePath {
  /** URN of the schema that defines the attribute. */
  schemaUrn: string;
  /** Whether the attribute belongs to an extension, so it is stored under `schemaUrn`. */
  isExtension: boolean;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
  /**
   * The path in canonical case: `name.givenName` for core attributes, or
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`
   * for extension attributes.
   */
  path: string;
}

/**
 * An attribute reference split into parts, like the filter parser's
 * AttributeReference: an optional schema URN, an attribute name and an
 * optional sub-attribute name, in any case.
 */
export interface AttributePathParts {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

/** Returns the schema definitions (core first, then extensions) of a resource type. */
export function schemasOf(resourceType: ScimResourceType): SchemaDefinition[] {
  const definition = RESOURCE_TYPE_DEFINITIONS[resourceType];
  return [definition.schema, ...definition.extensions.map((extension) => extension.schema)];
}

/** Returns the extension schemas of a resource type. */
export function extensionSchemasOf(resourceType: ScimResourceType): SchemaDefinition[] {
  return RESOURCE_TYPE_DEFINITIONS[resourceType].extensions.map((extension) => extension.schema);
}

/** Returns the attributes stored at the top level of a resource: common attributes, then core ones. */
export function coreAttributesOf(resourceType: ScimResourceType): AttributeDefinition[] {
  return [...COMMON_ATTRIBUTES, ...RESOURCE_TYPE_DEFINITIONS[resourceType].schema.attributes];
}

/**
 * Finds the schema of a resource type whose URN equals `urn`, ignoring case.
 * Schema URNs match case-insensitively because clients differ in how they
 * spell them, and no two SCIM URNs differ only in case.
 */
export function findSchemaByUrn(
  resourceType: ScimResourceType,
  urn: string,
): SchemaDefinition | undefined {
  const lowerUrn = urn.toLowerCase();
  return schemasOf(resourceType).find((schema) => schema.id.toLowerCase() === lowerUrn);
}

/** Finds an attribute by name, ignoring case (RFC 7643 section 2.1). */
export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const lowerName = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === lowerName);
}

/** Finds a sub-attribute of a complex attribute by name, ignoring case. */
export function findSubAttribute(
  attribute: AttributeDefinition,
  name: string,
): AttributeDefinition | undefined {
  return findAttribute(attribute.subAttributes ?? [], name);
}

/**
 * Splits `attr`, `attr.sub`, `urn:…:attr` or `urn:…:attr.sub` into parts. The
 * URN prefix is recognised only for the schemas of the resource type, because
 * URNs contain colons and dots of their own. Returns undefined for a bare URN,
 * a path with more than one dot, or a path with a filter in brackets.
 */
export function splitAttributePath(
  resourceType: ScimResourceType,
  path: string,
): AttributePathParts | undefined {
  const schema = findUrnPrefix(resourceType, path);
  const localPath = schema === undefined ? path : path.slice(schema.id.length + 1);
  if (localPath === '' || /[[\]\s]/.test(localPath)) return undefined;

  const [attribute, subAttribute, ...rest] = localPath.split('.');
  if (rest.length > 0 || attribute === '' || subAttribute === '') return undefined;

  const parts: AttributePathParts = { attribute };
  if (schema !== undefined) parts.schema = schema.id;
  if (subAttribute !== undefined) parts.subAttribute = subAttribute;
  return parts;
}

/**
 * Resolves an attribute path to its definitions and canonical spelling,
 * ignoring case: `userName`, `NAME.givenname`,
 * `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 * Extension attributes resolve only with their URN prefix (RFC 7644 section
 * 3.10). Returns undefined when the schemas define no such attribute.
 */
export function resolveAttributePath(
  resourceType: ScimResourceType,
  path: string,
): ResolvedAttributePath | undefined {
  const parts = splitAttributePath(resourceType, path);
  return parts === undefined ? undefined : resolveAttributeParts(resourceType, parts);
}

/** Resolves an attribute path that is already split into parts, ignoring case. */
export function resolveAttributeParts(
  resourceType: ScimResourceType,
  parts: AttributePathParts,
): ResolvedAttributePath | undefined {
  const coreSchema = RESOURCE_TYPE_DEFINITIONS[resourceType].schema;
  const schema =
    parts.schema === undefined ? coreSchema : findSchemaByUrn(resourceType, parts.schema);
  if (schema === undefined) return undefined;

  const isExtension = schema !== coreSchema;
  const attributes = isExtension ? schema.attributes : coreAttributesOf(resourceType);
  const attribute = findAttribute(attributes, parts.attribute);
  if (attribute === undefined) return undefined;

  const prefix = isExtension ? `${schema.id}:` : '';
  const resolved: ResolvedAttributePath = {
    schemaUrn: schema.id,
    isExtension,
    attribute,
    path: `${prefix}${attribute.name}`,
  };
  if (parts.subAttribute === undefined) return resolved;

  const subAttribute = findSubAttribute(attribute, parts.subAttribute);
  if (subAttribute === undefined) return undefined;
  resolved.subAttribute = subAttribute;
  resolved.path = `${resolved.path}.${subAttribute.name}`;
  return resolved;
}

function findUrnPrefix(resourceType: ScimResourceType, path: string): SchemaDefinition | undefined {
  const lowerPath = path.toLowerCase();
  return schemasOf(resourceType)
    .filter((schema) => lowerPath.startsWith(`${schema.id.toLowerCase()}:`))
    .sort((left, right) => right.id.length - left.id.length)[0];
}
