/**
 * Bubble adapters for the two server-side actions (plugin API v4: `async function(properties,
 * context)` on Bubble's servers: Node 22 as meta_data.json asks, bundled to run on 18 too).
 * Each returns every declared return value, with error_code / error_message set instead of
 * throwing; the service role key is read from context.keys and never echoed.
 */
import { adminDeleteFactor } from '../actions/admin-delete-factor.js';
import { adminListFactors } from '../actions/admin-list-factors.js';
import { createAdminClient } from '../shared/admin-client.js';
import { factorLists } from '../shared/factors.js';
import { isNotReady } from '../shared/bubble/types.js';
import type { MfaError } from '../shared/errors.js';
import { toMfaError } from '../shared/to-mfa-error.js';
import {
  SERVER_KEY_CAPTIONS,
  type AdminDeleteFactorProps,
  type AdminDeleteFactorReturns,
  type AdminListFactorsProps,
  type AdminListFactorsReturns,
  type ServerActionTypes,
} from '../shared/generated/plugin.js';

export interface ServerContext {
  keys?: Record<string, string | undefined>;
}

function adminFrom(context: ServerContext) {
  const keys = context.keys ?? {};
  return createAdminClient({ url: keys[SERVER_KEY_CAPTIONS.supabase_url], serviceRoleKey: keys[SERVER_KEY_CAPTIONS.service_role_key] });
}

/** Server actions must resolve, never reject, except for Bubble's own 'not ready'. */
async function settle<R>(work: () => Promise<R>, onError: (e: MfaError) => R): Promise<R> {
  try {
    return await work();
  } catch (e) {
    if (isNotReady(e)) throw e;
    return onError(toMfaError(e));
  }
}

const emptyDelete = (e: MfaError): AdminDeleteFactorReturns => ({ deleted_factor_id: null, error_code: e.code, error_message: e.message });

export function deleteFactorForUser(properties: AdminDeleteFactorProps, context: ServerContext): Promise<AdminDeleteFactorReturns> {
  const input = { userId: properties.user_id, factorId: properties.factor_id };
  return settle(async () => {
    const admin = adminFrom(context);
    if (admin.error) return emptyDelete(admin.error);
    const res = await adminDeleteFactor(admin.data, input);
    return res.error ? emptyDelete(res.error) : { deleted_factor_id: res.data.factorId, error_code: null, error_message: null };
  }, emptyDelete);
}

const emptyList = (e: MfaError | null): AdminListFactorsReturns => ({
  ...factorLists([]),
  error_code: e?.code ?? null,
  error_message: e?.message ?? null,
});

export function listFactorsForUser(properties: AdminListFactorsProps, context: ServerContext): Promise<AdminListFactorsReturns> {
  const input = { userId: properties.user_id };
  return settle(async () => {
    const admin = adminFrom(context);
    if (admin.error) return emptyList(admin.error);
    const res = await adminListFactors(admin.data, input);
    if (res.error) return emptyList(res.error);
    return { ...emptyList(null), ...factorLists(res.data) };
  }, emptyList);
}

/** What each server action's code box calls, by plugin.json name (all must be present). */
export const serverActions: {
  [K in keyof ServerActionTypes]: (p: ServerActionTypes[K]['props'], c: ServerContext) => Promise<ServerActionTypes[K]['returns']>;
} = {
  admin_delete_factor: deleteFactorForUser,
  admin_list_factors: listFactorsForUser,
};
