import { ScimError } from '../scim-error';
import type { AttributeDefinition } from './attribute-definition';
import { checkRequiredValue, keepsClientValue, normalizeAttributeValue } from './attribute-value';
import { defineAttribute } from './define-attribute';

function catchScimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

const STRING = defineAttribute({ name: 'title', type: 'string', description: 'Title.' });
const UNIQUE_STRING = defineAttribute({
  name: 'userName',
  type: 'string',
  description: 'Unique name.',
  uniqueness: 'server',
});
const BOOLEAN = defineAttribute({ name: 'active', type: 'boolean', description: 'Active.' });
const INTEGER = defineAttribute({ name: 'level', type: 'integer', description: 'Level.' });
const DECIMAL = defineAttribute({ name: 'ratio', type: 'decimal', description: 'Ratio.' });
const DATE_TIME = defineAttribute({ name: 'hiredAt', type: 'dateTime', description: 'Hire date.' });
const REFERENCE = defineAttribute({
  name: 'profileUrl',
  type: 'reference',
  description: 'Profile.',
});
const BINARY = defineAttribute({
  name: 'certificate',
  type: 'binary',
  description: 'Certificate.',
});

const EMAILS = defineAttribute({
  name: 'emails',
  type: 'complex',
  multiValued: true,
  description: 'Emails.',
  subAttributes: [
    defineAttribute({ name: 'value', type: 'string', description: 'Address.' }),
    defineAttribute({
      name: 'display',
      type: 'string',
      description: 'Display.',
      mutability: 'readOnly',
    }),
    defineAttribute({ name: 'primary', type: 'boolean', description: 'Primary.' }),
  ],
});

const MANAGER = defineAttribute({
  name: 'manager',
  type: 'complex',
  description: 'Manager.',
  subAttributes: [
    defineAttribute({ name: 'value', type: 'string', description: 'Id.', required: true }),
    defineAttribute({
      name: 'displayName',
      type: 'string',
      description: 'Name.',
      mutability: 'readOnly',
    }),
  ],
});

const MEMBERS = defineAttribute({
  name: 'members',
  type: 'complex',
  multiValued: true,
  description: 'Members.',
  subAttributes: [
    defineAttribute({ name: 'value', type: 'string', description: 'Id.', required: true }),
    defineAttribute({ name: 'type', type: 'string', description: 'Type.' }),
  ],
});

