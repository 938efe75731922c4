import { Global, Module } from '@nestjs/common';
import { ScimAuthenticator } from '../auth/scim-authenticator';
import { ScimBearerAuthenticator } from './scim-bearer.authenticator';
import { ScimTokenService } from './scim-token.service';
import { TokenHasher } from './token-hasher';

/** Global so the application-wide AccessGuard can inject the SCIM authenticator. */
@Global()
@Module({
  providers: [
    TokenHasher,
    ScimTokenService,
    { provide: ScimAuthenticator, useClass: ScimBearerAuthenticator },
  ],
  exports: [TokenHasher, ScimTokenService, ScimAuthenticator],
})
export class TokensModule {}
