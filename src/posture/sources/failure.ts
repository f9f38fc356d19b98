/** Turns a failed read into the reason an `unknown` verdict gives: missing permission, not found, unreachable. */

interface HttpFailure { status?: number; statusCode?: number; armCode?: string; code?: string; message?: string }

/**
 * `what` names the source ("diagnostic settings"), `permission` what reading it needs ("Reader on the HSM").
 * 401/403 say which permission is missing; other failures keep the first line of their message.
 */
export function failureReason(e: unknown, what: string, permission: string): string {
  const err = (e ?? {}) as HttpFailure;
  const status = err.status ?? err.statusCode;
  const code = err.armCode ?? (typeof err.code === 'string' ? err.code : undefined);
  if (status === 401 || status === 403) return `cannot read ${what}: ${status} ${code ?? 'Forbidden'} (needs ${permission})`;
  if (status === 404) return `cannot read ${what}: not found (404${code ? ` ${code}` : ''})`;
  const message = String(err.message ?? e).split('\n')[0]!.slice(0, 240);
  return `cannot read ${what}: ${message}`;
}
