import type {
  AttributeReference,
  ComparisonNode,
  FilterNode,
  LogicalNode,
  PresentNode,
  ValuePathNode,
} from './filter-ast';
import type { AttributeMap, MultiValuedMapping } from './attribute-map';
import {
  elementOperand,
  findSubAttributeKey,
  formatReference,
  resolveAttribute,
  unknownSubAttribute,
  type ResolvedAttribute,
} from './attribute-resolver';
import {
  createCompileContext,
  type CompileContext,
  type CompileOptions,
  type CompiledSql,
} from './compile-context';
import { elementRows, existsElement } from './multi-valued-sql';
import { compileScalarPredicate, holdsForAbsentValue } from './scalar-predicate';
import { ScimError } from '../scim-error';

export type { CompileOptions, CompiledSql } from './compile-context';

/** The resolution context of the attribute references in a filter node. */
type Scope =
  | { kind: 'resource' }
  /** Inside `emails[...]`: references name sub-attributes of one element row. */
  | { kind: 'element'; name: string; mapping: MultiValuedMapping; alias: string }
  /** Inside `name[...]` on a single-valued complex attribute: references name its sub-attributes. */
  | { kind: 'complex'; parent: AttributeReference };

const RESOURCE_SCOPE: Scope = { kind: 'resource' };

/**
 * Compiles a parsed filter to a SQL condition over the columns that `map`
 * names, with every filter value as a named parameter. The condition is
 * never NULL, so it can be negated or combined safely.
 * Throws ScimError invalidFilter for an unknown attribute or sub-attribute,
 * or for an operator or value that the attribute type does not support.
 */
export function compileFilter(
  filter: FilterNode,
  map: AttributeMap,
  options: CompileOptions,
): CompiledSql {
  const context = createCompileContext(map, options);
  const sql = compileNode(filter, RESOURCE_SCOPE, context);
  return { sql, parameters: context.parameters.parameters };
}

function compileNode(node: FilterNode, scope: Scope, context: CompileContext): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return compileLogical(node, scope, context);
    case 'not':
      return `(NOT ${compileNode(node.filter, scope, context)})`;
    case 'comparison':
    case 'present':
      return compileAttributeExpression(node, scope, context);
    case 'valuePath':
      return compileValuePath(node, scope, context);
  }
}

