/**
 * Create a challenge: prepares a code check for a factor. For a phone factor the server
 * sends the SMS (or WhatsApp message) now and refuses a second one within a minute.
 */
import type { SupabaseAuth } from '../shared/client.js';
import { call } from '../shared/call.js';
import { setupField } from '../shared/errors.js';
import { mapResult, validated, type Result } from '../shared/result.js';
import { oneOf, uuid } from '../shared/validate.js';

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
  const v = validated({
    factorId: setupField(uuid(input.factorId, 'Factor id')),
    channel: setupField(oneOf(input.channel, ['sms', 'whatsapp'] as const, 'Channel', 'sms')),
  });
  if (v.error) return v;
  const { factorId, channel } = v.data;

  // The server reads channel only for phone factors; TOTP challenges ignore it.
  const res = await call(() => auth.mfa.challenge({ factorId, channel }));
  return mapResult(res, (data: { id: string; type: string; expires_at?: number }) => ({
    challengeId: data.id,
    factorId,
    factorType: data.type,
    expiresAt: data.expires_at ? new Date(data.expires_at * 1000) : null,
  }));
}
