import type express from "express";
import type { Env } from "#app/lib/env.ts";
import { BODY_TOO_LARGE, localeOfHeaders, problemPage, type HttpProblem } from "#app/lib/request-body.server.ts";
import { SESSION_COOKIE } from "#app/modules/identity/cookies.ts";

// Request hygiene before anything reads a request (issue 21, defects 3 and 4;
// docs/decisions/062-request-body-limits-and-parse-errors.md):
// - a body limit per route, checked on Content-Length before one byte is read
//   and on the bytes actually streamed (chunked bodies), with a translated 413;
// - a path that is not valid percent-encoded UTF-8, or a URL holding NUL, gets
//   a translated 400 (not Express's English error page).

const MB = 1024 * 1024;

export interface BodyLimits {
  /** Everything not listed below. */
  defaultBytes: number;
  /** Staff pages that take uploads (case documents, CSV imports), for requests with a session cookie. */
  uploadBytes: number;
  /** Twilio's webhooks (a form of a few kB). */
  webhookBytes: number;
}

export function bodyLimitsFromEnv(env: Env): BodyLimits {
  // An upload's form has a few fields besides the file: allow 1 MB of room.
  return { defaultBytes: MB, uploadBytes: Math.ceil(env.MEDVIRK_MAX_UPLOAD_MB * MB) + MB, webhookBytes: 64 * 1024 };
}

const UPLOAD_PATH = /^\/[^/]+\/admin\//;
const WEBHOOK_PATH = /^\/webhooks\//;

export function limitFor(limits: BodyLimits, path: string, cookieHeader: string | undefined): number {
  if (WEBHOOK_PATH.test(path)) return limits.webhookBytes;
  // Only a request that carries a session can use the upload limit; the action still checks the staff role.
  if (UPLOAD_PATH.test(path) && cookieHeader?.includes(`${SESSION_COOKIE}=`)) return limits.uploadBytes;
  return limits.defaultBytes;
}

export function sendProblem(req: express.Request, res: express.Response, status: 400 | 413, problem: HttpProblem) {
  const locale = localeOfHeaders(req.headers.cookie, req.headers["accept-language"]);
  if (status === 413) res.setHeader("Connection", "close"); // the rest of the body is not read
  res.status(status).type("html").set("Content-Language", locale).send(problemPage(locale, problem));
}

function validUrl(url: string): boolean {
  if (url.includes("\0") || /%00/i.test(url)) return false;
  const q = url.indexOf("?");
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    return true;
  } catch {
    return false;
  }
}

export function requestHygiene(limits: BodyLimits): express.RequestHandler {
  return (req, res, next) => {
    if (!validUrl(req.originalUrl)) return sendProblem(req, res, 400, "badRequest");
    const limit = limitFor(limits, req.path, req.headers.cookie);
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) return sendProblem(req, res, 413, "tooLarge");
    if (declared === undefined && req.headers["transfer-encoding"] === undefined) return next(); // no body
    // Count what actually arrives. The reader (Remix) attaches its own 'data'
    // listener and resumes the stream when it reads; every listener sees each chunk.
    let seen = 0;
    req.pause();
    const count = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= limit) return;
      req.removeAllListeners("data");
      req.pause();
      res.setHeader("Connection", "close");
      req.emit("error", Object.assign(new Error("request body too large"), { code: BODY_TOO_LARGE, status: 413 }));
    };
    req.on("data", count);
    req.on("error", () => {}); // the reader gets the error; the process must not crash on it
    next();
  };
}

/** Last Express error handler: client mistakes that reach Express (a path it cannot decode) get a translated 400. */
export const clientErrorHandler: express.ErrorRequestHandler = (err, req, res, next) => {
  const status =
    (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (res.headersSent || !status || status < 400 || status >= 500) return next(err);
  if (status === 404) return void res.status(404).end(); // a missing static file (map tiles) stays a 404
  sendProblem(req, res, status === 413 ? 413 : 400, status === 413 ? "tooLarge" : "badRequest");
};
