import type { AttributeDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import { isPlainObject } from './plain-object';
import { findSubAttribute } from '../schema/schema-registry';

/**
 * Keeps `primary: true` on at most one element of a multi-valued attribute
 * (RFC 7643 section 2.4). When the operation wrote one primary element,
 * `primary` is set to false on every other element of `elements`, in place.
 * Throws ScimError invalidValue when the operation wrote more than one.
 */
export function enforceSinglePrimary(
  attribute: AttributeDefinition,
  elements: unknown[],
  writtenElements: readonly unknown[],
  path: string,
): void {
  const primary = findSubAttribute(attribute, 'primary');
  if (primary === undefined) return;

  const writtenPrimaries = writtenElements.filter((element) => isPrimary(element, primary.name));
  if (writtenPrimaries.length > 1) {
    throw ScimError.invalidValue(
      `"${path}" sets "${primary.name}" to true on ${writtenPrimaries.length} values, but at most one value may be primary.`,
    );
  }
  if (writtenPrimaries.length === 0) return;

  elements.forEach((element, index) => {
    if (
      element !== writtenPrimaries[0] &&
      isPrimary(element, primary.name) &&
      isPlainObject(element)
    ) {
      elements[index] = { ...element, [primary.name]: false };
    }
  });
}

function isPrimary(element: unknown, primaryName: string): boolean {
  return isPlainObject(element) && element[primaryName] === true;
}
