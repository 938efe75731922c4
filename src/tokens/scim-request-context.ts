import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The authenticated SCIM caller: a connection, acting with one of its tokens. */
export interface ScimCaller {
  connectionId: string;
  organizationId: string;
  tokenId: string;
}

/** Injects the authenticated SCIM caller into a controller parameter. */
export const CurrentScimCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ScimCaller =>
    context.switchToHttp().getRequest<{ scimCaller: ScimCaller }>().scimCaller,
);
