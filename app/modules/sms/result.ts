// A local Result so the SMS module stays free of imports from app/lib while
// app/lib/result.ts does not exist yet. It has the same shape STYLE.md §2
// describes ({ ok, value } | { ok, error }), so swapping the import later is
// a one-line change per file.
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
