import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random access token, URL-safe (192 bits). */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Whether `candidate` is the token, in time independent of where they differ:
 * both are hashed first, so neither their contents nor their lengths leak.
 */
export function tokenMatches(token: string, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  return timingSafeEqual(digest(token), digest(candidate));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
