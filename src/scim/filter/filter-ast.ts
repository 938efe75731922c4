/**
 * Syntax tree of RFC 7644 section 3.4.2.2 filters and of PATCH paths
 * (section 3.5.2). The parser produces it; the SQL compiler and the
 * in-memory matcher of the PATCH engine consume it.
 */

export type ComparisonOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A comparison literal: JSON string, number, true, false or null. */
export type FilterValue = string | number | boolean | null;

/**
 * An attribute reference as written in a filter or path. `schema` is the URN
 * prefix when one was given (for example the enterprise extension URN).
 * `attribute` and `subAttribute` keep the case the client used; consumers
 * resolve them case-insensitively against the schema.
 */
export interface AttributeReference {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export interface ComparisonNode {
  kind: 'comparison';
  attribute: AttributeReference;
  operator: ComparisonOperator;
  value: FilterValue;
}

export interface PresentNode {
  kind: 'present';
  attribute: AttributeReference;
}

export interface LogicalNode {
  kind: 'and' | 'or';
  left: FilterNode;
  right: FilterNode;
}

export interface NotNode {
  kind: 'not';
  filter: FilterNode;
}

/**
 * `emails[type eq "work"]`: a filter applied to the elements of a
 * multi-valued complex attribute. Attribute references inside `filter` are
 * relative to one element, so they name sub-attributes.
 */
export interface ValuePathNode {
  kind: 'valuePath';
  attribute: AttributeReference;
  filter: FilterNode;
}

export type FilterNode = ComparisonNode | PresentNode | LogicalNode | NotNode | ValuePathNode;

/**
 * A PATCH operation path: `attr`, `attr.sub`, `urn:...:attr`,
 * `attr[filter]` or `attr[filter].sub`.
 */
export interface PatchPath {
  attribute: AttributeReference;
  /** The value filter between brackets, when present. */
  filter?: FilterNode;
  /** The sub-attribute after the closing bracket, when present. */
  subAttribute?: string;
}
