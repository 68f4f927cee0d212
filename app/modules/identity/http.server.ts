import type { AppLoadContext } from "@remix-run/node";
import type { Deps } from "#app/lib/deps.ts";
import { isSecureRequest, readCookie, serializeCookie } from "./cookies.ts";
import type { DomainError } from "#app/lib/result.ts";

// Small helpers for the identity routes (thin HTTP adapters).
export const clientIp = (context: AppLoadContext): string => context.clientIp || "unknown";
export const secureFor = (request: Request, deps: Deps): boolean => isSecureRequest(request.url, deps.env.PUBLIC_URL);
export const readReqCookie = (request: Request, deps: Deps, base: string) =>
  readCookie(request.headers.get("cookie"), base, secureFor(request, deps));
export const setCookie = (request: Request, deps: Deps, base: string, value: string, maxAge?: number) =>
  serializeCookie(base, value, secureFor(request, deps), maxAge);

/** What a form action returns on refusal: the error (a key under identity:errors.*) and the values typed. */
export interface FormFailure {
  error: Pick<DomainError, "code" | "field" | "params">;
  values: Record<string, string>;
}
export const formFailure = (e: DomainError, values: Record<string, string>): FormFailure => ({
  error: { code: e.code, field: e.field, params: e.params },
  values,
});

export function formString(form: FormData, name: string, max = 2000): string {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, max) : "";
}
