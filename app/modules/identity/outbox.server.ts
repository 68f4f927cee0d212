import nodemailer, { type Transporter } from "nodemailer";
import type { Deps } from "#app/lib/deps.ts";
import { devInboxEnabled, type Env } from "#app/lib/env.ts";

// Messages to people (sign-in codes, staff invitations): e-mail through
// nodemailer over SMTP_URL, SMS through a transport the SMS module registers
// (registerSmsTransport). With neither configured, and outside production,
// they land in the local dev inbox (/dev/inbox) where a developer reads them.
// The registries live on globalThis so the server build and code imported by
// the tests share them.
export interface OutgoingMessage {
  channel: "email" | "sms";
  to: string;
  subject?: string;
  text: string;
}
export interface InboxEntry extends OutgoingMessage {
  id: number;
  at: Date;
}
export interface SmsTransport {
  send(deps: Deps, to: string, text: string): Promise<void>;
}

interface Registry {
  inboxes: WeakMap<Env, InboxEntry[]>;
  sms: WeakMap<Env, SmsTransport>;
  mailers: WeakMap<Env, Transporter>;
  seq: number;
}
const KEY = Symbol.for("medvirk.identity.outbox");
const reg: Registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  inboxes: new WeakMap(),
  sms: new WeakMap(),
  mailers: new WeakMap(),
  seq: 0,
}) as Registry;
const INBOX_MAX = 500;

/** The SMS module calls this at start with its outbox (until then SMS goes to the dev inbox). */
export function registerSmsTransport(env: Env, transport: SmsTransport): void {
  reg.sms.set(env, transport);
}

export function canSend(deps: Deps, channel: "email" | "sms"): boolean {
  if (devInboxEnabled(deps.env)) return true;
  return channel === "email" ? !!deps.env.SMTP_URL : reg.sms.has(deps.env);
}

export class DeliveryError extends Error {}

export async function sendMessage(deps: Deps, msg: OutgoingMessage): Promise<void> {
  if (msg.channel === "email" && deps.env.SMTP_URL) {
    let mailer = reg.mailers.get(deps.env);
    if (!mailer) {
      mailer = nodemailer.createTransport(deps.env.SMTP_URL);
      reg.mailers.set(deps.env, mailer);
    }
    await mailer.sendMail({ from: deps.env.MAIL_FROM, to: msg.to, subject: msg.subject ?? "Medvirk", text: msg.text });
    return;
  }
  const sms = msg.channel === "sms" ? reg.sms.get(deps.env) : undefined;
  if (sms) return sms.send(deps, msg.to, msg.text);
  if (!devInboxEnabled(deps.env)) throw new DeliveryError(`no ${msg.channel} transport configured`);
  let box = reg.inboxes.get(deps.env);
  if (!box) {
    box = [];
    reg.inboxes.set(deps.env, box);
  }
  box.unshift({ ...msg, id: ++reg.seq, at: deps.now() });
  if (box.length > INBOX_MAX) box.length = INBOX_MAX;
  deps.log.info({ channel: msg.channel }, "message kept in the dev inbox (/dev/inbox)");
}

/** Newest first. Empty when the dev inbox is off. */
export function devInbox(deps: Deps): readonly InboxEntry[] {
  if (!devInboxEnabled(deps.env)) return [];
  return reg.inboxes.get(deps.env) ?? [];
}
