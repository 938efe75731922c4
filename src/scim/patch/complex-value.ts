import type { AttributeDefinition } from '../schema/attribute-definition';
import { normalizeAttributeValue } from '../schema/attribute-value';
import { findSubAttribute } from '../schema/schema-registry';
import { ScimError } from '../scim-error';
import { isPresent } from './element-filter';
import { assertImmutableUnchanged, assertNotRequired } from './mutability';
import { isPlainObject } from './plain-object';

/** Sub-attribute values keyed by canonical name, where null unassigns the sub-attribute. */
export type SubAttributePatch = Record<string, unknown>;

/**
 * Converts a client value for a complex attribute to a patch keyed by
 * canonical sub-attribute names. Unknown sub-attributes are dropped. A bare
 * simple value becomes `{ value }`, because Entra ID sends the manager as a
 * plain id. Throws ScimError invalidValue for an array or for a bare value
 * when the attribute has no `value` sub-attribute.
 */
export function toSubAttributePatch(
  attribute: AttributeDefinition,
  raw: unknown,
  path: string,
): SubAttributePatch {
  if (!isPlainObject(raw)) {
    const valueSubAttribute = findSubAttribute(attribute, 'value');
    if (valueSubAttribute === undefined || Array.isArray(raw) || typeof raw === 'object') {
      throw ScimError.invalidValue(
        `${path} must be an object of sub-attributes of "${attribute.name}".`,
      );
    }
    return { [valueSubAttribute.name]: raw };
  }

  const patch: SubAttributePatch = {};
  for (const [key, value] of Object.entries(raw)) {
    const subAttribute = findSubAttribute(attribute, key);
    if (subAttribute === undefined) continue;
    if (subAttribute.name in patch) {
      throw ScimError.invalidSyntax(
        `${path} names sub-attribute "${subAttribute.name}" twice, in different case.`,
      );
    }
    patch[subAttribute.name] = value;
  }
  return patch;
}

/**
 * Merges a patch into a complex value and returns the stored result, or
 * undefined when no sub-attribute remains. Sub-attributes missing from the
 * patch stay unchanged, as RFC 7644 section 3.5.2.3 requires for a complex
 * target. Throws ScimError mutability when the patch unassigns a required
 * sub-attribute or changes an immutable one that has a value.
 */
export function mergeComplexValue(
  attribute: AttributeDefinition,
  current: Record<string, unknown> | undefined,
  patch: SubAttributePatch,
  path: string,
): Record<string, unknown> | undefined {
  const candidate = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value !== null) {
      candidate[name] = value;
      continue;
    }
    const subAttribute = findSubAttribute(attribute, name);
    if (subAttribute !== undefined && isPresent(candidate[name])) {
      assertNotRequired(subAttribute, path);
    }
    delete candidate[name];
  }
  return normalizeComplexValue(attribute, current, candidate, path);
}

/**
 * Replaces a complex value and returns the stored result, or undefined when
 * the replacement has no sub-attributes. Throws ScimError mutability when an
 * immutable sub-attribute that has a value would change.
 */
export function replaceComplexValue(
  attribute: AttributeDefinition,
  current: Record<string, unknown> | undefined,
  replacement: SubAttributePatch,
  path: string,
): Record<string, unknown> | undefined {
  const candidate = Object.fromEntries(
    Object.entries(replacement).filter(([, value]) => value !== null),
  );
  return normalizeComplexValue(attribute, current, candidate, path);
}

// Normalizes the candidate as POST and PUT do, which drops readOnly
// sub-attributes. Their current values are kept, because the service sets them.
// NOTE: a kept value can be stale, such as manager.displayName after
// manager.value changes, so the caller must recompute derived readOnly values.
function normalizeComplexValue(
  attribute: AttributeDefinition,
  current: Record<string, unknown> | undefined,
  candidate: Record<string, unknown>,
  path: string,
): Record<string, unknown> | undefined {
  const singleValued = { ...attribute, multiValued: false };
  const normalizedValue = normalizeAttributeValue(singleValued, candidate, path);
  const normalized = isPlainObject(normalizedValue) ? normalizedValue : undefined;

  for (const subAttribute of attribute.subAttributes ?? []) {
    const name = subAttribute.name;
    if (
      normalized !== undefined &&
      subAttribute.mutability === 'readOnly' &&
      current?.[name] !== undefined
    ) {
      normalized[name] = current[name];
    }
    assertImmutableUnchanged(subAttribute, current?.[name], normalized?.[name], path);
  }
  return normalized;
}
