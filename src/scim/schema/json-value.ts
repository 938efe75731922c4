/** A JSON object: not null, not an array. */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DEFAULT_MAX_LENGTH = 40;

/**
 * Formats a received value for an error message as JSON. A string longer than
 * `maxLength` characters, or another value whose JSON is longer, is cut and
 * ends in "…", so that a large body cannot flood the message.
 */
export function describeValue(value: unknown, maxLength = DEFAULT_MAX_LENGTH): string {
  if (typeof value === 'string') {
    const cut = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
    return JSON.stringify(cut);
  }

  const json = JSON.stringify(value) ?? String(value);
  return json.length > maxLength ? `${json.slice(0, maxLength)}…` : json;
}
