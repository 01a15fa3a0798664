/**
 * Create a challenge: prepares a code check for a factor. For a phone factor the server
 * sends the SMS (or WhatsApp message) now and refuses a second one within a minute.
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { fail, ok, type Result } from '../shared/result.js';
import { isError, oneOf, uuid } from '../shared/validate.js';

export interface CreateChallengeInput {
  factorId: unknown;
  channel?: unknown;
}

export interface CreatedChallenge {
  challengeId: string;
  factorId: string;
  factorType: string;
  expiresAt: Date | null;
}

export async function createChallenge(auth: SupabaseAuth, input: CreateChallengeInput): Promise<Result<CreatedChallenge>> {
  const factorId = uuid(input.factorId, 'Factor id');
  if (isError(factorId)) return fail(factorId);
  const channel = oneOf(input.channel, ['sms', 'whatsapp'] as const, 'Channel', 'sms');
  if (isError(channel)) return fail(channel);

  // The server reads channel only for phone factors; TOTP challenges ignore it.
  const res = await call(() => auth.mfa.challenge({ factorId, channel }));
  if (res.error) return fail(res.error);
  const data = res.data as { id: string; type: string; expires_at?: number };
  return ok({
    challengeId: data.id,
    factorId,
    factorType: data.type,
    expiresAt: data.expires_at ? new Date(data.expires_at * 1000) : null,
  });
}
