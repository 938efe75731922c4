import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { MembersService } from '../organizations/members.service';
import { ADMIN_BEARER_SCHEME } from './access.decorator';
import { AccessTokenService } from './access-token.service';
import type { AuthenticatedMember } from './authenticated-member';

/**
 * passport-http-bearer strategy for the admin API. The member is loaded on
 * every request, so a deactivation or role change applies at once.
 */
@Injectable()
export class AdminJwtStrategy extends PassportStrategy(Strategy, ADMIN_BEARER_SCHEME) {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly members: MembersService,
  ) {
    super();
  }

  async validate(token: string): Promise<AuthenticatedMember | false> {
    const memberId = await this.accessTokens.verify(token);
    if (memberId === null) return false;
    const member = await this.members.findActiveForAuthentication(memberId);
    if (member === null) return false;
    return { id: member.id, organizationId: member.organizationId, role: member.role };
  }
}
