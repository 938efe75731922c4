import type {
  AttributeReference,
  ComparisonOperator,
  FilterNode,
  FilterValue,
  PatchPath,
} from './filter-ast';
import { parseFilter, parsePath } from './filter-parser';
import { ScimError } from '../scim-error';

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function attr(name: string, schema?: string): AttributeReference {
  const [attribute, subAttribute] = name.split('.');
  const reference: AttributeReference = { attribute };
  if (subAttribute !== undefined) reference.subAttribute = subAttribute;
  if (schema !== undefined) reference.schema = schema;
  return reference;
}

function compare(
  name: string,
  operator: ComparisonOperator,
  value: FilterValue,
  schema?: string,
): FilterNode {
  return { kind: 'comparison', attribute: attr(name, schema), operator, value };
}

function present(name: string): FilterNode {
  return { kind: 'present', attribute: attr(name) };
}

function and(left: FilterNode, right: FilterNode): FilterNode {
  return { kind: 'and', left, right };
}

function or(left: FilterNode, right: FilterNode): FilterNode {
  return { kind: 'or', left, right };
}

function not(filter: FilterNode): FilterNode {
  return { kind: 'not', filter };
}

function valuePath(name: string, filter: FilterNode): FilterNode {
  return { kind: 'valuePath', attribute: attr(name), filter };
}

function captureError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

