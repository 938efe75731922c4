import type { FastifyReply } from 'fastify';
import { etagMatches, formatEtag } from './etag';
import type { RawListParameters } from './list-query';
import type { JsonObject } from './schema/json-value';
import { projectResource } from './schema/resource-projection';
import type { ScimResourceType } from './schema/schema-registry';

/**
 * Sets ETag (and Location for a created resource) from the resource's meta
 * and returns the resource as written, with its default attributes.
 */
export function replyWithWritten(
  reply: FastifyReply,
  resource: JsonObject,
  resourceType: ScimResourceType,
  created = false,
): JsonObject {
  const meta = resource.meta as { location: string; version: string };
  void reply.header('etag', meta.version);
  if (created) void reply.header('location', meta.location);
  return projectResource(resource, resourceType, {});
}

/**
 * Sets ETag for a read and, when If-None-Match names the current version,
 * sets 304. Returns true when the caller must send no body.
 */
export function replyNotModified(
  reply: FastifyReply,
  ifNoneMatch: string | undefined,
  version: number,
): boolean {
  void reply.header('etag', formatEtag(version));
  if (ifNoneMatch === undefined || !etagMatches(ifNoneMatch, version)) return false;
  void reply.status(304);
  return true;
}

/** Reads a SearchRequest body (RFC 7644 section 3.4.3); its attribute names are arrays. */
export function searchRequestParameters(body: unknown): RawListParameters {
  if (body === undefined || body === null) return {};
  // A number is not a filter, so parseListQuery raises invalidFilter for a body that is not an object.
  if (typeof body !== 'object' || Array.isArray(body)) return { filter: 0 };
  return body as RawListParameters;
}
