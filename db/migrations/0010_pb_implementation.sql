CREATE TABLE "pb_follows" (
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pb_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer NOT NULL,
	"photo_key" text,
	"photo_type" text,
	"photo_alt" text,
	"author_person_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD COLUMN "impl_status" text;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD COLUMN "impl_progress" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pb_proposals" ADD COLUMN "final_cost" bigint;--> statement-breakpoint
ALTER TABLE "pb_follows" ADD CONSTRAINT "pb_follows_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_follows" ADD CONSTRAINT "pb_follows_proposal_id_pb_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."pb_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_follows" ADD CONSTRAINT "pb_follows_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_updates" ADD CONSTRAINT "pb_updates_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_updates" ADD CONSTRAINT "pb_updates_proposal_id_pb_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."pb_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pb_updates" ADD CONSTRAINT "pb_updates_author_person_id_persons_id_fk" FOREIGN KEY ("author_person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pb_follows_proposal_person_uq" ON "pb_follows" USING btree ("proposal_id","person_id");--> statement-breakpoint
CREATE INDEX "pb_follows_tenant_idx" ON "pb_follows" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "pb_updates_proposal_idx" ON "pb_updates" USING btree ("proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "pb_updates_tenant_idx" ON "pb_updates" USING btree ("tenant_id");