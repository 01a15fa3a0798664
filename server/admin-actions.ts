/**
 * Bubble adapters for the admin server-side actions, and the list of every server-side action
 * (plugin API v4: `async function(properties, context)` on Bubble's servers: Node 22 as
 * meta_data.json asks, bundled to run on 18 too).
 * Each returns every declared return value, with error_code / error_message set instead of
 * throwing; the service role key is read from context.keys and never echoed.
 */
import { adminDeleteFactor } from '../actions/admin-delete-factor.js';
import { adminListFactors } from '../actions/admin-list-factors.js';
import { createAdminClient } from '../shared/admin-client.js';
import { factorLists } from '../shared/factors.js';
import { MfaError } from '../shared/errors.js';
import { checkTokenForBubble } from './check-token.js';
import { settle, type ServerContext } from './settle.js';
import {
  SERVER_KEY_CAPTIONS,
  type AdminDeleteFactorProps,
  type AdminDeleteFactorReturns,
  type AdminListFactorsProps,
  type AdminListFactorsReturns,
  type ServerActionTypes,
} from '../shared/generated/plugin.js';

function adminFrom(context: ServerContext) {
  const keys = context.keys ?? {};
  return createAdminClient({ url: keys[SERVER_KEY_CAPTIONS.supabase_url], serviceRoleKey: keys[SERVER_KEY_CAPTIONS.service_role_key] });
}

/** The server (or the gateway in front of it) refused the key itself, not the request. */
const KEY_REJECTED = new Set(['not_admin', 'bad_jwt', 'no_authorization']);

/**
 * A wrong key (the anon key), another project's service role key or a made-up one: Supabase's
 * answers differ (not_admin, bad_jwt, or the API gateway's code-less 401 "Invalid API key"), the
 * builder's fix is the same.
 */
function adminError(e: MfaError): MfaError {
  // Only builders read a server action's error: the detail of a setup problem is the message.
  if (e.code === 'setup_problem' && e.detail) return new MfaError(e.code, e.detail, e.status);
  const codeless = e.code === 'unexpected_error' && (e.status === 401 || e.status === 403);
  if (!KEY_REJECTED.has(e.code) && !codeless) return e;
  return new MfaError(
    codeless ? 'not_admin' : e.code,
    "The service role key was rejected by Supabase: set this project's service role (secret) key in the plugin settings (Project Settings → API).",
    e.status,
  );
}

/** The error fields of a failed admin action (a rejected key explained once, here). */
function errorFields(e: MfaError | null): { error_code: string | null; error_message: string | null } {
  const mapped = e && adminError(e);
  return { error_code: mapped?.code ?? null, error_message: mapped?.message ?? null };
}

const emptyDelete = (e: MfaError): AdminDeleteFactorReturns => ({ deleted_factor_id: null, ...errorFields(e) });

export function deleteFactorForUser(properties: AdminDeleteFactorProps, context: ServerContext): Promise<AdminDeleteFactorReturns> {
  const input = { userId: properties.user_id, factorId: properties.factor_id };
  return settle(async () => {
    const admin = adminFrom(context);
    if (admin.error) return emptyDelete(admin.error);
    const res = await adminDeleteFactor(admin.data, input);
    return res.error ? emptyDelete(res.error) : { deleted_factor_id: res.data.factorId, error_code: null, error_message: null };
  }, emptyDelete);
}

const emptyList = (e: MfaError | null): AdminListFactorsReturns => ({ ...factorLists([]), ...errorFields(e) });

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

type ServerActionFn<K extends keyof ServerActionTypes> = (p: ServerActionTypes[K]['props'], c: ServerContext) => Promise<ServerActionTypes[K]['returns']>;

/**
 * What each server action's code box calls, one named export per plugin.json name. Named exports
 * (not one object of them) let each box bundle only its own action: build/bundle.ts imports the
 * one name. `everyServerActionExported` fails to compile when plugin.json gains a server action without one.
 */
export const admin_delete_factor: ServerActionFn<'admin_delete_factor'> = deleteFactorForUser;
export const admin_list_factors: ServerActionFn<'admin_list_factors'> = listFactorsForUser;
export const check_access_token: ServerActionFn<'check_access_token'> = checkTokenForBubble;

/** Compile-time: names a server action plugin.json declares and this module does not export. */
type NotExported = Exclude<keyof ServerActionTypes, keyof typeof import('./admin-actions.js')>;
export const everyServerActionExported: [NotExported] extends [never] ? true : NotExported = true;
