import type { AttributeReference } from './filter-ast';
import type {
  AttributeMap,
  AttributeMapping,
  DateTimeStorage,
  MultiValuedMapping,
  ScalarAttributeType,
  ScalarCharacteristics,
  ScalarMapping,
} from './attribute-map';
import type { DialectSyntax } from './sql-dialect';
import { ScimError } from '../scim-error';

/** A scalar value that a filter compares: its SQL expression and RFC 7643 characteristics. */
export interface ScalarOperand {
  /** The attribute path as the client wrote it, for error messages. */
  name: string;
  /** Evaluates to the value, or to NULL when the attribute is absent. */
  sql: string;
  type: ScalarAttributeType;
  caseExact: boolean;
  dateTimeStorage: DateTimeStorage;
}

export type ResolvedAttribute =
  | { kind: 'scalar'; operand: ScalarOperand }
  | {
      kind: 'multiValued';
      name: string;
      mapping: MultiValuedMapping;
      /** The sub-attribute key as the map spells it, when the reference names one. */
      subAttribute?: string;
    }
  | {
      /** A single-valued complex attribute such as `name`, mapped through its sub-attributes. */
      kind: 'complex';
      name: string;
      reference: AttributeReference;
      subAttributes: string[];
    };

interface AttributeIndex {
  mappings: Map<string, AttributeMapping>;
  /** Lower-cased complex attribute path → sub-attribute names, from keys such as `name.givenName`. */
  complexSubAttributes: Map<string, string[]>;
}

/** Where a reference appears, which decides the error type and wording. */
export type AttributeUsage = 'filter' | 'sortBy';

const USAGE_ERRORS: Record<
  AttributeUsage,
  { phrase: string; error: (detail: string) => ScimError }
> = {
  filter: { phrase: 'in a filter', error: ScimError.invalidFilter },
  sortBy: { phrase: 'in sortBy', error: ScimError.invalidValue },
};

const indexes = new WeakMap<AttributeMap, AttributeIndex>();

/** Formats a reference the way a client writes it, such as `urn:…:User:manager.value`. */
export function formatReference(reference: AttributeReference): string {
  const base =
    reference.schema === undefined
      ? reference.attribute
      : `${reference.schema}:${reference.attribute}`;
  return reference.subAttribute === undefined ? base : `${base}.${reference.subAttribute}`;
}

/**
 * Resolves a filter reference against the map, case-insensitively. A
 * reference qualified with the core schema URN resolves like the bare name.
 * Throws ScimError (invalidFilter, or invalidValue for sortBy) naming an
 * unknown attribute or sub-attribute.
 */
export function resolveAttribute(
  map: AttributeMap,
  reference: AttributeReference,
  syntax: DialectSyntax,
  usage: AttributeUsage = 'filter',
): ResolvedAttribute {
  const index = indexAttributeMap(map);
  const name = formatReference(reference);
  const base = baseKey(map, reference);
  const sub = reference.subAttribute?.toLowerCase();

  const exact = index.mappings.get(sub === undefined ? base : `${base}.${sub}`);
  if (exact !== undefined) return resolveMapping(exact, name, syntax);

  if (sub !== undefined) {
    const parent = index.mappings.get(base);
    if (parent !== undefined && isMultiValued(parent)) {
      const subAttribute = findSubAttributeKey(parent, sub);
      if (subAttribute !== undefined)
        return { kind: 'multiValued', name, mapping: parent, subAttribute };
    }
    if (parent !== undefined || index.complexSubAttributes.has(base))
      throw unknownSubAttribute(reference, usage);
  } else {
    const subAttributes = index.complexSubAttributes.get(base);
    if (subAttributes !== undefined) return { kind: 'complex', name, reference, subAttributes };
  }
  const { phrase, error } = USAGE_ERRORS[usage];
  throw error(`Attribute "${name}" is unknown or cannot be used ${phrase}.`);
}

export function isMultiValued(mapping: AttributeMapping): mapping is MultiValuedMapping {
  return mapping.kind === 'jsonArray' || mapping.kind === 'relatedRows';
}

/** Returns the map's spelling of a sub-attribute of a multi-valued mapping, matched case-insensitively. */
export function findSubAttributeKey(mapping: MultiValuedMapping, name: string): string | undefined {
  const lowerName = name.toLowerCase();
  return Object.keys(mapping.subAttributes).find((key) => key.toLowerCase() === lowerName);
}

