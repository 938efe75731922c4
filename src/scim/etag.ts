import { ScimError } from './scim-error';

/** The weak entity tag of a resource version, as sent in ETag and meta.version. */
export function formatEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Whether an If-Match or If-None-Match header names the version: `*`, or a
 * list of strong or weak tags compared weakly (RFC 7232 section 2.3.2).
 */
export function etagMatches(header: string, version: number): boolean {
  const tags = header.split(',').map((tag) => tag.trim());
  if (tags.includes('*')) return true;
  return tags.some((tag) => tag.replace(/^W\//, '') === `"${version}"`);
}

/** Raises 412 unless the If-Match header is absent or names the current version. */
export function assertIfMatch(header: string | undefined, version: number): void {
  if (header !== undefined && header.trim() !== '' && !etagMatches(header, version)) {
    throw new ScimError(
      412,
      `The resource has changed; its current version is ${formatEtag(version)}`,
    );
  }
}