describe(normalizeAttributeValue.name, () => {
  it.each<[string, AttributeDefinition, unknown, unknown]>([
    ['string as sent', STRING, '  Vice President ', '  Vice President '],
    ['unique string trimmed', UNIQUE_STRING, '  bjensen ', 'bjensen'],
    ['boolean true', BOOLEAN, true, true],
    ['boolean "True"', BOOLEAN, 'True', true],
    ['boolean "False"', BOOLEAN, 'False', false],
    ['boolean "FALSE"', BOOLEAN, 'FALSE', false],
    ['boolean "true"', BOOLEAN, 'true', true],
    ['integer', INTEGER, 42, 42],
    ['decimal', DECIMAL, 0.25, 0.25],
    ['decimal integer', DECIMAL, 3, 3],
    ['dateTime with offset', DATE_TIME, '2026-01-02T05:04:05+02:00', '2026-01-02T03:04:05.000Z'],
    ['dateTime without fraction', DATE_TIME, '2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['reference', REFERENCE, 'https://example.com/bjensen', 'https://example.com/bjensen'],
    ['binary', BINARY, 'TUlJQ0lqQ0NBWXVnQXdJQkFn', 'TUlJQ0lqQ0NBWXVnQXdJQkFn'],
    ['binary unpadded', BINARY, 'YWJjZA', 'YWJjZA'],
    ['null', STRING, null, undefined],
  ])('accepts %s', (_case, definition, value, expected) => {
    expect(normalizeAttributeValue(definition, value, definition.name)).toEqual(expected);
  });

  it.each<[string, AttributeDefinition, unknown, string]>([
    ['number for string', STRING, 5, 'title must be a string; got 5'],
    ['array for string', STRING, ['a'], 'title must be a single value, a string; got an array'],
    ['object for string', STRING, { value: 'a' }, 'title must be a string; got {"value":"a"}'],
    ['word for boolean', BOOLEAN, 'yes', 'active must be a boolean (true or false); got "yes"'],
    ['number for boolean', BOOLEAN, 1, 'active must be a boolean (true or false); got 1'],
    ['fraction for integer', INTEGER, 1.5, 'level must be an integer; got 1.5'],
    ['string for integer', INTEGER, '7', 'level must be an integer; got "7"'],
    ['string for decimal', DECIMAL, '0.5', 'ratio must be a number; got "0.5"'],
    [
      'impossible date',
      DATE_TIME,
      '2026-02-30T00:00:00Z',
      'hiredAt must be an xsd:dateTime string such as "2026-01-02T03:04:05Z"; got "2026-02-30T00:00:00Z"',
    ],
    [
      'epoch number',
      DATE_TIME,
      1767322800000,
      'hiredAt must be an xsd:dateTime string such as "2026-01-02T03:04:05Z"; got 1767322800000',
    ],
    ['boolean for reference', REFERENCE, true, 'profileUrl must be a URI string; got true'],
    ['bad base64', BINARY, 'not base64!', 'certificate must be a base64 string; got "not base64!"'],
    ['number element', EMAILS, [5], 'emails[0].value must be a string; got 5'],
    ['nested array', EMAILS, [[]], 'emails[0] must be an object of sub-attributes; got []'],
    [
      'word for primary',
      EMAILS,
      [{ value: 'a@example.com', primary: 'maybe' }],
      'emails[0].primary must be a boolean (true or false); got "maybe"',
    ],
    ['number for manager', MANAGER, 42, 'manager.value must be a string; got 42'],
    ['empty manager id', MANAGER, '', 'manager.value must not be empty'],
    [
      'array for manager',
      MANAGER,
      [{ value: 'id' }],
      'manager must be a single value, an object of sub-attributes; got an array',
    ],
  ])('rejects %s', (_case, definition, value, detail) => {
    const error = catchScimError(() => normalizeAttributeValue(definition, value, definition.name));

    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(detail);
  });

  it('cuts a long object in the message', () => {
    const error = catchScimError(() =>
      normalizeAttributeValue(STRING, { text: 'x'.repeat(100) }, 'title'),
    );

    expect(error.detail).toBe(`title must be a string; got {"text":"${'x'.repeat(31)}…`);
  });

  it('cuts a long string in the message', () => {
    const error = catchScimError(() => normalizeAttributeValue(BOOLEAN, 'x'.repeat(100), 'active'));

    expect(error.detail).toBe(`active must be a boolean (true or false); got "${'x'.repeat(40)}…"`);
  });

  describe('multi-valued', () => {
    it('wraps a lone object', () => {
      const value = normalizeAttributeValue(EMAILS, { value: 'a@example.com' }, 'emails');

      expect(value).toEqual([{ value: 'a@example.com' }]);
    });

    it('wraps a bare value', () => {
      expect(normalizeAttributeValue(EMAILS, 'a@example.com', 'emails')).toEqual([
        { value: 'a@example.com' },
      ]);
    });

    it('drops null and empty elements', () => {
      const value = normalizeAttributeValue(
        EMAILS,
        [null, {}, { display: 'x' }, { value: 'a@example.com' }],
        'emails',
      );

      expect(value).toEqual([{ value: 'a@example.com' }]);
    });

    it('unassigns an empty array', () => {
      expect(normalizeAttributeValue(EMAILS, [], 'emails')).toBeUndefined();
    });

    it('stores primary strings as booleans', () => {
      const value = normalizeAttributeValue(
        EMAILS,
        [{ value: 'a@example.com', primary: 'True' }],
        'emails',
      );

      expect(value).toEqual([{ value: 'a@example.com', primary: true }]);
    });

    it('accepts one primary among several', () => {
      const value = normalizeAttributeValue(
        EMAILS,
        [
          { value: 'a@example.com', primary: true },
          { value: 'b@example.com', primary: false },
          { value: 'c@example.com' },
        ],
        'emails',
      );

      expect(value).toHaveLength(3);
    });

    it.each([
      ['booleans', [true, true]],
      ['strings', ['True', 'true']],
      ['mixed', [true, 'TRUE']],
    ])('rejects two primary %s', (_case, primaries) => {
      const elements = primaries.map((primary, index) => ({
        value: `${index}@example.com`,
        primary,
      }));

      const error = catchScimError(() => normalizeAttributeValue(EMAILS, elements, 'emails'));

      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toBe(
        'emails has 2 values with primary set to true; at most one value may be primary',
      );
    });
  });

  describe('complex', () => {
    it('canonicalizes sub-attribute names', () => {
      const value = normalizeAttributeValue(
        EMAILS,
        [{ VALUE: 'a@example.com', Primary: true }],
        'emails',
      );

      expect(value).toEqual([{ value: 'a@example.com', primary: true }]);
    });

    it('drops unknown and readOnly sub-attributes', () => {
      const value = normalizeAttributeValue(
        MANAGER,
        { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith', unknown: 1 },
        'manager',
      );

      expect(value).toEqual({ value: '26118915-6090-4610-87e4-49d8ca9f808d' });
    });

    it('wraps a bare id', () => {
      expect(normalizeAttributeValue(MANAGER, 'u-1', 'manager')).toEqual({ value: 'u-1' });
    });

    it('unassigns an object of only readOnly values', () => {
      expect(
        normalizeAttributeValue(MANAGER, { displayName: 'John Smith' }, 'manager'),
      ).toBeUndefined();
    });

    it('requires a required sub-attribute', () => {
      const error = catchScimError(() =>
        normalizeAttributeValue(MEMBERS, [{ type: 'User' }], 'members'),
      );

      expect(error.scimType).toBe('invalidValue');
      expect(error.detail).toBe('members[0].value is required');
    });

    it('rejects a sub-attribute given twice', () => {
      const error = catchScimError(() =>
        normalizeAttributeValue(MANAGER, { value: 'a', VALUE: 'b' }, 'manager'),
      );

      expect(error.scimType).toBe('invalidSyntax');
      expect(error.detail).toBe('manager.value is given more than once, as "value" and "VALUE"');
    });
  });
});

describe(checkRequiredValue.name, () => {
  const required = defineAttribute({
    name: 'userName',
    type: 'string',
    description: 'Name.',
    required: true,
  });

  it('accepts a value', () => {
    expect(() => checkRequiredValue(required, 'bjensen', 'userName')).not.toThrow();
  });

  it('ignores optional attributes', () => {
    expect(() => checkRequiredValue(STRING, undefined, 'title')).not.toThrow();
  });

  it.each([
    [undefined, 'userName is required'],
    ['', 'userName must not be empty'],
    ['   ', 'userName must not be empty'],
  ])('rejects %j', (value, detail) => {
    const error = catchScimError(() => checkRequiredValue(required, value, 'userName'));

    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toBe(detail);
  });
});

describe(keepsClientValue.name, () => {
  it.each([
    ['readWrite', true],
    ['immutable', true],
    ['readOnly', false],
    ['writeOnly', false],
  ] as const)('%s is %s', (mutability, expected) => {
    expect(keepsClientValue({ ...STRING, mutability })).toBe(expected);
  });
});
