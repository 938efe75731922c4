import type { AttributeReference, FilterNode, PatchPath } from '../filter/filter-ast';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import { normalizeElementFilter } from './element-filter';
import type { PatchOperationType } from './patch-operation';
import { findSubAttribute } from '../schema/schema-registry';
import { PatchSchemaContext, resolveAttributeName } from './schema-context';

/** The attribute, and optionally the elements and sub-attribute, that one operation modifies. */
export interface AttributeTarget {
  /** URN of the extension that stores the attribute, or undefined for a core attribute. */
  extensionUrn?: string;
  attribute: AttributeDefinition;
  /** Value filter selecting elements of a multi-valued attribute, with canonical sub-attribute names. */
  filter?: FilterNode;
  subAttribute?: AttributeDefinition;
  /** The path or value-object key as the client sent it, quoted in error messages. */
  path: string;
}

/** A bare extension URN as path, which targets the extension's whole object. */
export interface ExtensionTarget {
  extensionUrn: string;
  path: string;
}

/** An operation on one attribute, after a value object without path has been split into its attributes. */
export interface AttributeOperation {
  op: PatchOperationType;
  target: AttributeTarget;
  /** The client's value, or undefined when it sent none. */
  value: unknown;
  /** Whether the target is a key of a value object rather than an explicit path. */
  fromValueObject: boolean;
}

/**
 * Returns the attribute's canonical name, with the extension URN for an
 * extension attribute, for messages about the values sent for it.
 */
export function attributeName(target: AttributeTarget): string {
  return target.extensionUrn === undefined
    ? target.attribute.name
    : `${target.extensionUrn}:${target.attribute.name}`;
}

/**
 * Resolves a parsed path against the schemas. Throws ScimError invalidPath
 * when the schemas define no such attribute, because a client that names an
 * attribute explicitly should learn that the service does not store it.
 */
export function resolvePatchPath(
  path: PatchPath,
  pathText: string,
  context: PatchSchemaContext,
): AttributeTarget | ExtensionTarget {
  const resolved = resolveAttributeName(referenceName(path.attribute), context);
  if (resolved === undefined) {
    throw ScimError.invalidPath(
      `Path "${pathText}" names an attribute that the resource schemas do not define.`,
    );
  }

  if (resolved.kind === 'extension') {
    if (path.filter !== undefined || path.subAttribute !== undefined) {
      throw ScimError.invalidPath(
        `Path "${pathText}" applies a filter or sub-attribute to a schema URN.`,
      );
    }
    return { extensionUrn: resolved.extensionUrn, path: pathText };
  }

  const target: AttributeTarget = { attribute: resolved.attribute, path: pathText };
  if (resolved.extensionUrn !== undefined) target.extensionUrn = resolved.extensionUrn;
  if (resolved.subAttribute !== undefined) target.subAttribute = resolved.subAttribute;

  if (path.filter !== undefined) {
    if (!resolved.attribute.multiValued) {
      throw ScimError.invalidPath(
        `Path "${pathText}" filters "${resolved.attribute.name}", which is not multi-valued; ` +
          'value filters apply to multi-valued attributes only.',
      );
    }
    target.filter = normalizeElementFilter(path.filter, resolved.attribute, pathText);
  }
  if (path.subAttribute !== undefined) {
    target.subAttribute = resolveSubAttributeAfterFilter(target, path.subAttribute, pathText);
  }
  return target;
}

/** Returns the attribute path of a parsed path as text: `urn:...:attr.sub` without its filter. */
export function referenceName(reference: AttributeReference): string {
  const schemaPrefix = reference.schema === undefined ? '' : `${reference.schema}:`;
  const subAttributeSuffix =
    reference.subAttribute === undefined ? '' : `.${reference.subAttribute}`;
  return `${schemaPrefix}${reference.attribute}${subAttributeSuffix}`;
}

function resolveSubAttributeAfterFilter(
  target: AttributeTarget,
  name: string,
  pathText: string,
): AttributeDefinition {
  if (target.subAttribute !== undefined) {
    throw ScimError.invalidPath(
      `Path "${pathText}" names two sub-attributes; expected attr[filter].subAttribute.`,
    );
  }
  const subAttribute = findSubAttribute(target.attribute, name);
  if (subAttribute === undefined) {
    throw ScimError.invalidPath(
      `Path "${pathText}" names "${name}", which is not a sub-attribute of "${target.attribute.name}".`,
    );
  }
  return subAttribute;
}
