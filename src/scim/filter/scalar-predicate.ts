import type { ComparisonNode, ComparisonOperator, PresentNode } from './filter-ast';
import { isStoredAsText, type ScalarOperand } from './attribute-resolver';
import type { DialectSyntax } from './sql-dialect';
import type { ParameterAllocator } from './sql-parameters';
import { parseDateTimeLiteral } from './datetime-literal';
import { ScimError } from '../scim-error';

export interface PredicateContext {
  syntax: DialectSyntax;
  parameters: ParameterAllocator;
}

type EqualityOperator = 'eq' | 'ne';
type OrderedOperator = EqualityOperator | 'gt' | 'ge' | 'lt' | 'le';
type SubstringOperator = 'co' | 'sw' | 'ew';

const SQL_OPERATORS: Record<Exclude<OrderedOperator, 'ne'>, string> = {
  eq: '=',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};
const EQUALITY_OPERATORS: readonly EqualityOperator[] = ['eq', 'ne'];
const ORDERED_OPERATORS: readonly OrderedOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const SUBSTRING_MATCHES: Record<
  SubstringOperator,
  (syntax: DialectSyntax, value: string, needle: string) => string
> = {
  co: (syntax, value, needle) => syntax.contains(value, needle),
  sw: (syntax, value, needle) => syntax.startsWith(value, needle),
  ew: (syntax, value, needle) => syntax.endsWith(value, needle),
};
const LIKE_PATTERNS: Record<SubstringOperator, (escaped: string) => string> = {
  co: (escaped) => `%${escaped}%`,
  sw: (escaped) => `${escaped}%`,
  ew: (escaped) => `%${escaped}`,
};
const ALWAYS_TRUE = '(1 = 1)';
const ALWAYS_FALSE = '(1 = 0)';

/**
 * Compiles `pr` or a comparison on one scalar value. The SQL condition is
 * never NULL, so NOT and OR around it follow two-valued logic: on an absent
 * attribute `eq "x"` is false and `ne "x"` is true.
 * Throws ScimError invalidFilter when the operator or value does not fit the attribute type.
 */
export function compileScalarPredicate(
  operand: ScalarOperand,
  node: ComparisonNode | PresentNode,
  context: PredicateContext,
): string {
  if (node.kind === 'present') return presence(operand);

  const { operator, value } = node;
  if (value === null) return compileNullComparison(operand, operator);
  switch (operand.type) {
    case 'boolean':
      return compileBooleanComparison(operand, operator, value);
    case 'integer':
    case 'decimal':
      return compileNumberComparison(operand, operator, value, context);
    case 'dateTime':
      return compileDateTimeComparison(operand, operator, value, context);
    case 'binary':
      requireOperator(operand, operator, EQUALITY_OPERATORS);
      return compileStringComparison({ ...operand, caseExact: true }, operator, value, context);
    case 'string':
    case 'reference':
      return compileStringComparison(operand, operator, value, context);
  }
}

/** Returns whether `node` holds for an absent value, such as `ne "x"` or `eq null`. */
export function holdsForAbsentValue(node: ComparisonNode | PresentNode): boolean {
  if (node.kind === 'present') return false;
  return node.value === null ? node.operator === 'eq' : node.operator === 'ne';
}

/**
 * RFC 7644 section 3.4.2.2: `pr` needs a non-empty value, and RFC 7643
 * section 2.5 makes null equivalent to unassigned, so an empty string is absent too.
 */
export function presence(operand: ScalarOperand): string {
  return isStoredAsText(operand)
    ? `(${operand.sql} IS NOT NULL AND ${operand.sql} <> '')`
    : `(${operand.sql} IS NOT NULL)`;
}

// RFC 7644 does not define a comparison with null. Following RFC 7643
// section 2.5, `eq null` means "not present" and `ne null` means "present".
function compileNullComparison(operand: ScalarOperand, operator: ComparisonOperator): string {
  if (operator === 'eq') return `(NOT ${presence(operand)})`;
  if (operator === 'ne') return presence(operand);
  throw ScimError.invalidFilter(
    `Operator "${operator}" cannot compare attribute "${operand.name}" with null; only eq and ne accept null.`,
  );
}

function compileBooleanComparison(
  operand: ScalarOperand,
  operator: ComparisonOperator,
  value: string | number | boolean,
): string {
  requireOperator(operand, operator, EQUALITY_OPERATORS);
  if (typeof value !== 'boolean') throw invalidValue(operand, value, 'true or false');

  const test = value ? 'TRUE' : 'FALSE';
  return operator === 'eq' ? `(${operand.sql} IS ${test})` : `(${operand.sql} IS NOT ${test})`;
}

