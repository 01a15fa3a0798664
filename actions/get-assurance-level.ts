/**
 * Get authenticator assurance level: current / next level and how the session was
 * authenticated, decoded from the stored session by auth-js (no request, unless the stored
 * token has expired and must be refreshed anyway).
 */
import type { SupabaseAuth } from '../shared/client.js';
import type { Result } from '../shared/result.js';
import { readAssurance, type Assurance } from '../shared/session-snapshot.js';

export type { Assurance };

export function getAssuranceLevel(auth: SupabaseAuth): Promise<Result<Assurance>> {
  return readAssurance(auth);
}
