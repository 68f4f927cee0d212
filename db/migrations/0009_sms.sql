CREATE TABLE "sms_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"phone_hash" text NOT NULL,
	"kind" text NOT NULL,
	"ref" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expecting" jsonb NOT NULL,
	"lang" text NOT NULL,
	"outbox_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_delivery_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sms_delivery_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"outbox_id" uuid,
	"provider_sid" text NOT NULL,
	"status" text NOT NULL,
	"error_code" integer,
	"applied" boolean NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_inbound" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"message_sid" text NOT NULL,
	"idempotency_token" text,
	"from_enc" text NOT NULL,
	"from_hash" text NOT NULL,
	"to_number" text,
	"body" text NOT NULL,
	"handled_as" text,
	"conversation_id" uuid,
	"reply_outbox_id" uuid,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_opt_outs" (
	"phone_hash" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"keyword" text,
	"opted_out_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"idempotency_key" text NOT NULL,
	"to_enc" text NOT NULL,
	"to_hash" text NOT NULL,
	"body" text NOT NULL,
	"lang" text DEFAULT 'nb' NOT NULL,
	"purpose" text DEFAULT 'message' NOT NULL,
	"encoding" text NOT NULL,
	"segments" integer NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"campaign_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"inflight_since" timestamp with time zone,
	"transport" text,
	"provider_sid" text,
	"last_error" text,
	"error_code" integer,
	"delivery_status" text,
	"delivery_rank" integer DEFAULT 0 NOT NULL,
	"delivery_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_rate_slots" (
	"sender" text PRIMARY KEY NOT NULL,
	"next_at_ms" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sms_conversations" ADD CONSTRAINT "sms_conversations_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_delivery_events" ADD CONSTRAINT "sms_delivery_events_outbox_id_sms_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."sms_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_inbound" ADD CONSTRAINT "sms_inbound_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_outbox" ADD CONSTRAINT "sms_outbox_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sms_conversations_open_idx" ON "sms_conversations" USING btree ("phone_hash","status","created_at");--> statement-breakpoint
CREATE INDEX "sms_delivery_events_sid_idx" ON "sms_delivery_events" USING btree ("provider_sid");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_inbound_message_sid_uq" ON "sms_inbound" USING btree ("message_sid");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_inbound_idempotency_token_uq" ON "sms_inbound" USING btree ("idempotency_token");--> statement-breakpoint
CREATE INDEX "sms_inbound_from_idx" ON "sms_inbound" USING btree ("from_hash","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_outbox_idempotency_key_uq" ON "sms_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_outbox_provider_sid_uq" ON "sms_outbox" USING btree ("provider_sid");--> statement-breakpoint
CREATE INDEX "sms_outbox_due_idx" ON "sms_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_tenant_idx" ON "sms_outbox" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_outbox_campaign_idx" ON "sms_outbox" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "sms_outbox_to_hash_idx" ON "sms_outbox" USING btree ("to_hash");