import { CreateOrganizationsAndScimConnections1796415259000 } from './1796415259000-CreateOrganizationsAndScimConnections';

/** sqlite migrations in the order they apply. Append new ones; never edit or reorder. */
export const SQLITE_MIGRATIONS = [CreateOrganizationsAndScimConnections1796415259000];
