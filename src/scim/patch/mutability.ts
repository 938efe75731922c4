import { isJsonEqual } from './json-equal';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import { isPresent } from './element-filter';

/** Throws ScimError mutability for a readOnly attribute, which PATCH never modifies (RFC 7644 section 3.5.2). */
export function assertNotReadOnly(attribute: AttributeDefinition, path: string): void {
  if (attribute.mutability === 'readOnly') {
    throw ScimError.mutability(
      `Attribute "${attribute.name}" in "${path}" is readOnly and cannot be modified.`,
    );
  }
}

/**
 * Throws ScimError mutability when an immutable attribute that already has a
 * value would get a different one. RFC 7644 section 3.5.2 lets a client add a
 * value only when there was none, and a write of the same value changes nothing.
 */
export function assertImmutableUnchanged(
  attribute: AttributeDefinition,
  current: unknown,
  next: unknown,
  path: string,
): void {
  if (attribute.mutability !== 'immutable' || !isPresent(current)) return;
  if (isJsonEqual(current, next)) return;
  throw ScimError.mutability(
    `Attribute "${attribute.name}" in "${path}" is immutable and already has a value, so it cannot be changed.`,
  );
}

/** Throws ScimError mutability when a required attribute would become unassigned (RFC 7644 section 3.5.2). */
export function assertNotRequired(attribute: AttributeDefinition, path: string): void {
  if (attribute.required) {
    throw ScimError.mutability(
      `Attribute "${attribute.name}" in "${path}" is required and cannot be removed.`,
    );
  }
}
