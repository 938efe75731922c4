import type { AttributeReference, FilterValue } from './filter-ast';
import { ScimError } from '../scim-error';
import { containsUnstorableCharacter } from '../../common/storable-text';

/** Kind of text that the scanner reads: a `filter` or `sortBy` query parameter, or a PATCH `path`. */
export type ScannedTextKind = 'filter' | 'path' | 'sortBy';

// RFC 7644 section 3.12 has no scimType for a bad sortBy; invalidValue is the closest.
const SYNTAX_ERRORS: Record<ScannedTextKind, (detail: string) => ScimError> = {
  filter: ScimError.invalidFilter,
  path: ScimError.invalidPath,
  sortBy: ScimError.invalidValue,
};

// RFC 7643 section 2.1: ATTRNAME = ALPHA *(nameChar). "$ref" is the one
// sub-attribute name outside that rule (RFC 7643 section 2.3.7).
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;
const SCHEMA_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9:._$-]+$/;
const PATH_CHARACTER = /[A-Za-z0-9:._$-]/;
const WORD_CHARACTER = /[A-Za-z0-9_$-]/;
const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Character-level reader of the filter grammar of RFC 7644 section 3.4.2.2.
 * Every error it raises is a ScimError that names the 1-based character
 * position and what was expected there.
 */
export class FilterScanner {
  position = 0;

  constructor(
    readonly text: string,
    readonly kind: ScannedTextKind,
  ) {}

  /** Builds the ScimError for a syntax error at the 0-based `position`. */
  syntaxError(expected: string, position = this.position, reason?: string): ScimError {
    let detail =
      `Invalid ${this.kind} at position ${position + 1}: ` +
      `expected ${expected}, found ${this.describeTextAt(position)}.`;
    if (reason !== undefined) detail += ` ${reason}`;
    return SYNTAX_ERRORS[this.kind](detail);
  }

