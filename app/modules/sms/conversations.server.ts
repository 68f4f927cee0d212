import type { Deps } from "#app/lib/deps.ts";
import type { E164 } from "./phone.ts";
import type { Expecting, ParsedReply, ReplyLocale } from "./replies.ts";
import type { Tx } from "./outbox.server.ts";
import { foldForMatch } from "./text.ts";

// Conversations: "send a question, await the reply, validate, confirm", the
// building block the panel, PB and consultation modules reuse. A module
// opens one by passing `conversation` to enqueueSms (the question goes out,
// the conversation waits), and registers a handler for its kind here. When a
// reply arrives from that phone, the inbound command parses it against the
// conversation's `expecting` in the conversation's language and calls the
// handler inside its transaction. Keyword handlers start flows without an
// earlier message ("PB 1 3 7"). API for other modules: README.md, "Using SMS from another module".

export interface ConversationInfo {
  id: string;
  tenantId: string | null;
  kind: string;
  ref: Record<string, unknown>;
  lang: ReplyLocale;
  expecting: Expecting;
}

export interface SmsReplyContext {
  deps: Deps;
  tx: Tx;
  /** Null for keyword-initiated flows. */
  conversation: ConversationInfo | null;
  /** The reply read against the conversation's `expecting` (keyword flows: as free text after the keyword). */
  parsed: ParsedReply;
  /** The message as received. */
  text: string;
  /** Keyword flows: the message after the keyword. */
  args: string;
  phone: E164;
  /** The inbound message's SID (use it in idempotency keys). */
  messageSid: string;
  /**
   * The language to answer in: the conversation's (after a switch, the new one), else the
   * person's, else the language of our last message to this phone, else the reply's own.
   */
  lang: ReplyLocale;
  /** False when nothing tells us the sender's language (`lang` is then Bokmål); answer in the municipality's form. */
  langKnown: boolean;
  /**
   * Text that must open the next message to this person ("We write to you in Sami from now
   * on."), or "". A handler that sends its next message itself (a follow-up question) puts it
   * first there; otherwise the dispatcher puts it before `reply`, or sends it alone.
   */
  takePreface(): string;
}

export interface SmsReplyResult {
  /** Text to send back (rendered in the conversation's language); none = no answer. */
  reply?: string;
  /** Close the conversation (default true when the reply was understood). */
  close?: boolean;
}

export interface SmsHandler {
  onReply(ctx: SmsReplyContext): Promise<SmsReplyResult>;
}

/**
 * A flow that may take a message that answers no open conversation and starts with no keyword
 * (an invitation code from a letter). Returns null when the message is not for it.
 */
export interface SmsFallback {
  onMessage(ctx: Omit<SmsReplyContext, "conversation" | "parsed" | "args">): Promise<SmsReplyResult | null>;
}

interface Registry {
  handlers: Map<string, SmsHandler>;
  keywords: Map<string, string>;
  fallbacks?: Map<string, SmsFallback>;
}
const KEY = Symbol.for("medvirk.sms.conversations");
const reg = ((globalThis as Record<symbol, unknown>)[KEY] ??= { handlers: new Map(), keywords: new Map() }) as Registry;
reg.fallbacks ??= new Map();

/** Registers the handler for replies to conversations of `kind` (e.g. "panels.signup"). Last registration wins. */
export function registerSmsHandler(kind: string, handler: SmsHandler): void {
  reg.handlers.set(kind, handler);
}

/** Registers keywords that start a flow of `kind` when a message begins with one of them. */
export function registerSmsKeyword(keywords: readonly string[], kind: string, handler: SmsHandler): void {
  reg.handlers.set(kind, handler);
  for (const k of keywords) reg.keywords.set(foldForMatch(k), kind);
}

/** Registers a flow that may take messages nothing else took (tried in registration order). Last registration per kind wins. */
export function registerSmsFallback(kind: string, fallback: SmsFallback): void {
  reg.fallbacks!.set(kind, fallback);
}

export function smsFallbacks(): [string, SmsFallback][] {
  return [...reg.fallbacks!];
}

export function smsHandlerFor(kind: string): SmsHandler | undefined {
  return reg.handlers.get(kind);
}

/** The keyword flow a message starts, if its first word is a registered keyword. */
export function keywordFlow(text: string): { kind: string; args: string } | null {
  const trimmed = text.trim();
  const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!m) return null;
  const kind = reg.keywords.get(foldForMatch(m[1]!).replace(/[^\p{L}\p{N}]/gu, ""));
  return kind ? { kind, args: m[2]!.trim() } : null;
}