// Walks a left-deep chain such as `a or b or c` in a loop, so that a long
// chain does not deepen the recursion.
function compileLogical(node: LogicalNode, scope: Scope, context: CompileContext): string {
  const operands: FilterNode[] = [];
  let current: FilterNode = node;
  while ((current.kind === 'and' || current.kind === 'or') && current.kind === node.kind) {
    operands.push(current.right);
    current = current.left;
  }
  operands.push(current);

  const conditions = operands.reverse().map((operand) => compileNode(operand, scope, context));
  return `(${conditions.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
}

function compileAttributeExpression(
  node: ComparisonNode | PresentNode,
  scope: Scope,
  context: CompileContext,
): string {
  switch (scope.kind) {
    case 'resource':
      return compileResolved(
        resolveAttribute(context.map, node.attribute, context.syntax),
        node,
        context,
      );
    case 'element': {
      const subAttribute = elementSubAttribute(node.attribute, scope);
      const operand = elementOperand(
        scope.mapping,
        subAttribute,
        `${scope.name}.${subAttribute}`,
        scope.alias,
        context.syntax,
      );
      return compileScalarPredicate(operand, node, context);
    }
    case 'complex': {
      const subAttribute = plainSubAttributeName(node.attribute, formatReference(scope.parent));
      const reference = { ...scope.parent, subAttribute };
      return compileResolved(
        resolveAttribute(context.map, reference, context.syntax),
        node,
        context,
      );
    }
  }
}

function compileResolved(
  resolved: ResolvedAttribute,
  node: ComparisonNode | PresentNode,
  context: CompileContext,
): string {
  switch (resolved.kind) {
    case 'scalar':
      return compileScalarPredicate(resolved.operand, node, context);
    case 'multiValued':
      return compileMultiValuedExpression(resolved, node, context);
    case 'complex':
      return compileComplexExpression(resolved, node, context);
  }
}

/**
 * RFC 7644 section 3.4.2.2: a multi-valued attribute matches when one of its
 * values does, and `emails co "x"` without a sub-attribute compares `value`.
 * `pr` on the attribute itself means a non-empty array, and `eq null` its
 * negation. A comparison that holds for an absent value (`ne "x"`,
 * `emails.display eq null`) also holds when there are no values at all, as
 * it does for an absent single-valued attribute.
 */
function compileMultiValuedExpression(
  resolved: Extract<ResolvedAttribute, { kind: 'multiValued' }>,
  node: ComparisonNode | PresentNode,
  context: CompileContext,
): string {
  const { mapping, name } = resolved;
  if (resolved.subAttribute === undefined && isPresenceTest(node)) {
    const hasValues = existsElement(elementRows(mapping, context));
    // `emails eq null` is the negation of `emails pr`, as for a single-valued attribute.
    return node.kind === 'comparison' && node.operator === 'eq' ? `(NOT ${hasValues})` : hasValues;
  }

  const subAttribute = resolved.subAttribute ?? defaultSubAttribute(mapping, name);
  const operandName = resolved.subAttribute === undefined ? `${name}.${subAttribute}` : name;
  const rows = elementRows(mapping, context);
  const operand = elementOperand(mapping, subAttribute, operandName, rows.alias, context.syntax);
  const anyValueMatches = existsElement(rows, compileScalarPredicate(operand, node, context));
  if (!holdsForAbsentValue(node)) return anyValueMatches;

  const hasValues = existsElement(elementRows(mapping, context));
  return `(NOT ${hasValues} OR ${anyValueMatches})`;
}

/** Returns whether `node` is `pr`, `eq null` or `ne null`, which test presence rather than a value. */
function isPresenceTest(node: ComparisonNode | PresentNode): boolean {
  return (
    node.kind === 'present' ||
    (node.value === null && (node.operator === 'eq' || node.operator === 'ne'))
  );
}

function defaultSubAttribute(mapping: MultiValuedMapping, name: string): string {
  const value = findSubAttributeKey(mapping, 'value');
  if (value === undefined) {
    const example = `${name}.${Object.keys(mapping.subAttributes)[0] ?? 'type'}`;
    throw ScimError.invalidFilter(
      `Attribute "${name}" has no "value" sub-attribute to compare; name a sub-attribute, such as "${example}".`,
    );
  }
  return value;
}

// RFC 7644 section 3.4.2.2: `pr` on a complex attribute matches a non-empty node,
// so `name pr` holds when one of its sub-attributes is present.
function compileComplexExpression(
  resolved: Extract<ResolvedAttribute, { kind: 'complex' }>,
  node: ComparisonNode | PresentNode,
  context: CompileContext,
): string {
  if (node.kind !== 'present') {
    const example = `${resolved.name}.${resolved.subAttributes[0]}`;
    throw ScimError.invalidFilter(
      `Attribute "${resolved.name}" is complex; compare one of its sub-attributes, such as "${example}".`,
    );
  }
  const conditions = resolved.subAttributes.map((subAttribute) => {
    const reference = { ...resolved.reference, subAttribute };
    return compileResolved(resolveAttribute(context.map, reference, context.syntax), node, context);
  });
  return `(${conditions.join(' OR ')})`;
}

function compileValuePath(node: ValuePathNode, scope: Scope, context: CompileContext): string {
  const name = formatReference(node.attribute);
  if (scope.kind !== 'resource') {
    throw ScimError.invalidFilter(
      `Value filter "${name}[...]" is nested inside another value filter, which RFC 7644 does not allow.`,
    );
  }

  const resolved = resolveAttribute(context.map, node.attribute, context.syntax);
  if (resolved.kind === 'complex') {
    return compileNode(node.filter, { kind: 'complex', parent: node.attribute }, context);
  }
  if (resolved.kind !== 'multiValued' || resolved.subAttribute !== undefined) {
    throw ScimError.invalidFilter(
      `Attribute "${name}" cannot take a value filter "[...]"; only multi-valued and complex attributes can.`,
    );
  }

  const rows = elementRows(resolved.mapping, context);
  const elementScope: Scope = {
    kind: 'element',
    name,
    mapping: resolved.mapping,
    alias: rows.alias,
  };
  return existsElement(rows, compileNode(node.filter, elementScope, context));
}

function elementSubAttribute(
  reference: AttributeReference,
  scope: Extract<Scope, { kind: 'element' }>,
): string {
  const name = plainSubAttributeName(reference, scope.name);
  const subAttribute = findSubAttributeKey(scope.mapping, name);
  if (subAttribute === undefined)
    throw unknownSubAttribute({ attribute: scope.name, subAttribute: name });
  return subAttribute;
}

// Inside `parent[...]`, RFC 7644 section 3.4.2.2 makes every reference a sub-attribute of the parent.
function plainSubAttributeName(reference: AttributeReference, parentName: string): string {
  if (reference.schema !== undefined || reference.subAttribute !== undefined) {
    throw ScimError.invalidFilter(
      `Attribute "${formatReference(reference)}" inside the value filter of "${parentName}" must be ` +
        `a sub-attribute name of "${parentName}", without a schema URN or ".".`,
    );
  }
  return reference.attribute;
}
