import type { AttributeReference } from './filter-ast';
import type { AttributeMap, MultiValuedMapping } from './attribute-map';
import {
  elementOperand,
  findSubAttributeKey,
  isStoredAsText,
  resolveAttribute,
  type ScalarOperand,
} from './attribute-resolver';
import { createCompileContext, type CompileContext, type CompileOptions } from './compile-context';
import { FilterScanner } from './filter-scanner';
import { elementRows } from './multi-valued-sql';
import { ScimError } from '../scim-error';

export type SortOrder = 'ascending' | 'descending';

export interface CompileSortOptions extends CompileOptions {
  /** RFC 7644 section 3.4.2.3 default: ascending. */
  sortOrder?: SortOrder;
}

/** An ORDER BY term, for `queryBuilder.orderBy(expression, direction, nulls)`. */
export interface CompiledSort {
  expression: string;
  direction: 'ASC' | 'DESC';
  /**
   * RFC 7644 section 3.4.2.3: resources without a value sort last when
   * ascending and first when descending. SQLite needs this spelled out,
   * because it sorts NULL first when ascending.
   */
  nulls: 'NULLS LAST' | 'NULLS FIRST';
  parameters: Record<string, unknown>;
}

/**
 * Compiles a `sortBy` attribute path to an ORDER BY expression (RFC 7644
 * section 3.4.2.3). Strings sort by Unicode code point, lower-cased unless
 * caseExact. A multi-valued attribute sorts by its primary value or, absent
 * one, its first value. Throws ScimError invalidValue for a malformed path
 * or an attribute that cannot be sorted.
 */
export function compileSortBy(
  sortBy: string,
  map: AttributeMap,
  options: CompileSortOptions,
): CompiledSort {
  const context = createCompileContext(map, options);
  const reference = readSortPath(sortBy);
  const resolved = resolveAttribute(map, reference, context.syntax, 'sortBy');

  let expression: string;
  switch (resolved.kind) {
    case 'scalar':
      expression = sortExpression(resolved.operand, sortKey(resolved.operand, context), context);
      break;
    case 'multiValued':
      expression = multiValuedSortExpression(
        resolved.mapping,
        resolved.subAttribute,
        resolved.name,
        context,
      );
      break;
    case 'complex': {
      const example = `${resolved.name}.${resolved.subAttributes[0]}`;
      throw ScimError.invalidValue(
        `Attribute "${resolved.name}" in sortBy is complex; sort by one of its sub-attributes, such as "${example}".`,
      );
    }
  }

  const descending = options.sortOrder === 'descending';
  return {
    expression,
    direction: descending ? 'DESC' : 'ASC',
    nulls: descending ? 'NULLS FIRST' : 'NULLS LAST',
    parameters: context.parameters.parameters,
  };
}

function readSortPath(sortBy: string): AttributeReference {
  const scanner = new FilterScanner(sortBy, 'sortBy');
  const reference = scanner.readAttributePath();
  scanner.skipWhitespace();
  if (!scanner.atEnd()) throw scanner.syntaxError('the end of the attribute path');
  return reference;
}

function multiValuedSortExpression(
  mapping: MultiValuedMapping,
  subAttribute: string | undefined,
  name: string,
  context: CompileContext,
): string {
  const sortedSubAttribute = subAttribute ?? findSubAttributeKey(mapping, 'value');
  if (sortedSubAttribute === undefined) {
    throw ScimError.invalidValue(
      `Attribute "${name}" in sortBy has no "value" sub-attribute; name the sub-attribute to sort by.`,
    );
  }

  const rows = elementRows(mapping, context);
  const operand = elementOperand(mapping, sortedSubAttribute, name, rows.alias, context.syntax);
  const key = sortKey(operand, context);
  const orderTerms: string[] = [];
  const primaryTerm = primaryFirstTerm(mapping, rows.alias, context);
  if (primaryTerm !== undefined) orderTerms.push(primaryTerm);
  if (mapping.kind === 'jsonArray') {
    orderTerms.push(context.syntax.elementPosition(rows.alias));
  } else {
    // NOTE: related rows have no stored order, so "first" means the lowest sort key.
    orderTerms.push(`${sortExpression(operand, key, context)} NULLS LAST`);
  }

  const where = rows.where === undefined ? '' : ` WHERE ${rows.where}`;
  const firstValue = `(SELECT ${key} FROM ${rows.from}${where} ORDER BY ${orderTerms.join(', ')} LIMIT 1)`;
  return sortExpression(operand, firstValue, context);
}

/** Builds the ORDER BY term that puts the element with `primary: true` first, when elements have `primary`. */
function primaryFirstTerm(
  mapping: MultiValuedMapping,
  alias: string,
  context: CompileContext,
): string | undefined {
  const primary = findSubAttributeKey(mapping, 'primary');
  if (primary === undefined || mapping.subAttributes[primary].type !== 'boolean') return undefined;
  const operand = elementOperand(mapping, primary, 'primary', alias, context.syntax);
  return `CASE WHEN ${operand.sql} IS TRUE THEN 0 ELSE 1 END`;
}

function sortKey(operand: ScalarOperand, context: CompileContext): string {
  if (operand.type === 'dateTime' && operand.dateTimeStorage === 'timestamp') {
    return context.syntax.timestampValue(operand.sql);
  }
  const folded = !operand.caseExact && (operand.type === 'string' || operand.type === 'reference');
  return folded ? `lower(${operand.sql})` : operand.sql;
}

function sortExpression(operand: ScalarOperand, key: string, context: CompileContext): string {
  return isStoredAsText(operand) ? context.syntax.codePointOrder(key) : key;
}
