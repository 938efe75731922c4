// A high surrogate without a low one after it, or a low surrogate without a high one before it.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Returns whether `text` contains U+0000 or an unpaired UTF-16 surrogate. PostgreSQL
 * text cannot store U+0000, and its jsonb type rejects the `\u0000` and
 * unpaired `\uD800` escapes that JSON.stringify writes for them, so one such
 * value in a member's JSON document would make every filter over that
 * document fail. Both engines reject these values, so they behave alike.
 */
export function containsUnstorableCharacter(text: string): boolean {
  return text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);
}
