import type { ScalarAttributeType, SqlDialect } from './attribute-map';

/**
 * The SQL snippets that differ between SQLite 3.5x (better-sqlite3) and
 * PostgreSQL 15. Each snippet returns the same result on both engines for
 * the same data, and the filter compiler composes them.
 */
export interface DialectSyntax {
  /** A bound text parameter. PostgreSQL needs the type to pick an overload of length() and lower(). */
  textParameter(placeholder: string): string;
  numberParameter(placeholder: string): string;
  /** Marks a text expression to compare by Unicode code point. */
  codePointOrder(expression: string): string;
  /** Case-sensitive substring tests; SQLite LIKE would fold ASCII case. */
  contains(value: string, needle: string): string;
  startsWith(value: string, prefix: string): string;
  endsWith(value: string, suffix: string): string;
  /** Parses a JSON text column into the engine's JSON document type. */
  jsonDocument(column: string): string;
  /** A scalar at `path` in a JSON document, or NULL when it is absent or of another JSON type than `type`. */
  jsonValue(document: string, path: readonly string[], type: ScalarAttributeType): string;
  /** A FROM item with one row per element of the JSON array at `path`, or none when it is not an array. */
  jsonArrayElements(document: string, path: readonly string[], alias: string): string;
  /** The JSON document of one element row of jsonArrayElements, or NULL when the element is not an object. */
  elementDocument(alias: string): string;
  /** The 0- or 1-based index of an element row; only its order matters. */
  elementPosition(alias: string): string;
  /** Normalizes a TypeORM datetime column to the millisecond instant that Date parameters carry. */
  timestampValue(expression: string): string;
  timestampParameter(instant: Date): unknown;
}

const SQLITE_TIMESTAMP_FORMAT = `'%Y-%m-%d %H:%M:%f'`;

export const SQLITE_SYNTAX: DialectSyntax = {
  textParameter: (placeholder) => placeholder,
  numberParameter: (placeholder) => placeholder,
  codePointOrder: (expression) => `${expression} COLLATE BINARY`,
  contains: (value, needle) => `instr(${value}, ${needle}) > 0`,
  startsWith: (value, prefix) => `substr(${value}, 1, length(${prefix})) = ${prefix}`,
  // The compiler handles an empty suffix before this, because substr(x, -0) is all of x.
  endsWith: (value, suffix) => `substr(${value}, -length(${suffix})) = ${suffix}`,
  jsonDocument: (column) => column,
  jsonValue: sqliteJsonValue,
  jsonArrayElements(document, path, alias) {
    const jsonPath = sqliteJsonPath(path);
    const array = `CASE WHEN json_type(${document}, ${jsonPath}) = 'array' THEN json_extract(${document}, ${jsonPath}) END`;
    return `json_each(${array}) AS ${alias}`;
  },
  // json_type() fails on a text element such as "a", which is not JSON text, so only objects pass.
  elementDocument: (alias) => `(CASE WHEN ${alias}.type = 'object' THEN ${alias}.value END)`,
  elementPosition: (alias) => `${alias}.key`,
  // strftime also reads the seconds-only text of datetime('now') defaults.
  timestampValue: (expression) => `strftime(${SQLITE_TIMESTAMP_FORMAT}, ${expression})`,
  timestampParameter: (instant) => instant.toISOString().slice(0, 23).replace('T', ' '),
};

export const POSTGRES_SYNTAX: DialectSyntax = {
  textParameter: (placeholder) => `CAST(${placeholder} AS text)`,
  numberParameter: (placeholder) => `CAST(${placeholder} AS numeric)`,
  codePointOrder: (expression) => `${expression} COLLATE "C"`,
  contains: (value, needle) => `strpos(${value}, ${needle}) > 0`,
  startsWith: (value, prefix) => `left(${value}, length(${prefix})) = ${prefix}`,
  endsWith: (value, suffix) => `right(${value}, length(${suffix})) = ${suffix}`,
  jsonDocument: (column) => `CAST(${column} AS jsonb)`,
  jsonValue: postgresJsonValue,
  jsonArrayElements(document, path, alias) {
    const node = `(${document} #> ${postgresTextArray(path)})`;
    const array = `CASE WHEN jsonb_typeof(${node}) = 'array' THEN ${node} ELSE CAST('[]' AS jsonb) END`;
    return `jsonb_array_elements(${array}) WITH ORDINALITY AS ${alias}(value, position)`;
  },
  elementDocument: (alias) => `${alias}.value`,
  elementPosition: (alias) => `${alias}.position`,
  // timestamptz keeps microseconds, but SCIM shows and Date parameters carry milliseconds.
  timestampValue: (expression) => `date_trunc('milliseconds', ${expression})`,
  timestampParameter: (instant) => instant,
};

export function dialectSyntax(dialect: SqlDialect): DialectSyntax {
  return dialect === 'sqlite' ? SQLITE_SYNTAX : POSTGRES_SYNTAX;
}

function sqliteJsonValue(
  document: string,
  path: readonly string[],
  type: ScalarAttributeType,
): string {
  const jsonPath = sqliteJsonPath(path);
  const jsonType = `json_type(${document}, ${jsonPath})`;
  const value = `json_extract(${document}, ${jsonPath})`;
  switch (type) {
    case 'boolean':
      return `(CASE ${jsonType} WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)`;
    case 'integer':
    case 'decimal':
      return `(CASE WHEN ${jsonType} IN ('integer', 'real') THEN ${value} END)`;
    default:
      return `(CASE WHEN ${jsonType} = 'text' THEN ${value} END)`;
  }
}

function postgresJsonValue(
  document: string,
  path: readonly string[],
  type: ScalarAttributeType,
): string {
  const node = `(${document} #> ${postgresTextArray(path)})`;
  const jsonType = `jsonb_typeof(${node})`;
  const text = `${node} #>> '{}'`;
  switch (type) {
    case 'boolean':
      return `(CASE WHEN ${jsonType} = 'boolean' THEN CAST(${text} AS boolean) END)`;
    case 'integer':
    case 'decimal':
      return `(CASE WHEN ${jsonType} = 'number' THEN CAST(${text} AS numeric) END)`;
    default:
      return `(CASE WHEN ${jsonType} = 'string' THEN ${text} END)`;
  }
}

// NOTE: TypeORM replaces `:name` anywhere in the SQL text, string literals
// included, when the query's parameters contain `name`. A URN key such as
// `urn:ietf:params:...` is safe unless the query also has a parameter named
// after one of its segments (ietf, params, scim, User, …).
function sqliteJsonPath(path: readonly string[]): string {
  const labels = path.map((key) => {
    if (key.includes('"')) {
      throw new TypeError(
        `Invalid JSON key ${JSON.stringify(key)} in an attribute map: SQLite JSON paths cannot quote '"'.`,
      );
    }
    return `."${key}"`;
  });
  return sqlStringLiteral(`$${labels.join('')}`);
}

function postgresTextArray(path: readonly string[]): string {
  return `ARRAY[${path.map(sqlStringLiteral).join(', ')}]`;
}

function sqlStringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
