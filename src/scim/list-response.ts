import { LIST_RESPONSE_URN } from './schema/schema-urns';

/** An RFC 7644 section 3.4.2 ListResponse. itemsPerPage is the number of resources on this page. */
export function buildListResponse(
  resources: Record<string, unknown>[],
  totalResults: number,
  startIndex: number,
): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_URN],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
