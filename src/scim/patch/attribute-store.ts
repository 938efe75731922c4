import type { AttributeDefinition } from '../schema/attribute-definition';
import { isPresent } from './element-filter';
import { assertImmutableUnchanged, assertNotRequired } from './mutability';
import type { ScimDocument } from './patch-operation';
import { isPlainObject } from './plain-object';

/** The object that stores an attribute: the document itself, or the object under an extension URN. */
export type AttributeContainer = Record<string, unknown>;

/** Returns the container for an extension URN, or a new empty one when the document has none yet. */
export function readContainer(
  document: ScimDocument,
  extensionUrn: string | undefined,
): AttributeContainer {
  if (extensionUrn === undefined) return document;
  const extension = document[extensionUrn];
  return isPlainObject(extension) ? extension : {};
}

/**
 * Stores an extension container back under its URN, or deletes it when it
 * is empty, and keeps the document's `schemas` list in step with it.
 */
export function writeContainer(
  document: ScimDocument,
  extensionUrn: string | undefined,
  container: AttributeContainer,
): void {
  if (extensionUrn === undefined) return;

  const hasAttributes = Object.keys(container).length > 0;
  if (hasAttributes) {
    document[extensionUrn] = container;
  } else {
    delete document[extensionUrn];
  }

  const schemas = document.schemas;
  if (!Array.isArray(schemas)) return;
  if (hasAttributes && !schemas.includes(extensionUrn)) {
    document.schemas = [...schemas, extensionUrn];
  } else if (!hasAttributes) {
    document.schemas = schemas.filter((schema) => schema !== extensionUrn);
  }
}

/** Returns a copy of the elements of a multi-valued attribute, or an empty list when it is unassigned. */
export function readElements(
  container: AttributeContainer,
  attribute: AttributeDefinition,
): unknown[] {
  const current = container[attribute.name];
  return Array.isArray(current) ? [...current] : [];
}

/** Stores a new value, or unassigns the attribute when the value is empty (RFC 7643 section 2.5). */
export function storeAttribute(
  container: AttributeContainer,
  attribute: AttributeDefinition,
  next: unknown,
  path: string,
): void {
  if (!isPresent(next)) {
    unassignAttribute(container, attribute, path);
    return;
  }
  assertImmutableUnchanged(attribute, container[attribute.name], next, path);
  container[attribute.name] = next;
}

/** Removes an attribute. Throws ScimError mutability when it is required or immutable and assigned. */
export function unassignAttribute(
  container: AttributeContainer,
  attribute: AttributeDefinition,
  path: string,
): void {
  const current = container[attribute.name];
  if (isPresent(current)) {
    assertNotRequired(attribute, path);
    assertImmutableUnchanged(attribute, current, undefined, path);
  }
  delete container[attribute.name];
}
