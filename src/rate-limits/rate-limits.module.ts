import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.service';

/** Global so the application-wide AccessGuard and the metrics can inject the limiter. */
@Global()
@Module({
  providers: [RateLimiter],
  exports: [RateLimiter],
})
export class RateLimitsModule {}
