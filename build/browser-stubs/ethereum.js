// Browser build only: stands in for auth-js's lib/web3/ethereum (Sign-In with Ethereum),
// which an MFA plugin never calls.
const unsupported = () => {
  throw new Error('Web3 sign-in is not part of the Supabase MFA plugin for Bubble.');
};
export const createSiweMessage = unsupported;
export const fromHex = unsupported;
export const getAddress = unsupported;
export const toHex = unsupported;
