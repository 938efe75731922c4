import { AttributeOperation, attributeName } from './attribute-operation';
import { AttributeContainer, storeAttribute } from './attribute-store';
import { mergeComplexValue } from './complex-value';
import { isPlainObject } from './plain-object';

/**
 * Applies an operation on a sub-attribute of a single-valued complex
 * attribute, such as `name.givenName`, as a merge of that one sub-attribute.
 */
export function applyToSubAttribute(
  container: AttributeContainer,
  operation: AttributeOperation,
): void {
  const { op, value, target } = operation;
  const { attribute, subAttribute, path } = target;
  if (subAttribute === undefined) return;

  const stored = container[attribute.name];
  const current = isPlainObject(stored) ? stored : undefined;
  const subValue = op === 'remove' ? null : value;
  if (subValue === null && current?.[subAttribute.name] === undefined) return;

  const merged = mergeComplexValue(
    attribute,
    current,
    { [subAttribute.name]: subValue },
    attributeName(target),
  );
  storeAttribute(container, attribute, merged, path);
}
