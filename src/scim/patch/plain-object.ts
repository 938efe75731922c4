/**
 * Returns whether `value` is a JSON object: not null, not an array, not a
 * Date. The check reads the object's tag rather than its prototype, because
 * structuredClone under jest returns objects of another realm.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}
