/**
 * Joins the SCIM base URL of a connection, such as
 * `https://scim.example.com/scim/v2/<connectionId>`, and path segments into a
 * `meta.location` URL. Trailing slashes of the base URL are ignored. Segments
 * are used as given, because schema URNs keep their colons in RFC 7643
 * section 7 locations.
 */
export function buildLocation(baseUrl: string, ...segments: string[]): string {
  const base = baseUrl.replace(/\/+$/, '');
  return [base, ...segments].join('/');
}
