CREATE TABLE "pb_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" jsonb NOT NULL,
	"budget" bigint NOT NULL,
	"body_id" uuid
);
--> statement-breakpoint
CREATE TABLE "pb_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"slot" text NOT NULL,
	"projects" text[] NOT NULL,
	"points" integer[],
	"channel" text NOT NULL,
	"receipt_hash" text NOT NULL,
	"replaced_receipts" text[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"person_id" uuid,
	"body" text NOT NULL,
	"hidden_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_paper_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"person_id" uuid NOT NULL,
	"projects" text[],
	"points" integer[],
	"status" text DEFAULT 'pending' NOT NULL,
	"entered_by_person_id" uuid NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"confirmed_by_person_id" uuid,
	"confirmed_at" timestamp with time zone,
	"rejected_reason" text
);
--> statement-breakpoint
CREATE TABLE "pb_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"area_id" uuid,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text,
	"sdg_tags" integer[] DEFAULT '{}' NOT NULL,
	"place_name" text,
	"lat" numeric,
	"lng" numeric,
	"estimated_cost" bigint NOT NULL,
	"official_cost" bigint,
	"cost_reason" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"status_reason" text,
	"merged_into_id" uuid,
	"author_person_id" uuid,
	"reviewed_by_person_id" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"result" jsonb NOT NULL,
	"ballots" integer NOT NULL,
	"computed_by_person_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	"published" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"process_id" uuid,
	"key" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"budget" bigint NOT NULL,
	"scale" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'NOK' NOT NULL,
	"eligibility" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"phase" text DEFAULT 'draft' NOT NULL,
	"phase_dates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules_frozen_at" timestamp with time zone,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_supports" (
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_voter_roll" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"submissions" integer DEFAULT 1 NOT NULL,
	"first_voted_at" timestamp with time zone NOT NULL,
	"last_voted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pb_areas" ADD CONSTRAINT "pb_areas_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_areas" ADD CONSTRAINT "pb_areas_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_areas" ADD CONSTRAINT "pb_areas_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_ballots" ADD CONSTRAINT "pb_ballots_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_ballots" ADD CONSTRAINT "pb_ballots_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_comments" ADD CONSTRAINT "pb_comments_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_comments" ADD CONSTRAINT "pb_comments_proposal_id_pb_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."pb_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_comments" ADD CONSTRAINT "pb_comments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_ballots" ADD CONSTRAINT "pb_paper_ballots_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_ballots" ADD CONSTRAINT "pb_paper_ballots_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_paper_ballots" ADD CONSTRAINT "pb_paper_ballots_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_area_id_pb_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."pb_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD CONSTRAINT "pb_proposals_author_person_id_persons_id_fk" FOREIGN KEY ("author_person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_results" ADD CONSTRAINT "pb_results_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_results" ADD CONSTRAINT "pb_results_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_rounds" ADD CONSTRAINT "pb_rounds_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_rounds" ADD CONSTRAINT "pb_rounds_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_supports" ADD CONSTRAINT "pb_supports_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_supports" ADD CONSTRAINT "pb_supports_proposal_id_pb_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."pb_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_supports" ADD CONSTRAINT "pb_supports_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_voter_roll" ADD CONSTRAINT "pb_voter_roll_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_voter_roll" ADD CONSTRAINT "pb_voter_roll_round_id_pb_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."pb_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_voter_roll" ADD CONSTRAINT "pb_voter_roll_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pb_areas_round_key_uq" ON "pb_areas" USING btree ("round_id","key");--> statement-breakpoint
CREATE INDEX "pb_areas_tenant_idx" ON "pb_areas" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_ballots_round_slot_uq" ON "pb_ballots" USING btree ("round_id","slot");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_ballots_receipt_uq" ON "pb_ballots" USING btree ("receipt_hash");--> statement-breakpoint
CREATE INDEX "pb_ballots_round_scope_idx" ON "pb_ballots" USING btree ("round_id","scope");--> statement-breakpoint
CREATE INDEX "pb_comments_proposal_idx" ON "pb_comments" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "pb_comments_tenant_idx" ON "pb_comments" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "pb_paper_ballots_round_idx" ON "pb_paper_ballots" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "pb_paper_ballots_tenant_idx" ON "pb_paper_ballots" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_proposals_round_code_uq" ON "pb_proposals" USING btree ("round_id","code");--> statement-breakpoint
CREATE INDEX "pb_proposals_round_idx" ON "pb_proposals" USING btree ("round_id","status");--> statement-breakpoint
CREATE INDEX "pb_proposals_tenant_idx" ON "pb_proposals" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "pb_results_round_idx" ON "pb_results" USING btree ("round_id","scope");--> statement-breakpoint
CREATE INDEX "pb_results_tenant_idx" ON "pb_results" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_rounds_tenant_key_uq" ON "pb_rounds" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "pb_rounds_tenant_phase_idx" ON "pb_rounds" USING btree ("tenant_id","phase");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_supports_proposal_person_uq" ON "pb_supports" USING btree ("proposal_id","person_id");--> statement-breakpoint
CREATE INDEX "pb_supports_tenant_idx" ON "pb_supports" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pb_voter_roll_round_scope_person_uq" ON "pb_voter_roll" USING btree ("round_id","scope","person_id");--> statement-breakpoint
CREATE INDEX "pb_voter_roll_tenant_idx" ON "pb_voter_roll" USING btree ("tenant_id");