import { AuditEvent } from '../audit/audit-event.entity';
import { ScimConnection } from '../connections/scim-connection.entity';
import { Member } from '../organizations/member.entity';
import { Organization } from '../organizations/organization.entity';
import { RoleMapping } from '../role-mappings/role-mapping.entity';
import { ScimGroupMember } from '../scim-groups/scim-group-member.entity';
import { ScimGroup } from '../scim-groups/scim-group.entity';
import { ScimToken } from '../tokens/scim-token.entity';

/** Every entity of the service, listed explicitly so the CLI and the tests load the same set. */
export const ENTITIES = [
  Organization,
  Member,
  ScimConnection,
  ScimToken,
  AuditEvent,
  ScimGroup,
  ScimGroupMember,
  RoleMapping,
];
