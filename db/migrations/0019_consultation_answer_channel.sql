CREATE TABLE "consultation_sms_recipients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"send_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"lang" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consultation_sms_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"reminder_hours" integer,
	"reminded_at" timestamp with time zone,
	"created_by_person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_answers" ADD COLUMN "channel" text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_sms_recipients" ADD CONSTRAINT "consultation_sms_recipients_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_recipients" ADD CONSTRAINT "consultation_sms_recipients_send_id_consultation_sms_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."consultation_sms_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_recipients" ADD CONSTRAINT "consultation_sms_recipients_question_id_consultation_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."consultation_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_recipients" ADD CONSTRAINT "consultation_sms_recipients_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_sends" ADD CONSTRAINT "consultation_sms_sends_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_sends" ADD CONSTRAINT "consultation_sms_sends_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_sms_sends" ADD CONSTRAINT "consultation_sms_sends_question_id_consultation_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."consultation_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consultation_sms_recipients_uq" ON "consultation_sms_recipients" USING btree ("question_id","person_id");--> statement-breakpoint
CREATE INDEX "consultation_sms_recipients_send_idx" ON "consultation_sms_recipients" USING btree ("send_id");--> statement-breakpoint
CREATE INDEX "consultation_sms_recipients_tenant_idx" ON "consultation_sms_recipients" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "consultation_sms_sends_consultation_idx" ON "consultation_sms_sends" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "consultation_sms_sends_due_idx" ON "consultation_sms_sends" USING btree ("tenant_id","reminded_at");