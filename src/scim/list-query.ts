import type { FilterNode } from './filter/filter-ast';
import { parseFilter } from './filter/filter-parser';
import { ScimError } from './scim-error';

/** The list parameters of RFC 7644 sections 3.4.2 and 3.4.3, validated. */
export interface ListQuery {
  filter?: FilterNode;
  /** 1-based index of the first result. */
  startIndex: number;
  /** Maximum number of resources on the page; 0 returns only totalResults. */
  count: number;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  attributes?: string[];
  excludedAttributes?: string[];
}

export const DEFAULT_PAGE_SIZE = 100;

/** Raw parameters as they arrive in a query string or a SearchRequest body. */
export interface RawListParameters {
  filter?: unknown;
  startIndex?: unknown;
  count?: unknown;
  sortBy?: unknown;
  sortOrder?: unknown;
  attributes?: unknown;
  excludedAttributes?: unknown;
}

/**
 * Validates list parameters. A startIndex below 1 means 1 and a negative
 * count means 0 (RFC 7644 section 3.4.2.4). startIndex is capped at
 * Number.MAX_SAFE_INTEGER, past any page the database can hold, so that
 * SQL offsets stay exact integers. count is capped at `maxResults`, which
 * /ServiceProviderConfig advertises. A value that is not a number is 400
 * invalidValue.
 */
export function parseListQuery(raw: RawListParameters, maxResults: number): ListQuery {
  const query: ListQuery = {
    startIndex: Math.min(
      Number.MAX_SAFE_INTEGER,
      Math.max(1, readInteger(raw.startIndex, 'startIndex') ?? 1),
    ),
    count: Math.min(
      maxResults,
      Math.max(0, readInteger(raw.count, 'count') ?? Math.min(DEFAULT_PAGE_SIZE, maxResults)),
    ),
    sortOrder: readSortOrder(raw.sortOrder),
  };
  const filter = readString(raw.filter, 'filter');
  if (filter !== undefined) {
    if (filter.trim() === '') throw ScimError.invalidFilter('filter is empty');
    query.filter = parseFilter(filter);
  }
  const sortBy = readString(raw.sortBy, 'sortBy');
  if (sortBy !== undefined && sortBy.trim() !== '') query.sortBy = sortBy.trim();
  query.attributes = readAttributeList(raw.attributes, 'attributes');
  query.excludedAttributes = readAttributeList(raw.excludedAttributes, 'excludedAttributes');
  return query;
}

function readInteger(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  throw ScimError.invalidValue(`${name} must be an integer; got ${JSON.stringify(value)}`);
}

function readString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw ScimError.invalidValue(`${name} must be a string`);
}

function readSortOrder(value: unknown): 'ascending' | 'descending' {
  const text = readString(value, 'sortOrder');
  if (text === undefined || text === '') return 'ascending';
  const normalized = text.toLowerCase();
  if (normalized === 'ascending' || normalized === 'descending') return normalized;
  throw ScimError.invalidValue(`sortOrder must be "ascending" or "descending"; got "${text}"`);
}

/** Accepts a comma-separated string (query string) or an array of strings (SearchRequest). */
function readAttributeList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : undefined;
  if (items === undefined || items.some((item) => typeof item !== 'string')) {
    throw ScimError.invalidValue(`${name} must be a comma-separated string or an array of strings`);
  }
  const names = (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
  return names.length === 0 ? undefined : names;
}
