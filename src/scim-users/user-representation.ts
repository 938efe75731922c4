import type { Member } from '../organizations/member.entity';
import { formatEtag } from '../scim/etag';
import { ENTERPRISE_USER_SCHEMA_URN, USER_SCHEMA_URN } from '../scim/schema/schema-urns';

type JsonObject = Record<string, unknown>;

/** Attributes kept in members' columns rather than in the JSON document. */
const COLUMN_ATTRIBUTES = new Set([
  'schemas',
  'id',
  'meta',
  'userName',
  'externalId',
  'displayName',
  'active',
  'groups',
  'password',
]);

/** The User attributes of a normalized SCIM document, split into columns and the JSON document. */
export interface UserFields {
  userName: string;
  externalId: string | null;
  displayName: string | null;
  /** Undefined when the document omits it; POST defaults it to true. */
  active: boolean | undefined;
  email: string;
  attributes: JsonObject;
}

/** One entry of a User's read-only `groups` attribute (RFC 7643 section 4.1.2). */
export interface UserGroup {
  value: string;
  display: string;
  $ref: string;
  type: 'direct';
}

export function userLocation(scimBaseUrl: string, memberId: string): string {
  return `${scimBaseUrl}/Users/${memberId}`;
}

/** Splits a normalized User document into the member's columns and the JSON document. */
export function toUserFields(document: JsonObject): UserFields {
  const attributes: JsonObject = {};
  for (const [key, value] of Object.entries(document)) {
    if (!COLUMN_ATTRIBUTES.has(key)) attributes[key] = value;
  }
  const userName = String(document.userName);
  return {
    userName,
    externalId: typeof document.externalId === 'string' ? document.externalId : null,
    displayName: typeof document.displayName === 'string' ? document.displayName : null,
    active: typeof document.active === 'boolean' ? document.active : undefined,
    email: primaryEmail(document) ?? userName,
    attributes,
  };
}

/**
 * The member as a SCIM User (before attribute projection). Members created
 * by hand have no SCIM document, so their email becomes their one work email.
 */
export function toScimUser(
  member: Member,
  scimBaseUrl: string,
  groups: UserGroup[] = [],
): JsonObject {
  const attributes = parseAttributes(member);
  const resource: JsonObject = {
    schemas:
      attributes[ENTERPRISE_USER_SCHEMA_URN] === undefined
        ? [USER_SCHEMA_URN]
        : [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN],
    id: member.id,
  };
  if (member.externalId !== null) resource.externalId = member.externalId;
  resource.userName = member.userName;
  if (member.displayName !== null) resource.displayName = member.displayName;
  Object.assign(resource, attributes);
  resource.active = member.status === 'active';
  if (groups.length > 0) resource.groups = groups;
  resource.meta = {
    resourceType: 'User',
    created: member.createdAt.toISOString(),
    lastModified: member.updatedAt.toISOString(),
    location: userLocation(scimBaseUrl, member.id),
    version: formatEtag(member.scimVersion),
  };
  return resource;
}

/** The document that PATCH operations apply to: every stored attribute, without meta. */
export function toPatchableDocument(member: Member): JsonObject {
  const attributes = parseAttributes(member);
  const document: JsonObject = {
    schemas:
      attributes[ENTERPRISE_USER_SCHEMA_URN] === undefined
        ? [USER_SCHEMA_URN]
        : [USER_SCHEMA_URN, ENTERPRISE_USER_SCHEMA_URN],
    id: member.id,
    userName: member.userName,
    ...attributes,
    active: member.status === 'active',
  };
  if (member.externalId !== null) document.externalId = member.externalId;
  if (member.displayName !== null) document.displayName = member.displayName;
  return document;
}

function parseAttributes(member: Member): JsonObject {
  if (member.scimAttributes !== null) return JSON.parse(member.scimAttributes) as JsonObject;
  return { emails: [{ value: member.email, type: 'work', primary: true }] };
}

/** Returns the primary email, else the work one, else the first. Emails without a value do not count. */
function primaryEmail(document: JsonObject): string | undefined {
  // An identity provider may send "" for an email that its source no longer has.
  const emails = (Array.isArray(document.emails) ? (document.emails as JsonObject[]) : []).filter(
    (email) => typeof email.value === 'string' && email.value.trim() !== '',
  );
  const chosen =
    emails.find((email) => email.primary === true) ??
    emails.find((email) => email.type === 'work') ??
    emails[0];
  return typeof chosen?.value === 'string' ? chosen.value : undefined;
}