/** Builds the operand for a sub-attribute of one element row of a multi-valued attribute. */
export function elementOperand(
  mapping: MultiValuedMapping,
  subAttribute: string,
  name: string,
  alias: string,
  syntax: DialectSyntax,
): ScalarOperand {
  if (mapping.kind === 'jsonArray') {
    const characteristics = mapping.subAttributes[subAttribute];
    const sql = syntax.jsonValue(
      syntax.elementDocument(alias),
      [subAttribute],
      characteristics.type,
    );
    return operandOf(name, sql, { ...characteristics, dateTimeStorage: 'isoText' });
  }
  const column = mapping.subAttributes[subAttribute];
  return operandOf(name, column.expression, column);
}

/** Returns whether the operand's SQL value is text, so that code-point ordering and `<> ''` apply. */
export function isStoredAsText(operand: ScalarOperand): boolean {
  switch (operand.type) {
    case 'string':
    case 'reference':
    case 'binary':
      return true;
    case 'dateTime':
      return operand.dateTimeStorage === 'isoText';
    default:
      return false;
  }
}

function resolveMapping(
  mapping: AttributeMapping,
  name: string,
  syntax: DialectSyntax,
): ResolvedAttribute {
  if (isMultiValued(mapping)) return { kind: 'multiValued', name, mapping };
  return { kind: 'scalar', operand: scalarOperand(mapping, name, syntax) };
}

function scalarOperand(mapping: ScalarMapping, name: string, syntax: DialectSyntax): ScalarOperand {
  switch (mapping.kind) {
    case 'column':
      return operandOf(name, mapping.expression, mapping);
    case 'booleanExpression':
      return operandOf(name, `(${mapping.expression})`, { type: 'boolean' });
    case 'jsonValue': {
      const sql = syntax.jsonValue(syntax.jsonDocument(mapping.column), mapping.path, mapping.type);
      return operandOf(name, sql, mapping);
    }
  }
}

function operandOf(
  name: string,
  sql: string,
  characteristics: ScalarCharacteristics,
): ScalarOperand {
  return {
    name,
    sql,
    type: characteristics.type,
    caseExact: characteristics.caseExact ?? false,
    dateTimeStorage: characteristics.dateTimeStorage ?? 'isoText',
  };
}

function baseKey(map: AttributeMap, reference: AttributeReference): string {
  const attribute = reference.attribute.toLowerCase();
  const schema = reference.schema?.toLowerCase();
  if (schema === undefined || schema === map.coreSchema.toLowerCase()) return attribute;
  return `${schema}:${attribute}`;
}

/** Builds the error for a sub-attribute that the map does not have. */
export function unknownSubAttribute(
  reference: AttributeReference,
  usage: AttributeUsage = 'filter',
): ScimError {
  const parent = formatReference({ ...reference, subAttribute: undefined });
  const { phrase, error } = USAGE_ERRORS[usage];
  return error(
    `Attribute "${parent}" has no sub-attribute "${reference.subAttribute}" that can be used ${phrase}.`,
  );
}

function indexAttributeMap(map: AttributeMap): AttributeIndex {
  const cached = indexes.get(map);
  if (cached !== undefined) return cached;

  const index: AttributeIndex = { mappings: new Map(), complexSubAttributes: new Map() };
  for (const [key, mapping] of Object.entries(map.attributes)) {
    validateMapping(key, mapping);
    const lowerKey = key.toLowerCase();
    index.mappings.set(lowerKey, mapping);

    // The last "." separates a sub-attribute; URN prefixes contain dots only before their last colon.
    const separator = lowerKey.lastIndexOf('.');
    if (separator > lowerKey.lastIndexOf(':')) {
      const parent = lowerKey.slice(0, separator);
      const siblings = index.complexSubAttributes.get(parent) ?? [];
      siblings.push(key.slice(separator + 1));
      index.complexSubAttributes.set(parent, siblings);
    }
  }
  indexes.set(map, index);
  return index;
}

function validateMapping(key: string, mapping: AttributeMapping): void {
  const characteristics: [string, ScalarCharacteristics][] =
    mapping.kind === 'column' || mapping.kind === 'jsonValue'
      ? [[key, mapping]]
      : mapping.kind === 'relatedRows'
        ? Object.entries(mapping.subAttributes).map(([sub, column]) => [`${key}.${sub}`, column])
        : [];
  for (const [path, { type, dateTimeStorage }] of characteristics) {
    if (type === 'dateTime' && dateTimeStorage === undefined) {
      throw new TypeError(
        `Attribute map entry "${path}" has type dateTime but no dateTimeStorage.`,
      );
    }
  }
}
