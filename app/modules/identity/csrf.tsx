import { useRouteLoaderData } from "@remix-run/react";

// Put <CsrfInput /> inside every <form method="post"> / <Form method="post">.
// It renders the signed-in session's token (the root loader's `csrf`); for
// anonymous visitors it renders nothing. The server checks every action
// (app/modules/identity/csrf.server.ts). docs/decisions/010-sessions-and-csrf.md.
export function useCsrfToken(): string | null {
  const data = useRouteLoaderData("root") as { csrf?: string | null } | undefined;
  return data?.csrf ?? null;
}

export function CsrfInput() {
  const token = useCsrfToken();
  return token ? <input type="hidden" name="_csrf" value={token} /> : null;
}
