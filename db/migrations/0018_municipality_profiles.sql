CREATE TABLE "municipality_profiles" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"brand_color" text,
	"arms_type" text,
	"arms_data" text,
	"arms_version" integer DEFAULT 0 NOT NULL,
	"display_name" jsonb,
	"contact_email" text,
	"contact_phone" text,
	"a11y_status" text,
	"a11y_deviations" jsonb,
	"a11y_contact" text,
	"a11y_date" date,
	"privacy_dpo" text,
	"privacy_text" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "municipality_profiles" ADD CONSTRAINT "municipality_profiles_tenant_id_municipalities_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."municipalities"("id") ON DELETE cascade ON UPDATE no action;