import { ScimError } from '../scim-error';
import { AttributeOperation, AttributeTarget, attributeName } from './attribute-operation';
import { AttributeContainer, readElements, storeAttribute } from './attribute-store';
import {
  mergeComplexValue,
  replaceComplexValue,
  SubAttributePatch,
  toSubAttributePatch,
} from './complex-value';
import { elementFromFilter, matchesElement } from './element-filter';
import { isPlainObject } from './plain-object';
import { enforceSinglePrimary } from './primary-value';

/**
 * Applies an operation on selected elements of a multi-valued attribute:
 * `emails[type eq "work"]`, `emails[type eq "work"].value`, or `emails.type`,
 * which selects every element.
 */
export function applyToElements(
  container: AttributeContainer,
  operation: AttributeOperation,
): void {
  const { op, value, target } = operation;
  const removes = op === 'remove' || value === null;
  if (target.attribute.type !== 'complex' && !removes) {
    throw ScimError.invalidPath(
      `Path "${target.path}" selects values of the simple attribute "${target.attribute.name}", ` +
        'which supports only remove. Use the path without a filter to add or replace values.',
    );
  }

  const elements = readElements(container, target.attribute);
  const matched = elements.map((element) => isSelected(target, element));

  if (removes) {
    removeFromElements(container, target, elements, matched);
  } else if (matched.includes(true)) {
    updateElements(container, operation, elements, matched);
  } else {
    addElement(container, operation, elements);
  }
}

function isSelected(target: AttributeTarget, element: unknown): boolean {
  return target.filter === undefined || matchesElement(target.filter, element, target.attribute);
}

// RFC 7644 section 3.5.2.2: remove the matching elements, or the sub-attribute
// from each matching element. A filter that matches nothing changes nothing.
function removeFromElements(
  container: AttributeContainer,
  target: AttributeTarget,
  elements: unknown[],
  matched: boolean[],
): void {
  if (!matched.includes(true)) return;
  const { attribute, subAttribute, path } = target;

  if (subAttribute === undefined) {
    const remaining = elements.filter((_, index) => !matched[index]);
    storeAttribute(container, attribute, remaining, path);
    return;
  }

  const next = elements
    .map((element, index) => (matched[index] ? withoutSubAttribute(target, element) : element))
    .filter((element) => element !== undefined);
  storeAttribute(container, attribute, next, path);
}

/** Returns the element without the target's sub-attribute, or undefined when nothing remains. */
function withoutSubAttribute(target: AttributeTarget, element: unknown): unknown {
  const subAttribute = target.subAttribute;
  if (
    subAttribute === undefined ||
    !isPlainObject(element) ||
    element[subAttribute.name] === undefined
  ) {
    return element;
  }
  const patch = { [subAttribute.name]: null };
  return mergeComplexValue(target.attribute, element, patch, attributeName(target));
}

// RFC 7644 section 3.5.2.3: replace through a value filter replaces each
// matching element, while add merges the value into it.
function updateElements(
  container: AttributeContainer,
  operation: AttributeOperation,
  elements: unknown[],
  matched: boolean[],
): void {
  const { op, target } = operation;
  const patch = elementPatch(operation);
  const name = attributeName(target);

  const written: unknown[] = [];
  const next = elements.map((element, index) => {
    if (!matched[index]) return element;
    const current = isPlainObject(element) ? element : undefined;
    const updated =
      op === 'replace' && target.subAttribute === undefined
        ? replaceComplexValue(target.attribute, current, patch, name)
        : mergeComplexValue(target.attribute, current, patch, name);
    written.push(updated);
    return updated;
  });

  const remaining = next.filter((element) => element !== undefined);
  enforceSinglePrimary(target.attribute, remaining, written, target.path);
  storeAttribute(container, target.attribute, remaining, target.path);
}

/**
 * Creates the element that a filter path matched nothing for, from the
 * filter's equality conditions plus the value: add `emails[type eq "work"].value`
 * with no work email adds `{ type: "work", value }`.
 */
function addElement(
  container: AttributeContainer,
  operation: AttributeOperation,
  elements: unknown[],
): void {
  const { op, target } = operation;
  const { attribute, filter, path } = target;

  // RFC 7644 section 3.5.2.3 requires noTarget when a replace filter matches
  // no element. When the attribute has no elements at all, replace acts as add,
  // as it does for any unassigned attribute: Entra ID sends replace
  // `emails[type eq "work"].value` for users that have no emails.
  if (op === 'replace' && elements.length > 0) {
    throw ScimError.noTarget(
      `No value of "${attribute.name}" matches path "${path}", so there is nothing to replace.`,
    );
  }

  const template = filter === undefined ? {} : elementFromFilter(filter);
  if (template === undefined) {
    throw ScimError.noTarget(
      `No value of "${attribute.name}" matches path "${path}", and a new value can only be created ` +
        'from a filter of "eq" comparisons joined by "and".',
    );
  }

  const element = replaceComplexValue(
    attribute,
    undefined,
    { ...template, ...elementPatch(operation) },
    attributeName(target),
  );
  if (element === undefined) return;

  const next = [...elements, element];
  enforceSinglePrimary(attribute, next, [element], path);
  storeAttribute(container, attribute, next, path);
}

function elementPatch(operation: AttributeOperation): SubAttributePatch {
  const { value, target } = operation;
  if (target.subAttribute !== undefined) return { [target.subAttribute.name]: value };
  return toSubAttributePatch(target.attribute, value, attributeName(target));
}