  skipWhitespace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position])) {
      this.position += 1;
    }
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  peek(): string {
    return this.text[this.position] ?? '';
  }

  /** Consumes `character` when it is next, after optional whitespace. */
  tryConsume(character: string): boolean {
    this.skipWhitespace();
    if (this.peek() !== character) return false;
    this.position += 1;
    return true;
  }

  expectCharacter(character: string, expected: string): void {
    if (!this.tryConsume(character)) throw this.syntaxError(expected);
  }

  /**
   * Consumes `keyword` (case-insensitive) when it is the next whole word,
   * after optional whitespace.
   */
  tryKeyword(keyword: string): boolean {
    this.skipWhitespace();
    const end = this.position + keyword.length;
    const candidate = this.text.slice(this.position, end);
    if (candidate.toLowerCase() !== keyword || WORD_CHARACTER.test(this.text[end] ?? '')) {
      return false;
    }
    this.position = end;
    return true;
  }

  /** Returns the next whole word without consuming it, or '' when none follows. */
  peekWord(): string {
    this.skipWhitespace();
    let end = this.position;
    while (end < this.text.length && WORD_CHARACTER.test(this.text[end])) end += 1;
    return this.text.slice(this.position, end);
  }

  readWord(): string {
    const word = this.peekWord();
    this.position += word.length;
    return word;
  }

  /**
   * Reads `[URI ":"] ATTRNAME ["." ATTRNAME]`. The schema URN ends at the
   * last colon, because attribute names cannot contain one.
   */
  readAttributePath(): AttributeReference {
    this.skipWhitespace();
    const start = this.position;
    while (!this.atEnd() && PATH_CHARACTER.test(this.peek())) this.position += 1;
    const token = this.text.slice(start, this.position);
    if (token === '') throw this.syntaxError('an attribute name', start);

    const schemaEnd = token.lastIndexOf(':');
    const reference: AttributeReference = { attribute: '' };
    if (schemaEnd >= 0) {
      const schema = token.slice(0, schemaEnd);
      if (!SCHEMA_URI.test(schema)) {
        throw this.syntaxError(
          'a schema URN such as urn:ietf:params:scim:schemas:core:2.0:User',
          start,
        );
      }
      reference.schema = schema;
    }

    const names = token.slice(schemaEnd + 1).split('.');
    let nameStart = start + schemaEnd + 1;
    for (const [index, name] of names.entries()) {
      if (index > 1)
        throw this.syntaxError('at most one sub-attribute after the attribute name', nameStart - 1);
      if (!ATTRIBUTE_NAME.test(name)) {
        throw this.syntaxError(
          'an attribute name (a letter followed by letters, digits, "-" or "_")',
          nameStart,
        );
      }
      nameStart += name.length + 1;
    }
    reference.attribute = names[0];
    if (names.length === 2) reference.subAttribute = names[1];
    return reference;
  }

  /** Reads a comparison value: a JSON string or number, true, false or null. */
  readValue(): FilterValue {
    this.skipWhitespace();
    const first = this.peek();
    if (first === '"') return this.readString();
    if (first === '-' || (first >= '0' && first <= '9')) return this.readNumber();

    const start = this.position;
    const word = this.readWord().toLowerCase();
    // RFC 7644 spells the literals in lower case; other spellings are accepted.
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw this.syntaxError(
      'a comparison value (a JSON string, a number, true, false or null)',
      start,
    );
  }

  private readString(): string {
    const start = this.position;
    this.position += 1;
    const chunks: string[] = [];
    let chunkStart = this.position;

    while (!this.atEnd()) {
      const character = this.peek();
      if (character === '"') {
        chunks.push(this.text.slice(chunkStart, this.position));
        const value = chunks.join('');
        if (containsUnstorableCharacter(value)) {
          throw this.syntaxError('a string without \\u0000 or an unpaired surrogate escape', start);
        }
        this.position += 1;
        return value;
      }
      if (character < ' ') {
        throw this.syntaxError(
          'an escaped control character (\\n, \\t or \\uXXXX) inside the string',
        );
      }
      if (character === '\\') {
        chunks.push(this.text.slice(chunkStart, this.position));
        chunks.push(this.readEscape());
        chunkStart = this.position;
      } else {
        this.position += 1;
      }
    }
    throw this.syntaxError(`a closing '"' for the string that starts at position ${start + 1}`);
  }

  private readEscape(): string {
    const escapeStart = this.position;
    const letter = this.text[this.position + 1] ?? '';
    if (letter in SIMPLE_ESCAPES) {
      this.position += 2;
      return SIMPLE_ESCAPES[letter];
    }
    const hex = this.text.slice(this.position + 2, this.position + 6);
    if (letter === 'u' && /^[0-9A-Fa-f]{4}$/.test(hex)) {
      this.position += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    throw this.syntaxError(
      'a JSON escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u followed by 4 hex digits)',
      escapeStart,
    );
  }

  private readNumber(): number {
    const start = this.position;
    JSON_NUMBER.lastIndex = start;
    const match = JSON_NUMBER.exec(this.text);
    if (match === null) throw this.syntaxError('a JSON number such as 42, -1.5 or 2e3', start);

    this.position = start + match[0].length;
    if (WORD_CHARACTER.test(this.peek()) || this.peek() === '.') {
      throw this.syntaxError('a JSON number such as 42, -1.5 or 2e3', start);
    }
    const value = Number(match[0]);
    if (!Number.isFinite(value))
      throw this.syntaxError('a number within the range of a double', start);
    return value;
  }

  private describeTextAt(position: number): string {
    if (position >= this.text.length) return `the end of the ${this.kind}`;
    if (/\s/.test(this.text[position])) return 'whitespace';
    const rest = this.text.slice(position);
    const token = /^[^\s()[\]]+|^./.exec(rest)?.[0] ?? rest[0];
    return JSON.stringify(token.length > 30 ? `${token.slice(0, 30)}…` : token);
  }
}