describe(parseFilter.name, () => {
  const validFilters: [string, FilterNode][] = [
    ['userName eq "a@b.com"', compare('userName', 'eq', 'a@b.com')],
    ['externalId eq "00u1"', compare('externalId', 'eq', '00u1')],
    ['displayName eq "Babs Jensen"', compare('displayName', 'eq', 'Babs Jensen')],
    ['title ne "x"', compare('title', 'ne', 'x')],
    ['title co "x"', compare('title', 'co', 'x')],
    ['title sw "x"', compare('title', 'sw', 'x')],
    ['title ew "x"', compare('title', 'ew', 'x')],
    ['title pr', present('title')],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      compare('meta.lastModified', 'gt', '2011-05-13T04:42:34Z'),
    ],
    ['level ge 3', compare('level', 'ge', 3)],
    ['level lt -1.5', compare('level', 'lt', -1.5)],
    ['level le 2e3', compare('level', 'le', 2000)],
    ['level eq 0', compare('level', 'eq', 0)],
    ['active eq true', compare('active', 'eq', true)],
    ['active eq false', compare('active', 'eq', false)],
    ['title eq null', compare('title', 'eq', null)],
    ['active eq TRUE', compare('active', 'eq', true)],
    ['title eq Null', compare('title', 'eq', null)],
    ['userName EQ "x"', compare('userName', 'eq', 'x')],
    ['USERNAME Eq "x"', compare('USERNAME', 'eq', 'x')],
    ['title PR', present('title')],
    ['a pr AND b pr', and(present('a'), present('b'))],
    ['a pr Or b pr', or(present('a'), present('b'))],
    ['NOT (a pr)', not(present('a'))],
    ['a pr or b pr and c pr', or(present('a'), and(present('b'), present('c')))],
    ['a pr and b pr or c pr', or(and(present('a'), present('b')), present('c'))],
    ['a pr and b pr and c pr', and(and(present('a'), present('b')), present('c'))],
    ['a pr or b pr or c pr', or(or(present('a'), present('b')), present('c'))],
    ['(a pr or b pr) and c pr', and(or(present('a'), present('b')), present('c'))],
    ['not (a pr) and b pr', and(not(present('a')), present('b'))],
    ['not(a pr or b pr)', not(or(present('a'), present('b')))],
    ['not (not (a pr))', not(not(present('a')))],
    ['((a pr))', present('a')],
    ['(a pr and (b pr or (c pr)))', and(present('a'), or(present('b'), present('c')))],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      and(
        compare('userType', 'ne', 'Employee'),
        not(
          or(compare('emails', 'co', 'example.com'), compare('emails.value', 'co', 'example.org')),
        ),
      ),
    ],
    ['emails[type eq "work"]', valuePath('emails', compare('type', 'eq', 'work'))],
    [
      'emails[type eq "work" and value co "@example.com"]',
      valuePath(
        'emails',
        and(compare('type', 'eq', 'work'), compare('value', 'co', '@example.com')),
      ),
    ],
    [
      'emails[type eq "work" or not (primary eq false)]',
      valuePath('emails', or(compare('type', 'eq', 'work'), not(compare('primary', 'eq', false)))),
    ],
    [
      'emails[type eq "work"] and userName sw "a"',
      and(valuePath('emails', compare('type', 'eq', 'work')), compare('userName', 'sw', 'a')),
    ],
    ['members[value eq "2819c223"]', valuePath('members', compare('value', 'eq', '2819c223'))],
    [
      'emails[type eq "work"].value eq "x@example.com"',
      valuePath(
        'emails',
        and(compare('type', 'eq', 'work'), compare('value', 'eq', 'x@example.com')),
      ),
    ],
    [
      'emails[type eq "work" or type eq "home"].value pr and active eq true',
      and(
        valuePath(
          'emails',
          and(or(compare('type', 'eq', 'work'), compare('type', 'eq', 'home')), present('value')),
        ),
        compare('active', 'eq', true),
      ),
    ],
    [
      `${ENTERPRISE_USER}:employeeNumber eq "701984"`,
      compare('employeeNumber', 'eq', '701984', ENTERPRISE_USER),
    ],
    [
      `${ENTERPRISE_USER}:manager.value eq "26118915"`,
      compare('manager.value', 'eq', '26118915', ENTERPRISE_USER),
    ],
    [
      `${CORE_USER}:name.givenName eq "Barbara"`,
      compare('name.givenName', 'eq', 'Barbara', CORE_USER),
    ],
    ['name.givenName sw "B"', compare('name.givenName', 'sw', 'B')],
    ['members.$ref pr', present('members.$ref')],
    ['x-custom_1 pr', present('x-custom_1')],
    ['title eq "say \\"hi\\""', compare('title', 'eq', 'say "hi"')],
    ['title eq "back\\\\slash"', compare('title', 'eq', 'back\\slash')],
    ['title eq "caf\\u00e9"', compare('title', 'eq', 'café')],
    ['title eq "\\ud83d\\ude00"', compare('title', 'eq', '😀')],
    ['title eq "a\\/b\\n\\t"', compare('title', 'eq', 'a/b\n\t')],
    ['title eq "x\' OR 1=1 --"', compare('title', 'eq', "x' OR 1=1 --")],
    ['title eq ""', compare('title', 'eq', '')],
    ['  userName   eq\t"x"  ', compare('userName', 'eq', 'x')],
    ['(  a pr  )and(b pr)', and(present('a'), present('b'))],
    ['not   (a pr)', not(present('a'))],
    ['emails [ type eq "work" ]', valuePath('emails', compare('type', 'eq', 'work'))],
    ['not eq "x"', compare('not', 'eq', 'x')],
    ['android pr', present('android')],
    ['order pr', present('order')],
  ];

  it.each(validFilters)('parses %s', (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  const invalidFilters: [string, string][] = [
    ['', 'position 1'],
    ['   ', 'position 4'],
    ['(userName eq "x"', '")" to close the group'],
    ['userName eq "x")', '"and", "or" or the end of the filter'],
    ['((a pr)', '")" to close the group'],
    ['userName eq', 'a comparison value'],
    ['userName eq and b pr', 'a comparison value'],
    ['userName zz "x"', 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)'],
    ['userName', 'an operator'],
    ['userName"x"', 'a space and an operator'],
    ['userName eq "x" garbage', '"and", "or" or the end of the filter'],
    ['userName eq "x" and', 'an attribute name'],
    ['userName eq "x" or or b pr', 'an operator'],
    ['userName eq "x', "a closing '\"' for the string that starts at position 13"],
    ['userName eq "bad \\q escape"', 'a JSON escape'],
    ['userName eq "\\u00g1"', 'a JSON escape'],
    ['userName eq "line\nbreak"', 'an escaped control character'],
    ['emails[type eq "work"', '"]" to close the value filter'],
    ['emails[type eq "work"].value', 'an operator'],
    ['emails[type eq "work"].value.x eq "y"', 'a single sub-attribute name'],
    ['emails[type eq "work"].value"x"', 'a space and an operator'],
    ['emails[type[value eq "x"] eq "y"]', 'A value filter cannot contain another value filter'],
    ['name.givenName[value eq "x"]', 'not to a sub-attribute'],
    ['not userName eq "x"', '"(" after "not"'],
    ['not', '"(" after "not"'],
    ['a.b.c pr', 'at most one sub-attribute'],
    ['1abc pr', 'an attribute name'],
    ['foo:bar pr', 'a schema URN'],
    [`${ENTERPRISE_USER}: pr`, 'an attribute name'],
    ['level eq 01', 'a JSON number'],
    ['level eq 1.', 'a JSON number'],
    ['level eq 1e999', 'a number within the range'],
    ['active eq yes', 'a comparison value'],
    ['active eq truex', 'a comparison value'],
    ['and pr pr', '"and", "or" or the end of the filter'],
    [')', 'an attribute name'],
    ['[type eq "x"]', 'an attribute name'],
    [`${'('.repeat(60)}a pr${')'.repeat(60)}`, 'at most 50 nested groups'],
  ];

  it.each(invalidFilters)('rejects %j', (text, expectedDetail) => {
    const error = captureError(() => parseFilter(text));

    expect(error.scimType).toBe('invalidFilter');
    expect(error.status).toBe(400);
    expect(error.detail).toContain(expectedDetail);
  });

  it('names the position of the error', () => {
    const error = captureError(() => parseFilter('userName eq "x" garbage'));

    expect(error.detail).toBe(
      'Invalid filter at position 17: expected "and", "or" or the end of the filter, found "garbage".',
    );
  });

  it('parses a long or-chain without recursion', () => {
    const text = Array.from({ length: 5000 }, (_, index) => `id eq "${index}"`).join(' or ');

    const filter = parseFilter(text);

    expect(filter.kind).toBe('or');
  });
});

