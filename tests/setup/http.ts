/**
 * A tiny cookie-keeping HTTP client for integration tests (like a browser
 * without JavaScript): keeps Set-Cookie, never follows redirects by itself.
 *
 *   const b = new Client(server.url);
 *   const r = await b.get("/signin");
 *   const r2 = await b.post("/signin", { identifier: "a@b.no" });  // form POST
 *   b.csrfFrom(html) → the _csrf of the page's first form
 */
export class Client {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (gone) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await fetch(new URL(path, this.base), {
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), ...headers },
      }),
    );
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.keep(
      await fetch(new URL(path, this.base), {
        method: "POST",
        redirect: "manual",
        headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded", ...headers },
        body: body.toString(),
      }),
    );
  }

  /** GET the page and return the CSRF token its forms carry (null when anonymous). */
  async csrf(path: string): Promise<string | null> {
    const html = await (await this.get(path)).text();
    return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;
  }
}
