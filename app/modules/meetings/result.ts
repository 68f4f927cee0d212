// Result of a command or query (STYLE.md §2), the TypeScript form of
// Decidim's broadcast(:ok) / broadcast(:invalid). Local to the political
// modules until a shared app/lib/result.ts exists; same shape as
// app/modules/sms/result.ts, so swapping the import is a one-line change.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/**
 * A refusal the user can be told about. `code` is a translation key in the
 * "political" namespace (e.g. "errors.emptyAgenda"); `status` is the HTTP
 * status a route answers with; `details` carries e.g. line-numbered import
 * errors or field errors.
 */
export interface DomainError {
  code: string;
  status: number;
  params?: Record<string, string | number>;
  details?: { line?: number; field?: string; code: string; params?: Record<string, string | number> }[];
}

export const domainError = (
  code: string,
  status: number,
  extra: Omit<DomainError, "code" | "status"> = {},
): Err<DomainError> => err({ code, status, ...extra });
