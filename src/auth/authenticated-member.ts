import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '../organizations/role';

/** The member behind an admin API request, read from the database on every request. */
export interface AuthenticatedMember {
  id: string;
  organizationId: string;
  role: Role;
}

/** Injects the authenticated member into a controller parameter. */
export const CurrentMember = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedMember =>
    context.switchToHttp().getRequest<{ user: AuthenticatedMember }>().user,
);
