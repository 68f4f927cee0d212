import { date, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { municipalities } from "./tenants.ts";
import type { LocalizedText } from "./types.ts";

// A municipality's own identity and legal pages (issue 19, module
// app/modules/profile): brand colour, coat of arms, name forms, the
// accessibility statement and the privacy notice. One row per municipality,
// created the first time its staff save something; until then the pages use
// Medvirk's neutral theme and the default texts of the locale files.
export const municipalityProfiles = pgTable("municipality_profiles", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => municipalities.id, { onDelete: "cascade" }),
  /** `#rrggbb`, checked for WCAG AA contrast when saved (ADR 047). */
  brandColor: text("brand_color"),
  /** The coat of arms, sanitised SVG or PNG, base64; `armsVersion` busts caches. */
  armsType: text("arms_type", { enum: ["image/svg+xml", "image/png"] }),
  armsData: text("arms_data"),
  armsVersion: integer("arms_version").notNull().default(0),
  /** The municipality's official name in each language form it has (e.g. nb "Vadsø kommune", se "Čáhcesullo gielda"). */
  displayName: jsonb("display_name").$type<LocalizedText>(),
  contactEmail: text("contact_email"),
  contactPhone: text("contact_phone"),
  /** Accessibility statement (Uu-tilsynet's form): status, known deviations, feedback contact, date. */
  a11yStatus: text("a11y_status", { enum: ["full", "partial", "none"] }),
  a11yDeviations: jsonb("a11y_deviations").$type<LocalizedText>(),
  a11yContact: text("a11y_contact"),
  a11yDate: date("a11y_date"),
  /** Privacy notice: the data protection officer's contact and the municipality's own additions. */
  privacyDpo: text("privacy_dpo"),
  privacyText: jsonb("privacy_text").$type<LocalizedText>(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
