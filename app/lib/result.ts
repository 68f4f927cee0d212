// The result of a command or query (STYLE.md §2), the TypeScript form of
// Decidim's broadcast(:ok) / broadcast(:invalid). One type for every module.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/**
 * A refusal the person can be told about. `code` is a translation key in the
 * module's namespace (e.g. "errors.emptyAgenda"); `status` is the HTTP status
 * a route answers with; `field` names the form field it belongs to; `details`
 * carries e.g. line-numbered import errors or several field errors.
 */
export interface DomainError {
  code: string;
  status: number;
  field?: string;
  params?: Record<string, string | number>;
  details?: { line?: number; field?: string; code: string; params?: Record<string, string | number> }[];
}

export const fail = (
  code: string,
  status: number,
  extra: Omit<DomainError, "code" | "status"> = {},
): Err<DomainError> => err({ code, status, ...extra });
