CREATE TABLE "pb_priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"year" integer NOT NULL,
	"sectors" jsonb NOT NULL,
	"revenue" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"areas" text[] DEFAULT '{}' NOT NULL,
	"margins" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"closes_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_priority_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"priorities_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"amounts" jsonb NOT NULL,
	"revenue" text[] DEFAULT '{}' NOT NULL,
	"area" text,
	"age_band" text,
	"submissions" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pb_priorities" ADD CONSTRAINT "pb_priorities_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_priority_responses" ADD CONSTRAINT "pb_priority_responses_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_priority_responses" ADD CONSTRAINT "pb_priority_responses_priorities_id_pb_priorities_id_fk" FOREIGN KEY ("priorities_id") REFERENCES "public"."pb_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_priority_responses" ADD CONSTRAINT "pb_priority_responses_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pb_priorities_tenant_key_uq" ON "pb_priorities" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_priority_responses_person_uq" ON "pb_priority_responses" USING btree ("priorities_id","person_id");--> statement-breakpoint
CREATE INDEX "pb_priority_responses_tenant_idx" ON "pb_priority_responses" USING btree ("tenant_id");