function compileNumberComparison(
  operand: ScalarOperand,
  operator: ComparisonOperator,
  value: string | number | boolean,
  context: PredicateContext,
): string {
  requireOperator(operand, operator, ORDERED_OPERATORS);
  if (typeof value !== 'number') throw invalidValue(operand, value, 'a JSON number');

  const parameter = context.syntax.numberParameter(context.parameters.add(value));
  return compare(operand, operator, operand.sql, parameter);
}

function compileDateTimeComparison(
  operand: ScalarOperand,
  operator: ComparisonOperator,
  value: string | number | boolean,
  context: PredicateContext,
): string {
  requireOperator(operand, operator, ORDERED_OPERATORS);
  const literal = typeof value === 'string' ? parseDateTimeLiteral(value) : undefined;
  if (literal === undefined)
    throw invalidValue(operand, value, 'an xsd:dateTime string such as "2011-05-13T04:42:34Z"');

  // Stored values have whole milliseconds, so against a literal with a finer
  // fraction, t, a stored value s satisfies s > t exactly when s > trunc(t).
  let effectiveOperator: OrderedOperator = operator;
  if (literal.hasSubmillisecondFraction) {
    if (operator === 'eq') return ALWAYS_FALSE;
    if (operator === 'ne') return ALWAYS_TRUE;
    effectiveOperator = operator === 'gt' || operator === 'ge' ? 'gt' : 'le';
  }

  const { syntax, parameters } = context;
  if (operand.dateTimeStorage === 'timestamp') {
    // The normalized value is also the NULL test, so text that SQLite cannot read as a date counts as absent.
    const normalized = { ...operand, sql: syntax.timestampValue(operand.sql) };
    const parameter = parameters.add(syntax.timestampParameter(literal.instant));
    return compare(normalized, effectiveOperator, normalized.sql, parameter);
  }
  const parameter = syntax.textParameter(parameters.add(literal.instant.toISOString()));
  return compare(operand, effectiveOperator, syntax.codePointOrder(operand.sql), parameter);
}

function compileStringComparison(
  operand: ScalarOperand,
  operator: ComparisonOperator,
  value: string | number | boolean,
  context: PredicateContext,
): string {
  if (typeof value !== 'string') throw invalidValue(operand, value, 'a JSON string');
  if (operator === 'co' || operator === 'sw' || operator === 'ew') {
    return compileSubstringMatch(operand, operator, value, context);
  }

  const { syntax, parameters } = context;
  const parameter = syntax.textParameter(parameters.add(value));
  const left = operand.caseExact ? operand.sql : `lower(${operand.sql})`;
  const right = operand.caseExact ? parameter : `lower(${parameter})`;
  // PostgreSQL orders text by the column's collation unless COLLATE names another.
  const orderedLeft = operator === 'eq' || operator === 'ne' ? left : syntax.codePointOrder(left);
  return compare(operand, operator, orderedLeft, right);
}

function compileSubstringMatch(
  operand: ScalarOperand,
  operator: SubstringOperator,
  value: string,
  context: PredicateContext,
): string {
  // Every string contains, starts with and ends with the empty string.
  if (value === '') return `(${operand.sql} IS NOT NULL)`;

  const { syntax, parameters } = context;
  if (operand.caseExact) {
    const parameter = syntax.textParameter(parameters.add(value));
    const match = SUBSTRING_MATCHES[operator](syntax, operand.sql, parameter);
    return `(${operand.sql} IS NOT NULL AND ${match})`;
  }

  const escaped = value.replace(/[\\%_]/g, '\\$&');
  const parameter = syntax.textParameter(parameters.add(LIKE_PATTERNS[operator](escaped)));
  return `(${operand.sql} IS NOT NULL AND lower(${operand.sql}) LIKE lower(${parameter}) ESCAPE '\\')`;
}

/** Builds `left <op> right` guarded so that an absent value makes only `ne` true. */
function compare(
  operand: ScalarOperand,
  operator: OrderedOperator,
  left: string,
  right: string,
): string {
  if (operator === 'ne') return `(${operand.sql} IS NULL OR ${left} <> ${right})`;
  return `(${operand.sql} IS NOT NULL AND ${left} ${SQL_OPERATORS[operator]} ${right})`;
}

function requireOperator<Allowed extends ComparisonOperator>(
  operand: ScalarOperand,
  operator: ComparisonOperator,
  allowed: readonly Allowed[],
): asserts operator is Allowed {
  if ((allowed as readonly ComparisonOperator[]).includes(operator)) return;
  throw ScimError.invalidFilter(
    `Operator "${operator}" is not supported for attribute "${operand.name}" of type ${operand.type}; ` +
      `expected ${allowed.join(', ')} or pr.`,
  );
}

function invalidValue(
  operand: ScalarOperand,
  value: string | number | boolean,
  expected: string,
): ScimError {
  return ScimError.invalidFilter(
    `Invalid value ${JSON.stringify(value)} for attribute "${operand.name}" of type ${operand.type}: expected ${expected}.`,
  );
}
