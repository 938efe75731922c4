import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { AppConfig } from '../config/app-config';

/**
 * Hashing for SCIM bearer token secrets: a bcrypt hash (slow, for the case
 * where the database leaks) and a keyed HMAC-SHA-256 verifier (fast, so
 * random or tampered tokens are rejected before bcrypt runs).
 */
@Injectable()
export class TokenHasher {
  /** bcrypt comparisons run by this instance since start; tests and metrics read it. */
  bcryptComparisons = 0;

  constructor(private readonly config: AppConfig) {}

  hash(secret: string): Promise<string> {
    return bcrypt.hash(secret, this.config.bcryptCost);
  }

  verifier(secret: string): string {
    return createHmac('sha256', this.config.tokenVerifierKey).update(secret).digest('hex');
  }

  /** Compares a secret's verifier with a stored one in constant time. */
  matchesVerifier(secret: string, storedVerifier: string): boolean {
    const expected = Buffer.from(storedVerifier, 'hex');
    const actual = Buffer.from(this.verifier(secret), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  compareHash(secret: string, hash: string): Promise<boolean> {
    this.bcryptComparisons += 1;
    return bcrypt.compare(secret, hash);
  }
}
