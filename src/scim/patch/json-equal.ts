import { isPlainObject } from './plain-object';

/**
 * Returns whether two JSON values are equal: same primitives, arrays equal
 * element by element, objects with equal members in any key order. Unlike
 * util.isDeepStrictEqual it ignores prototypes, which differ for objects
 * that structuredClone returns under jest.
 */
export function isJsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left instanceof Date && right instanceof Date) return left.getTime() === right.getTime();

  if (Array.isArray(left) && Array.isArray(right)) {
    return (
      left.length === right.length && left.every((item, index) => isJsonEqual(item, right[index]))
    );
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return false;
    return leftKeys.every((key) => key in right && isJsonEqual(left[key], right[key]));
  }
  return false;
}
