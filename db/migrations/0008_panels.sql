CREATE TABLE "panel_frames" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content" text,
	"rows" integer NOT NULL,
	"sample_size" integer NOT NULL,
	"seed" text NOT NULL,
	"uploaded_by_person_id" uuid,
	"uploaded_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone,
	"delete_after" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"frame_id" uuid,
	"code" text NOT NULL,
	"channel" text NOT NULL,
	"name" text,
	"contact" text,
	"profile" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"selection_id" uuid NOT NULL,
	"pool_member_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"replaces_id" uuid,
	"joined_at" timestamp with time zone NOT NULL,
	"dropped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_pool_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"person_id" uuid,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"profile" jsonb NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_population_margins" (
	"tenant_id" uuid NOT NULL,
	"category" text NOT NULL,
	"feature" text NOT NULL,
	"population" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"feature" text NOT NULL,
	"min" integer,
	"max" integer,
	"population_share" double precision,
	"tolerance" integer
);
--> statement-breakpoint
CREATE TABLE "panel_selection_entries" (
	"tenant_id" uuid NOT NULL,
	"selection_id" uuid NOT NULL,
	"pool_member_id" uuid NOT NULL,
	"row" integer NOT NULL,
	"probability" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_selections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"method" text NOT NULL,
	"seed" text NOT NULL,
	"algorithm_version" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" jsonb,
	"requested_by_person_id" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"n" integer,
	"k" integer,
	"min_probability" double precision,
	"audit" jsonb,
	"report" text,
	"error" text,
	"seconds" double precision,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_survey_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"panel_member_id" uuid NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "panel_survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"profile" jsonb NOT NULL,
	"answers" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"panel_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" text NOT NULL,
	"questions" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"title" jsonb NOT NULL,
	"purpose" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"case_id" uuid,
	"process_id" uuid,
	"size" integer NOT NULL,
	"method" text DEFAULT 'leximin' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"anonymity" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "panel_frames" ADD CONSTRAINT "panel_frames_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_frames" ADD CONSTRAINT "panel_frames_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_frames" ADD CONSTRAINT "panel_frames_uploaded_by_person_id_persons_id_fk" FOREIGN KEY ("uploaded_by_person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_invitations" ADD CONSTRAINT "panel_invitations_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_invitations" ADD CONSTRAINT "panel_invitations_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_invitations" ADD CONSTRAINT "panel_invitations_frame_id_panel_frames_id_fk" FOREIGN KEY ("frame_id") REFERENCES "public"."panel_frames"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_selection_id_panel_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."panel_selections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_pool_member_id_panel_pool_members_id_fk" FOREIGN KEY ("pool_member_id") REFERENCES "public"."panel_pool_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_pool_members" ADD CONSTRAINT "panel_pool_members_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_pool_members" ADD CONSTRAINT "panel_pool_members_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_pool_members" ADD CONSTRAINT "panel_pool_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_population_margins" ADD CONSTRAINT "panel_population_margins_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_quotas" ADD CONSTRAINT "panel_quotas_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_quotas" ADD CONSTRAINT "panel_quotas_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selection_entries" ADD CONSTRAINT "panel_selection_entries_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selection_entries" ADD CONSTRAINT "panel_selection_entries_selection_id_panel_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."panel_selections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selection_entries" ADD CONSTRAINT "panel_selection_entries_pool_member_id_panel_pool_members_id_fk" FOREIGN KEY ("pool_member_id") REFERENCES "public"."panel_pool_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selections" ADD CONSTRAINT "panel_selections_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selections" ADD CONSTRAINT "panel_selections_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_selections" ADD CONSTRAINT "panel_selections_requested_by_person_id_persons_id_fk" FOREIGN KEY ("requested_by_person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_survey_invites" ADD CONSTRAINT "panel_survey_invites_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_survey_invites" ADD CONSTRAINT "panel_survey_invites_survey_id_panel_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."panel_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_survey_invites" ADD CONSTRAINT "panel_survey_invites_panel_member_id_panel_members_id_fk" FOREIGN KEY ("panel_member_id") REFERENCES "public"."panel_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_survey_responses" ADD CONSTRAINT "panel_survey_responses_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_survey_responses" ADD CONSTRAINT "panel_survey_responses_survey_id_panel_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."panel_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_surveys" ADD CONSTRAINT "panel_surveys_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_surveys" ADD CONSTRAINT "panel_surveys_panel_id_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panels" ADD CONSTRAINT "panels_process_id_processes_id_fk" FOREIGN KEY ("process_id") REFERENCES "public"."processes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "panel_frames_tenant_idx" ON "panel_frames" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "panel_frames_delete_idx" ON "panel_frames" USING btree ("delete_after");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_invitations_code_uq" ON "panel_invitations" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "panel_invitations_panel_idx" ON "panel_invitations" USING btree ("panel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_members_pool_uq" ON "panel_members" USING btree ("selection_id","pool_member_id");--> statement-breakpoint
CREATE INDEX "panel_members_panel_idx" ON "panel_members" USING btree ("panel_id");--> statement-breakpoint
CREATE INDEX "panel_members_tenant_idx" ON "panel_members" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_pool_person_uq" ON "panel_pool_members" USING btree ("panel_id","person_id");--> statement-breakpoint
CREATE INDEX "panel_pool_panel_idx" ON "panel_pool_members" USING btree ("panel_id");--> statement-breakpoint
CREATE INDEX "panel_pool_tenant_idx" ON "panel_pool_members" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_population_margins_uq" ON "panel_population_margins" USING btree ("tenant_id","category","feature");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_quotas_feature_uq" ON "panel_quotas" USING btree ("panel_id","category","feature");--> statement-breakpoint
CREATE INDEX "panel_quotas_tenant_idx" ON "panel_quotas" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_selection_entries_row_uq" ON "panel_selection_entries" USING btree ("selection_id","row");--> statement-breakpoint
CREATE INDEX "panel_selection_entries_tenant_idx" ON "panel_selection_entries" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_selections_one_active_uq" ON "panel_selections" USING btree ("panel_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "panel_selections_panel_idx" ON "panel_selections" USING btree ("panel_id","requested_at");--> statement-breakpoint
CREATE INDEX "panel_selections_status_idx" ON "panel_selections" USING btree ("status");--> statement-breakpoint
CREATE INDEX "panel_selections_tenant_idx" ON "panel_selections" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_survey_invites_uq" ON "panel_survey_invites" USING btree ("survey_id","panel_member_id");--> statement-breakpoint
CREATE INDEX "panel_survey_invites_tenant_idx" ON "panel_survey_invites" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "panel_survey_responses_survey_idx" ON "panel_survey_responses" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "panel_survey_responses_tenant_idx" ON "panel_survey_responses" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_surveys_key_uq" ON "panel_surveys" USING btree ("panel_id","key");--> statement-breakpoint
CREATE INDEX "panel_surveys_tenant_idx" ON "panel_surveys" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "panels_tenant_key_uq" ON "panels" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "panels_tenant_idx" ON "panels" USING btree ("tenant_id","status");