import { parsePath } from '../filter/filter-parser';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { elementFromFilter, matchesElement, normalizeElementFilter } from './element-filter';
import { catchScimError } from './testing/patch-helpers.fixture';

function attribute(
  name: string,
  type: AttributeDefinition['type'],
  options: Partial<AttributeDefinition> = {},
) {
  const definition: AttributeDefinition = {
    name,
    type,
    multiValued: false,
    description: name,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
  return definition;
}

const CERTIFICATES = attribute('certificates', 'complex', {
  multiValued: true,
  subAttributes: [
    attribute('value', 'string', { caseExact: true }),
    attribute('type', 'string'),
    attribute('primary', 'boolean'),
    attribute('size', 'integer'),
    attribute('issued', 'dateTime'),
  ],
});

const TAGS = attribute('tags', 'string', { multiValued: true });

const CERTIFICATE = {
  value: 'AbC',
  type: 'Work',
  primary: true,
  size: 2048,
  issued: '2024-05-01T00:00:00.000Z',
};

/** Parses `attr[filter]` and returns the normalized filter. */
function elementFilter(path: string, definition: AttributeDefinition = CERTIFICATES) {
  const filter = parsePath(path).filter;
  if (filter === undefined) throw new Error(`path ${path} has no filter`);
  return normalizeElementFilter(filter, definition, path);
}

describe(matchesElement.name, () => {
  it.each([
    ['certificates[type eq "work"]', true],
    ['certificates[type eq "home"]', false],
    ['certificates[value eq "abc"]', false],
    ['certificates[value eq "AbC"]', true],
    ['certificates[type ne "home"]', true],
    ['certificates[type co "or"]', true],
    ['certificates[type sw "WO"]', true],
    ['certificates[type ew "rk"]', true],
    ['certificates[type ew "x"]', false],
    ['certificates[size gt 1024]', true],
    ['certificates[size le 1024]', false],
    ['certificates[issued gt "2024-01-01T00:00:00Z"]', true],
    ['certificates[issued lt "2024-01-01T00:00:00Z"]', false],
    ['certificates[primary eq true]', true],
    ['certificates[primary eq "False"]', false],
    ['certificates[primary ne false]', true],
    ['certificates[type pr]', true],
    ['certificates[type eq "work" and size eq 2048]', true],
    ['certificates[type eq "home" or size eq 2048]', true],
    ['certificates[not (type eq "work")]', false],
  ])('evaluates %s', (path, expected) => {
    expect(matchesElement(elementFilter(path), CERTIFICATE, CERTIFICATES)).toBe(expected);
  });

  it.each([undefined, null, ''])('treats %p as not present', (type) => {
    const filter = elementFilter('certificates[type pr]');

    expect(matchesElement(filter, { value: 'x', type }, CERTIFICATES)).toBe(false);
  });

  it('treats absent sub-attribute as unequal', () => {
    const filter = elementFilter('certificates[type ne "work"]');

    expect(matchesElement(filter, { value: 'x' }, CERTIFICATES)).toBe(true);
  });

  it('matches simple values as value', () => {
    const filter = elementFilter('tags[value eq "Blue"]', TAGS);

    expect(matchesElement(filter, 'blue', TAGS)).toBe(true);
    expect(matchesElement(filter, 'green', TAGS)).toBe(false);
  });
});

describe(normalizeElementFilter.name, () => {
  it('uses canonical sub-attribute names', () => {
    const filter = elementFilter('certificates[TYPE eq "work"]');

    expect(filter).toEqual({
      kind: 'comparison',
      attribute: { attribute: 'type' },
      operator: 'eq',
      value: 'work',
    });
  });

  it('accepts repeated parent name', () => {
    const filter = elementFilter('certificates[certificates.type eq "work"]');

    expect(filter).toEqual({
      kind: 'comparison',
      attribute: { attribute: 'type' },
      operator: 'eq',
      value: 'work',
    });
  });

  it('converts boolean string literal', () => {
    const filter = elementFilter('certificates[primary eq "TRUE"]');

    expect(filter).toEqual({
      kind: 'comparison',
      attribute: { attribute: 'primary' },
      operator: 'eq',
      value: true,
    });
  });

  it.each([
    ['certificates[kind eq "work"]', 'invalidPath'],
    ['certificates[name.type eq "work"]', 'invalidPath'],
    ['tags[type eq "work"]', 'invalidPath'],
    ['certificates[primary co "t"]', 'invalidFilter'],
  ])('rejects %s', (path, scimType) => {
    const definition = path.startsWith('tags') ? TAGS : CERTIFICATES;

    const error = catchScimError(() => elementFilter(path, definition));

    expect(error.scimType).toBe(scimType);
  });
});

describe(elementFromFilter.name, () => {
  it.each([
    ['certificates[type eq "work"]', { type: 'work' }],
    ['certificates[type eq "work" and primary eq true]', { type: 'work', primary: true }],
    ['certificates[type eq "work" and type eq "work"]', { type: 'work' }],
    ['certificates[type eq "work" and type eq "home"]', undefined],
    ['certificates[type eq "work" or type eq "home"]', undefined],
    ['certificates[type ne "work"]', undefined],
    ['certificates[type pr]', undefined],
    ['certificates[type eq null]', undefined],
  ])('derives element of %s', (path, expected) => {
    expect(elementFromFilter(elementFilter(path))).toEqual(expected);
  });
});
