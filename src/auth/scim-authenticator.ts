import type { ExecutionContext } from '@nestjs/common';

/**
 * Authenticates SCIM requests for the AccessGuard. The tokens module
 * provides the implementation; it throws on failure.
 */
export abstract class ScimAuthenticator {
  abstract authenticate(context: ExecutionContext): Promise<boolean>;
}
