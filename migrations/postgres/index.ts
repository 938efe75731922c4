import { CreateOrganizationsAndScimConnections1796415259000 } from './1796415259000-CreateOrganizationsAndScimConnections';

/** postgres migrations in the order they apply. Append new ones; never edit or reorder. */
export const POSTGRES_MIGRATIONS = [CreateOrganizationsAndScimConnections1796415259000];
