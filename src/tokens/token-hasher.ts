import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';
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

  private readonly verifierKey: KeyObject;

  constructor(private readonly config: AppConfig) {
    this.verifierKey = createSecretKey(Buffer.from(config.tokenVerifierKey, 'utf8'));
  }

  hash(secret: string): Promise<string> {
    return bcrypt.hash(secret, this.config.bcryptCost);
  }

  verifier(secret: string): Buffer {
    return createHmac('sha256', this.verifierKey).update(secret).digest();
  }

  /** Compares two verifiers in constant time. */
  verifiersEqual(presented: Buffer, stored: Buffer): boolean {
    return presented.length === stored.length && timingSafeEqual(presented, stored);
  }

  compareHash(secret: string, hash: string): Promise<boolean> {
    this.bcryptComparisons += 1;
    return bcrypt.compare(secret, hash);
  }
}
