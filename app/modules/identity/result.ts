// Result of a command or query (STYLE.md §2). Same shape as the political and
// SMS modules' local copies, so moving to a shared app/lib/result.ts later is
// a one-line change per file.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** A refusal the person can be told about: `code` is a key in the "identity" namespace. */
export interface DomainError {
  code: string;
  status: number;
  field?: string;
  params?: Record<string, string | number>;
}
export const fail = (
  code: string,
  status: number,
  extra: Omit<DomainError, "code" | "status"> = {},
): Err<DomainError> => err({ code, status, ...extra });
