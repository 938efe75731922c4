import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import { RateLimiter } from '../rate-limits/rate-limiter.service';
import { ADMIN_BEARER_SCHEME, Access } from './access.decorator';
import type { AuthenticatedMember } from './authenticated-member';
import { isOrganizationScoped, isRoleAllowed, MemberPolicy } from './rbac';
import { ScimAuthenticator } from './scim-authenticator';

const AdminJwtGuard = AuthGuard(ADMIN_BEARER_SCHEME);

export const ADMIN_UNAUTHORIZED =
  'The access token is missing, invalid or expired, or its member is deactivated; ' +
  'mint a new one with npm run cli -- token:mint --member MEMBER_ID';

/**
 * The single global guard. It reads the route's access policy and denies
 * routes that declare none. Member policies authenticate the admin JWT,
 * return 404 when the caller is outside the organization in the path (so
 * organization ids cannot be probed) and then check the role. Authenticated
 * requests count against the rate limit of their connection or member.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);
  private readonly adminJwtGuard = new AdminJwtGuard();

  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly scimAuthenticator?: ScimAuthenticator,
    @Optional() private readonly rateLimiter?: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride(Access, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === undefined) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} has no access policy; denied`,
      );
      throw DomainError.forbidden('Access denied');
    }
    if (policy === 'public') return true;
    if (policy === 'scim') {
      if (this.scimAuthenticator === undefined) throw DomainError.forbidden('Access denied');
      await this.scimAuthenticator.authenticate(context);
      // Counted after authentication, so requests with a wrong token cannot use up a connection's limit.
      const connectionId = (
        context.switchToHttp().getRequest<FastifyRequest>().params as Record<string, string>
      ).connectionId;
      const limited = this.rateLimiter?.enforce('scim', connectionId);
      if (limited !== undefined) await limited;
      return true;
    }
    return this.authorizeMember(context, policy);
  }

  private async authorizeMember(context: ExecutionContext, policy: MemberPolicy): Promise<boolean> {
    try {
      await this.adminJwtGuard.canActivate(context);
    } catch (error) {
      if (error instanceof UnauthorizedException)
        throw new UnauthorizedException(ADMIN_UNAUTHORIZED);
      throw error;
    }
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user: AuthenticatedMember }>();
    const member = request.user;
    const limited = this.rateLimiter?.enforce('admin', member.id);
    if (limited !== undefined) await limited;

    if (isOrganizationScoped(policy)) {
      const organizationId = (request.params as Record<string, string | undefined>).organizationId;
      if (organizationId === undefined || organizationId !== member.organizationId) {
        throw DomainError.notFound(`Organization ${organizationId ?? ''} not found`);
      }
    }
    if (!isRoleAllowed(policy, member.role)) {
      throw DomainError.forbidden(
        policy === 'manage'
          ? 'Only Admin and IT Admin members may change SCIM provisioning settings and member roles'
          : 'Only Admin, IT Admin and Executive members may view SCIM provisioning settings and members',
      );
    }
    return true;
  }
}
