import type { AttributeType } from '../schema/attribute-definition';
import type { ParameterAllocator } from './sql-parameters';

export type SqlDialect = 'sqlite' | 'postgres';

/** Attribute types that a filter compares directly; complex attributes are reached through sub-attributes. */
export type ScalarAttributeType = Exclude<AttributeType, 'complex'>;

/**
 * Storage of a dateTime value.
 * - `isoText`: text in the form `2026-01-02T03:04:05.000Z` (UTC, milliseconds),
 *   as `Date.prototype.toISOString` writes it. JSON documents use this form.
 * - `timestamp`: a TypeORM datetime column, which is `timestamptz` on
 *   PostgreSQL and UTC text `YYYY-MM-DD HH:MM:SS.SSS` on SQLite.
 */
export type DateTimeStorage = 'isoText' | 'timestamp';

/** RFC 7643 characteristics that decide how a scalar value compares. */
export interface ScalarCharacteristics {
  type: ScalarAttributeType;
  /** RFC 7643 section 2.2 default: false. Ignored for non-string types. */
  caseExact?: boolean;
  /** Required for type dateTime. */
  dateTimeStorage?: DateTimeStorage;
}

/**
 * A scalar attribute stored in a column or computed by a SQL expression, such
 * as `m.user_name`. On PostgreSQL the expression must have the SQL type that
 * `type` implies: text for string, reference and binary, a number type for
 * integer and decimal, boolean, and timestamptz for a `timestamp` dateTime.
 */
export interface ColumnMapping extends ScalarCharacteristics {
  kind: 'column';
  expression: string;
}

/**
 * A boolean attribute computed by a SQL condition, such as `active` as
 * `(m.status = 'active')`. A NULL result means the attribute is absent.
 */
export interface BooleanExpressionMapping {
  kind: 'booleanExpression';
  expression: string;
}

/**
 * A scalar inside a JSON document stored as text in `column`, at the object
 * keys in `path` (for example ["name", "givenName"]). Extension attributes
 * sit under their schema URN key. A value of another JSON type than `type`
 * counts as absent.
 */
export interface JsonValueMapping extends ScalarCharacteristics {
  kind: 'jsonValue';
  column: string;
  path: readonly string[];
}

/** A sub-attribute of the elements of a multi-valued attribute stored as JSON; dateTimes are `isoText`. */
export type JsonElementAttribute = Omit<ScalarCharacteristics, 'dateTimeStorage'>;

/**
 * A multi-valued complex attribute stored as a JSON array of objects in a
 * text column, such as `emails` at path ["emails"]. Filters compare
 * sub-attributes inside an EXISTS over the array elements.
 */
export interface JsonArrayMapping {
  kind: 'jsonArray';
  column: string;
  path: readonly string[];
  /** Keyed by sub-attribute name, matched case-insensitively. */
  subAttributes: Readonly<Record<string, JsonElementAttribute>>;
}

/** A sub-attribute of a related row: a SQL expression over the subquery's FROM clause. */
export interface RelatedRowAttribute extends ScalarCharacteristics {
  expression: string;
}

/** The FROM clause and correlation condition of a related-rows subquery. */
export interface RelatedRowsSource {
  /** For example `scim_group_members gm`. Use an alias that the outer query does not use. */
  from: string;
  /** For example `gm.member_id = m.id`. */
  where: string;
}

/** Values that a RelatedRowsMapping may use to build its subquery. */
export interface RelatedRowsContext {
  dialect: SqlDialect;
  /** The allocator of the compiled filter, so that the subquery's parameter names are unique within it. */
  parameters: ParameterAllocator;
}

/**
 * A multi-valued attribute whose values are rows of another table, such as
 * Groups' `members` or Users' `groups` in a membership table. The compiler
 * wraps each condition in `EXISTS (SELECT 1 FROM <from> WHERE <where> AND
 * <condition>)`, so every operator and value filter works as it does for a
 * JSON array.
 */
export interface RelatedRowsMapping {
  kind: 'relatedRows';
  /** Keyed by sub-attribute name, matched case-insensitively. */
  subAttributes: Readonly<Record<string, RelatedRowAttribute>>;
  source(context: RelatedRowsContext): RelatedRowsSource;
}

export type ScalarMapping = ColumnMapping | BooleanExpressionMapping | JsonValueMapping;
export type MultiValuedMapping = JsonArrayMapping | RelatedRowsMapping;
export type AttributeMapping = ScalarMapping | MultiValuedMapping;

/**
 * The filterable attributes of one resource type, supplied by the resource
 * (Users, Groups). Only expressions from this map reach the SQL text, so it
 * must come from code, never from a request.
 */
export interface AttributeMap {
  /**
   * The resource's core schema URN, such as
   * `urn:ietf:params:scim:schemas:core:2.0:User`. A reference qualified
   * with it resolves like the unqualified name.
   */
  coreSchema: string;
  /**
   * Keyed by attribute path, matched case-insensitively: `userName`,
   * `name.givenName`, `meta.created`, `emails`, or
   * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
   */
  attributes: Readonly<Record<string, AttributeMapping>>;
}
