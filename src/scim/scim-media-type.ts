/** Media type of SCIM responses (RFC 7644 section 3.1). */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
