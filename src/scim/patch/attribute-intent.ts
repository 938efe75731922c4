import type { FilterNode } from '../filter/filter-ast';
import { ScimError } from '../scim-error';
import type { AttributeOperation } from './attribute-operation';
import { normalizeValues, ScimValue } from './normalize-value';
import { assertNotReadOnly } from './mutability';

/** The attribute an intent applies to, in canonical case. */
interface AttributeIntentBase {
  attribute: string;
  /** URN of the extension that stores the attribute, or undefined for a core attribute. */
  extensionUrn?: string;
  /** The path or value-object key as the client sent it, for error messages and logs. */
  path: string;
}

/** Add these values, skipping those already present. */
export interface AddIntent extends AttributeIntentBase {
  kind: 'add';
  values: ScimValue[];
}

/** Replace all values with these. The list is never empty, because an empty list is a `clear`. */
export interface ReplaceIntent extends AttributeIntentBase {
  kind: 'replace';
  values: ScimValue[];
}

/** Remove the values that match a filter, such as `members[value eq "id"]`. */
export interface RemoveMatchingIntent extends AttributeIntentBase {
  kind: 'removeMatching';
  /** Filter with canonical sub-attribute names, to be matched against each value. */
  filter: FilterNode;
}

/** Remove these values and keep the rest. Complex values are identified by their `value` sub-attribute. */
export interface RemoveValuesIntent extends AttributeIntentBase {
  kind: 'removeValues';
  values: ScimValue[];
}

/** Remove all values. */
export interface ClearIntent extends AttributeIntentBase {
  kind: 'clear';
}

/** A normalized operation on a multi-valued attribute that a storage handler applies instead of the engine. */
export type AttributeIntent =
  AddIntent | ReplaceIntent | RemoveMatchingIntent | RemoveValuesIntent | ClearIntent;

/**
 * Converts an operation on a handled multi-valued attribute to an intent.
 * Returns undefined for an add of no values. Throws ScimError invalidPath
 * for path forms that a set-based store cannot apply: a sub-attribute path,
 * or add and replace through a value filter.
 */
export function toAttributeIntent(operation: AttributeOperation): AttributeIntent | undefined {
  const { op, value, target } = operation;
  const { attribute, path } = target;
  assertNotReadOnly(attribute, path);

  const base: AttributeIntentBase = { attribute: attribute.name, path };
  if (target.extensionUrn !== undefined) base.extensionUrn = target.extensionUrn;
  const removes = op === 'remove' || value === null;

  if (target.subAttribute !== undefined || (target.filter !== undefined && !removes)) {
    throw ScimError.invalidPath(
      `Path "${path}" is not supported for "${attribute.name}". Use "${attribute.name}" or an operation ` +
        `without path to add or replace values, and "${attribute.name}[filter]" only to remove them.`,
    );
  }

  if (target.filter !== undefined) {
    return { ...base, kind: 'removeMatching', filter: target.filter };
  }
  if (op === 'remove' && value !== undefined && value !== null) {
    return { ...base, kind: 'removeValues', values: normalizeValues(attribute, value, path) };
  }
  if (removes) return { ...base, kind: 'clear' };

  const values = normalizeValues(attribute, value, path);
  if (op === 'add') return values.length === 0 ? undefined : { ...base, kind: 'add', values };
  return values.length === 0 ? { ...base, kind: 'clear' } : { ...base, kind: 'replace', values };
}
