import { CreateOrganizationsAndScimConnections1796415259000 } from './1796415259000-CreateOrganizationsAndScimConnections';
import { AddScimUserAttributes1796417572000 } from './1796417572000-AddScimUserAttributes';
import { AddVisibleMembersIndex1796418066000 } from './1796418066000-AddVisibleMembersIndex';
import { CreateScimGroupsAndRoleMappings1796420000000 } from './1796420000000-CreateScimGroupsAndRoleMappings';
import { AddScimTokenLastUsedAt1796430000000 } from './1796430000000-AddScimTokenLastUsedAt';

/** postgres migrations in the order they apply. Append new ones; never edit or reorder. */
export const POSTGRES_MIGRATIONS = [CreateOrganizationsAndScimConnections1796415259000, AddScimUserAttributes1796417572000, AddVisibleMembersIndex1796418066000, CreateScimGroupsAndRoleMappings1796420000000, AddScimTokenLastUsedAt1796430000000];
