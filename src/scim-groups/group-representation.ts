import { formatEtag } from '../scim/etag';
import { GROUP_SCHEMA_URN } from '../scim/schema/schema-urns';
import type { ScimGroup } from './scim-group.entity';

type JsonObject = Record<string, unknown>;

/** A member of a group as the Group resource shows it. */
export interface GroupMemberView {
  id: string;
  userName: string;
  displayName: string | null;
}

export function groupLocation(scimBaseUrl: string, groupId: string): string {
  return `${scimBaseUrl}/Groups/${groupId}`;
}

/**
 * Converts the group to a SCIM Group (before attribute projection). `members` is
 * left out when it was not loaded, because the response does not return it.
 */
export function toScimGroup(
  group: ScimGroup,
  scimBaseUrl: string,
  members: readonly GroupMemberView[] | undefined,
): JsonObject {
  const resource: JsonObject = { schemas: [GROUP_SCHEMA_URN], id: group.id };
  if (group.externalId !== null) resource.externalId = group.externalId;
  resource.displayName = group.displayName;
  if (members !== undefined && members.length > 0) {
    resource.members = members.map((member) => ({
      value: member.id,
      display: member.displayName ?? member.userName,
      $ref: `${scimBaseUrl}/Users/${member.id}`,
      type: 'User',
    }));
  }
  resource.meta = {
    resourceType: 'Group',
    created: group.createdAt.toISOString(),
    lastModified: group.updatedAt.toISOString(),
    location: groupLocation(scimBaseUrl, group.id),
    version: formatEtag(group.scimVersion),
  };
  return resource;
}
