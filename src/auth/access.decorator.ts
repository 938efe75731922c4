import { applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto';
import type { AccessPolicy, MemberPolicy } from './rbac';

/** Typed access metadata; the global AccessGuard denies every route without it. */
export const Access = Reflector.createDecorator<AccessPolicy>();

export const ADMIN_BEARER_SCHEME = 'admin-jwt';
export const SCIM_BEARER_SCHEME = 'scim-token';

function memberAccess(policy: MemberPolicy): MethodDecorator & ClassDecorator {
  const decorators = [
    Access(policy),
    ApiBearerAuth(ADMIN_BEARER_SCHEME),
    ApiUnauthorizedResponse({
      description: 'Missing, invalid or expired access token, or a deactivated member',
      type: ErrorResponseDto,
    }),
  ];
  if (policy !== 'authenticated') {
    decorators.push(
      ApiNotFoundResponse({
        description:
          'The organization does not exist or the caller is not its member, or what the path ' +
          'names does not exist in it (such as its SCIM connection or a member)',
        type: ErrorResponseDto,
      }),
    );
  }
  if (policy === 'view' || policy === 'manage') {
    decorators.push(
      ApiForbiddenResponse({
        description: 'The caller’s role does not allow this',
        type: ErrorResponseDto,
      }),
    );
  }
  return applyDecorators(...decorators);
}

/** Admin, IT Admin and Executive of the organization in the path. */
export const ViewAccess = (): MethodDecorator & ClassDecorator => memberAccess('view');

/** Admin and IT Admin of the organization in the path. */
export const ManageAccess = (): MethodDecorator & ClassDecorator => memberAccess('manage');

/** Any active member of the organization in the path. */
export const OrganizationMemberAccess = (): MethodDecorator & ClassDecorator =>
  memberAccess('organization-member');

/** Any active member of any organization. */
export const AuthenticatedAccess = (): MethodDecorator & ClassDecorator =>
  memberAccess('authenticated');

/** A SCIM bearer token of the connection in the path. */
export const ScimAccess = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Access('scim'), ApiSecurity(SCIM_BEARER_SCHEME));

/** No authentication. */
export const PublicAccess = (): MethodDecorator & ClassDecorator => Access('public');
