import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

/**
 * A real OpenID Provider (oidc-provider) in this process, configured like
 * ID-porten: authorization code flow with PKCE required, acr values
 * idporten-loa-substantial/-high, pairwise `sub`, the `pid` claim in the ID
 * token, client_secret_basic. The login step is automatic: the next login's
 * person (accountId, pid) and acr are set by the test with `nextLogin`.
 */
export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  nextLogin: { accountId: string; pid: string; acr: string };
  close(): Promise<void>;
}

export async function startTestIdp(opts: { redirectUri: string }): Promise<TestIdp> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "test-rs256", alg: "RS256", use: "sig" };
  const state: TestIdp = {
    issuer,
    clientId: "medvirk-test",
    clientSecret: "medvirk-test-secret-0123456789abcdef",
    nextLogin: { accountId: "person-1", pid: "12345678901", acr: "idporten-loa-substantial" },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [opts.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
        subject_type: "pairwise",
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    acrValues: ["idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high"],
    scopes: ["openid", "profile"],
    claims: { openid: ["sub", "pid"], profile: [] },
    conformIdTokenClaims: false,
    subjectTypes: ["public", "pairwise"],
    pairwiseIdentifier: (_ctx, accountId, client) =>
      createHash("sha256").update(`${client.sectorIdentifier}:${accountId}:salt`).digest("base64url"),
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, pid: state.nextLogin.pid }) }),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["oidc-test-cookie-key"] },
    ttl: { IdToken: 60, AccessToken: 60, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
    renderError: (ctx, out) => {
      ctx.type = "text/plain";
      ctx.body = `${out.error}: ${out.error_description ?? ""}`;
    },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith("/interaction/")) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      const { accountId, acr } = state.nextLogin;
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      const to = await provider.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId, acr }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      ctx.redirect(to);
      return;
    }
    await next();
  });
  server.on("request", provider.callback());
  return state;
}
