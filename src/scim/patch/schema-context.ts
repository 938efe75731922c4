import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { COMMON_ATTRIBUTES } from '../schema/common-attributes';
import { findAttribute, findSubAttribute } from '../schema/schema-registry';

/** The schemas of the resource type a PATCH applies to. */
export interface PatchSchemaContext {
  /** Core schema, whose attributes are top-level members of the document. */
  schema: SchemaDefinition;
  /** Schema extensions, whose attributes are stored in an object under the extension URN. */
  extensions?: readonly SchemaDefinition[];
}

/** An attribute name resolved against the schemas, in the canonical case of its definition. */
export interface ResolvedAttribute {
  kind: 'attribute';
  /** URN of the extension that stores the attribute, or undefined for a core attribute. */
  extensionUrn?: string;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
}

/** A bare extension URN, which names the extension's whole object. */
export interface ResolvedExtension {
  kind: 'extension';
  extensionUrn: string;
}

/**
 * Resolves `name`, `name.sub`, `urn:...:name`, `urn:...:name.sub` or a bare
 * extension URN, ignoring case (RFC 7643 section 2.1). Returns undefined when
 * the schemas define no such attribute.
 */
export function resolveAttributeName(
  fullName: string,
  context: PatchSchemaContext,
): ResolvedAttribute | ResolvedExtension | undefined {
  const scope = splitSchemaUrn(fullName, context);
  if (scope === undefined) return undefined;

  if (scope.localName === '') {
    return scope.extensionUrn === undefined
      ? undefined
      : { kind: 'extension', extensionUrn: scope.extensionUrn };
  }

  const [attributeName, subAttributeName, ...rest] = scope.localName.split('.');
  if (rest.length > 0) return undefined;

  const attribute = findAttribute(scope.attributes, attributeName);
  if (attribute === undefined) return undefined;

  const resolved: ResolvedAttribute = { kind: 'attribute', attribute };
  if (scope.extensionUrn !== undefined) resolved.extensionUrn = scope.extensionUrn;
  if (subAttributeName === undefined) return resolved;

  const subAttribute = findSubAttribute(attribute, subAttributeName);
  if (subAttribute === undefined) return undefined;
  resolved.subAttribute = subAttribute;
  return resolved;
}

/**
 * Tells whether a name starts with a schema URN that none of the resource's
 * schemas has, such as an identity provider's custom extension.
 */
export function namesUnknownSchema(fullName: string, context: PatchSchemaContext): boolean {
  return (
    fullName.toLowerCase().startsWith('urn:') && splitSchemaUrn(fullName, context) === undefined
  );
}

/** Returns the attributes of an extension schema, or an empty list for an unknown URN. */
export function extensionAttributes(
  extensionUrn: string,
  context: PatchSchemaContext,
): readonly AttributeDefinition[] {
  return context.extensions?.find((extension) => extension.id === extensionUrn)?.attributes ?? [];
}

interface SchemaScope {
  extensionUrn?: string;
  attributes: readonly AttributeDefinition[];
  /** The name after the URN prefix, which is empty when the name is the URN itself. */
  localName: string;
}

// Picks the longest schema URN that prefixes the name, so that a URN which
// extends another one's text still resolves to its own schema.
function splitSchemaUrn(fullName: string, context: PatchSchemaContext): SchemaScope | undefined {
  const coreScope: SchemaScope = {
    attributes: coreAttributes(context.schema),
    localName: fullName,
  };
  if (!fullName.toLowerCase().startsWith('urn:')) return coreScope;

  const candidates = [context.schema, ...(context.extensions ?? [])]
    .filter((schema) => hasUrnPrefix(fullName, schema.id))
    .sort((left, right) => right.id.length - left.id.length);
  const schema = candidates[0];
  if (schema === undefined) return undefined;

  const localName = fullName.slice(schema.id.length + 1);
  if (schema === context.schema) return { ...coreScope, localName };
  return { extensionUrn: schema.id, attributes: schema.attributes, localName };
}

function hasUrnPrefix(fullName: string, urn: string): boolean {
  const name = fullName.toLowerCase();
  const prefix = urn.toLowerCase();
  return name === prefix || name.startsWith(`${prefix}:`);
}

// Common attributes (id, externalId, meta) are stored at the top level like
// core attributes. A core attribute of the same name takes precedence.
function coreAttributes(schema: SchemaDefinition): readonly AttributeDefinition[] {
  const missingCommon = COMMON_ATTRIBUTES.filter(
    (common) => findAttribute(schema.attributes, common.name) === undefined,
  );
  return [...schema.attributes, ...missingCommon];
}
