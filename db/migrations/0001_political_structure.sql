CREATE TABLE "body_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"party" text,
	"term_start" date,
	"term_end" date,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"byte_size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"extracted_text" text,
	"extraction" text NOT NULL,
	"extraction_error" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('norwegian', title), 'A') || setweight(to_tsvector('norwegian', coalesce(extracted_text, '')), 'C')) STORED
);
--> statement-breakpoint
CREATE TABLE "case_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"meeting_id" uuid,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"date" date
);
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD COLUMN "title" jsonb;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "description" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "decision_text" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "geo" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "area_body_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_basis" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('norwegian', coalesce(title->>'nb', '') || ' ' || coalesce(title->>'nn', '') || ' ' || coalesce(title->>'se', '') || ' ' || coalesce(title->>'en', '') || ' ' || coalesce(title->>'pl', '') || ' ' || coalesce(title->>'uk', '') || ' ' || coalesce(title->>'so', '') || ' ' || coalesce(title->>'ar', '')), 'A') || setweight(to_tsvector('norwegian', coalesce(summary->>'nb', '') || ' ' || coalesce(summary->>'nn', '') || ' ' || coalesce(summary->>'se', '') || ' ' || coalesce(summary->>'en', '') || ' ' || coalesce(summary->>'pl', '') || ' ' || coalesce(summary->>'uk', '') || ' ' || coalesce(summary->>'so', '') || ' ' || coalesce(summary->>'ar', '') || ' ' || coalesce(decision_text, '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "body_members" ADD CONSTRAINT "body_members_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "body_members" ADD CONSTRAINT "body_members_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_steps" ADD CONSTRAINT "case_steps_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "body_members_tenant_idx" ON "body_members" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "body_members_body_idx" ON "body_members" USING btree ("body_id","position");--> statement-breakpoint
CREATE INDEX "case_documents_tenant_idx" ON "case_documents" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "case_documents_case_idx" ON "case_documents" USING btree ("case_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "case_documents_storage_key_uq" ON "case_documents" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "case_documents_search_idx" ON "case_documents" USING gin ("search");--> statement-breakpoint
CREATE INDEX "case_steps_tenant_idx" ON "case_steps" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_steps_case_pos_uq" ON "case_steps" USING btree ("case_id","position");--> statement-breakpoint
CREATE INDEX "case_steps_meeting_idx" ON "case_steps" USING btree ("meeting_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_area_body_id_bodies_id_fk" FOREIGN KEY ("area_body_id") REFERENCES "public"."bodies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agenda_items_case_idx" ON "agenda_items" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cases_tenant_created_idx" ON "cases" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_area_idx" ON "cases" USING btree ("area_body_id");--> statement-breakpoint
CREATE INDEX "cases_search_idx" ON "cases" USING gin ("search");--> statement-breakpoint
CREATE INDEX "meetings_body_starts_idx" ON "meetings" USING btree ("body_id","starts_at");