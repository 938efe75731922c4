import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';

interface AccessTokenClaims {
  sub: string;
}

/** Mints and verifies admin access tokens: HS256 JWTs whose `sub` is the member id. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  mint(memberId: string): Promise<string> {
    return this.jwt.signAsync({ sub: memberId } satisfies AccessTokenClaims, {
      algorithm: 'HS256',
      secret: this.config.authJwtSecret,
      expiresIn: this.config.authJwtTtlSeconds,
    });
  }

  /** Returns the member id of a valid, unexpired token, or null for any invalid token. */
  async verify(token: string): Promise<string | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
        secret: this.config.authJwtSecret,
      });
      return typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
