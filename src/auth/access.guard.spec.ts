import { Controller, ExecutionContext, Get, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '../common/domain-error';
import { PublicAccess } from './access.decorator';
import { AccessGuard } from './access.guard';

@Controller()
class ExampleController {
  @Get('open')
  @PublicAccess()
  open(): void {}

  @Get('forgotten')
  forgotten(): void {}
}

function contextFor(handler: () => void): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => ExampleController,
    switchToHttp: () => ({ getRequest: () => ({ headers: {}, params: {} }) }),
  } as unknown as ExecutionContext;
}

describe(AccessGuard.name, () => {
  const guard = new AccessGuard(new Reflector());

  it('denies a route without access metadata', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const attempt = guard.canActivate(contextFor(ExampleController.prototype.forgotten));

    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('has no access policy'));
    logged.mockRestore();
  });

  it('allows a public route without credentials', async () => {
    await expect(guard.canActivate(contextFor(ExampleController.prototype.open))).resolves.toBe(
      true,
    );
  });

  it('denies SCIM routes when no authenticator exists', async () => {
    const scimGuard = new AccessGuard({ getAllAndOverride: () => 'scim' } as unknown as Reflector);

    await expect(
      scimGuard.canActivate(contextFor(ExampleController.prototype.open)),
    ).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
  });
});
