import type { AttributeReference, ComparisonOperator, FilterNode, PatchPath } from './filter-ast';
import { FilterScanner } from './filter-scanner';

const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
];
const OPERATOR_LIST = 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)';

// Bounds the recursion of the parser and of every consumer of the tree on
// hostile input such as 10,000 opening parentheses.
const MAX_NESTING_DEPTH = 50;

interface ParseContext {
  scanner: FilterScanner;
  /** True between the brackets of a value path, where RFC 7644 allows no nested value path. */
  insideValuePath: boolean;
  /** Number of enclosing groups and value filters. */
  depth: number;
}

/**
 * Parses a `filter` query parameter (RFC 7644 section 3.4.2.2). Keywords,
 * operators and the literals true, false and null are case-insensitive, and
 * `not` binds tighter than `and`, which binds tighter than `or`.
 * Throws ScimError invalidFilter naming the 1-based position of a syntax error.
 */
export function parseFilter(text: string): FilterNode {
  const scanner = new FilterScanner(text, 'filter');
  scanner.skipWhitespace();
  if (scanner.atEnd()) {
    throw scanner.syntaxError('a filter expression such as userName eq "bjensen"');
  }

  const filter = parseOr({ scanner, insideValuePath: false, depth: 0 });
  scanner.skipWhitespace();
  if (!scanner.atEnd()) throw scanner.syntaxError('"and", "or" or the end of the filter');
  return filter;
}

/**
 * Parses a PATCH operation path (RFC 7644 section 3.5.2): `attr`,
 * `attr.sub`, `urn:...:attr`, `urn:...:attr.sub`, `attr[filter]` or
 * `attr[filter].sub`. Throws ScimError invalidPath on a syntax error.
 */
export function parsePath(text: string): PatchPath {
  const scanner = new FilterScanner(text, 'path');
  const attribute = scanner.readAttributePath();
  const path: PatchPath = { attribute };

  if (scanner.tryConsume('[')) {
    if (attribute.subAttribute !== undefined) {
      throw scanner.syntaxError(
        'the end of the path',
        scanner.position - 1,
        'A value filter applies to a multi-valued attribute, not to a sub-attribute.',
      );
    }
    path.filter = parseOr({ scanner, insideValuePath: true, depth: 1 });
    scanner.expectCharacter(']', '"]" to close the value filter');
    if (scanner.tryConsume('.')) path.subAttribute = readSubAttributeName(scanner);
  }

  scanner.skipWhitespace();
  if (!scanner.atEnd())
    throw scanner.syntaxError(path.filter ? 'the end of the path' : '"[" or the end of the path');
  return path;
}

function readSubAttributeName(scanner: FilterScanner): string {
  const start = scanner.position;
  const reference = scanner.readAttributePath();
  if (reference.schema !== undefined || reference.subAttribute !== undefined) {
    throw scanner.syntaxError('a single sub-attribute name after "]."', start);
  }
  return reference.attribute;
}

function parseOr(context: ParseContext): FilterNode {
  let left = parseAnd(context);
  while (context.scanner.tryKeyword('or')) {
    left = { kind: 'or', left, right: parseAnd(context) };
  }
  return left;
}

function parseAnd(context: ParseContext): FilterNode {
  let left = parseUnary(context);
  while (context.scanner.tryKeyword('and')) {
    left = { kind: 'and', left, right: parseUnary(context) };
  }
  return left;
}

function parseUnary(context: ParseContext): FilterNode {
  const { scanner } = context;
  scanner.skipWhitespace();

  if (scanner.peek() === '(') {
    return parseGroup(context);
  }
  if (scanner.peekWord().toLowerCase() === 'not' && !isOperatorAfterNot(scanner)) {
    scanner.readWord();
    scanner.skipWhitespace();
    if (scanner.peek() !== '(') {
      throw scanner.syntaxError(
        '"(" after "not"',
        scanner.position,
        'RFC 7644 negates only a parenthesized filter.',
      );
    }
    return { kind: 'not', filter: parseGroup(context) };
  }
  return parseAttributeExpression(context);
}

// `not eq "x"` compares an attribute named "not"; `not (...)` negates.
function isOperatorAfterNot(scanner: FilterScanner): boolean {
  const saved = scanner.position;
  scanner.readWord();
  const next = scanner.peekWord().toLowerCase();
  scanner.position = saved;
  return isComparisonOperator(next) || next === 'pr';
}

function isComparisonOperator(word: string): word is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(word);
}

function parseGroup(context: ParseContext): FilterNode {
  const { scanner } = context;
  const depth = enterNesting(context);
  scanner.expectCharacter('(', '"("');
  const filter = parseOr({ ...context, depth });
  scanner.expectCharacter(')', '")" to close the group');
  return filter;
}

function enterNesting(context: ParseContext): number {
  const depth = context.depth + 1;
  if (depth > MAX_NESTING_DEPTH) {
    throw context.scanner.syntaxError(
      `at most ${MAX_NESTING_DEPTH} nested groups or value filters`,
    );
  }
  return depth;
}

function parseAttributeExpression(context: ParseContext): FilterNode {
  const { scanner } = context;
  const attribute = scanner.readAttributePath();
  const attributeEnd = scanner.position;

  if (scanner.tryConsume('[')) {
    if (context.insideValuePath) {
      throw scanner.syntaxError(
        OPERATOR_LIST,
        attributeEnd,
        'A value filter cannot contain another value filter.',
      );
    }
    if (attribute.subAttribute !== undefined) {
      throw scanner.syntaxError(
        OPERATOR_LIST,
        attributeEnd,
        'A value filter applies to a multi-valued attribute, not to a sub-attribute.',
      );
    }
    const depth = enterNesting(context);
    const filter = parseOr({ scanner, insideValuePath: true, depth });
    scanner.expectCharacter(']', '"]" to close the value filter');
    if (!scanner.tryConsume('.')) return { kind: 'valuePath', attribute, filter };

    // RFC 7644 section 3.4.2.2 has no `attr[filter].sub op value`, but Entra ID
    // sends `emails[type eq "work"].value eq "x"` when it matches users on the
    // work email. It selects what `emails[type eq "work" and value eq "x"]` does.
    const subAttribute = readSubAttributeName(scanner);
    const condition = parseOperatorAndValue(scanner, { attribute: subAttribute }, scanner.position);
    return {
      kind: 'valuePath',
      attribute,
      filter: { kind: 'and', left: filter, right: condition },
    };
  }

  return parseOperatorAndValue(scanner, attribute, attributeEnd);
}

/** Parses the `pr` or `op value` that follows an attribute path ending at `attributeEnd`. */
function parseOperatorAndValue(
  scanner: FilterScanner,
  attribute: AttributeReference,
  attributeEnd: number,
): FilterNode {
  scanner.skipWhitespace();
  const operatorStart = scanner.position;
  if (operatorStart === attributeEnd && !scanner.atEnd()) {
    throw scanner.syntaxError(`a space and ${OPERATOR_LIST} after the attribute name`);
  }
  const operator = scanner.readWord().toLowerCase();
  if (operator === 'pr') return { kind: 'present', attribute };
  if (!isComparisonOperator(operator)) throw scanner.syntaxError(OPERATOR_LIST, operatorStart);

  const value = scanner.readValue();
  return { kind: 'comparison', attribute, operator, value };
}