describe(parsePath.name, () => {
  const validPaths: [string, PatchPath][] = [
    ['userName', { attribute: attr('userName') }],
    ['name.givenName', { attribute: attr('name.givenName') }],
    ['NAME.FamilyName', { attribute: attr('NAME.FamilyName') }],
    [`${ENTERPRISE_USER}:manager`, { attribute: attr('manager', ENTERPRISE_USER) }],
    [`${ENTERPRISE_USER}:manager.value`, { attribute: attr('manager.value', ENTERPRISE_USER) }],
    [`${CORE_USER}:name.givenName`, { attribute: attr('name.givenName', CORE_USER) }],
    ['members', { attribute: attr('members') }],
    [
      'members[value eq "2819c223"]',
      { attribute: attr('members'), filter: compare('value', 'eq', '2819c223') },
    ],
    [
      'emails[type eq "work"].value',
      { attribute: attr('emails'), filter: compare('type', 'eq', 'work'), subAttribute: 'value' },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      {
        attribute: attr('addresses'),
        filter: compare('type', 'eq', 'work'),
        subAttribute: 'streetAddress',
      },
    ],
    [
      'emails[type eq "work" and primary eq true].display',
      {
        attribute: attr('emails'),
        filter: and(compare('type', 'eq', 'work'), compare('primary', 'eq', true)),
        subAttribute: 'display',
      },
    ],
    [
      `${CORE_USER}:emails[type eq "work"]`,
      { attribute: attr('emails', CORE_USER), filter: compare('type', 'eq', 'work') },
    ],
    [' userName ', { attribute: attr('userName') }],
  ];

  it.each(validPaths)('parses %s', (text, expected) => {
    expect(parsePath(text)).toEqual(expected);
  });

  const invalidPaths: [string, string][] = [
    ['', 'an attribute name'],
    ['emails[type eq "work"', '"]" to close the value filter'],
    ['emails[type eq]', 'a comparison value'],
    ['emails[type eq "work"]value', 'the end of the path'],
    ['emails[type eq "work"].value.x', 'a single sub-attribute name'],
    ['emails[type eq "work"].', 'an attribute name'],
    ['name.givenName[type eq "x"]', 'the end of the path'],
    ['a.b.c', 'at most one sub-attribute'],
    ['userName eq "x"', '"[" or the end of the path'],
    ['emails[type[value eq "x"] eq "y"]', 'A value filter cannot contain another value filter'],
  ];

  it.each(invalidPaths)('rejects %j', (text, expectedDetail) => {
    const error = captureError(() => parsePath(text));

    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain(expectedDetail);
  });
});
