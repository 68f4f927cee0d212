import {
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { LocalizedText } from "./types.ts";

// A tenant is a municipality (kommune). Seeded from the 2024 municipality list.
export const municipalities = pgTable(
  "municipalities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull(), // kommunenummer, 4 digits, e.g. "5612"
    slug: text("slug").notNull(),
    officialName: text("official_name").notNull(), // "Guovdageaidnu - Kautokeino"
    name: jsonb("name").$type<LocalizedText>().notNull(), // per-locale display name
    nameForms: text("name_forms").array().notNull(), // every official form, for search
    slugAliases: text("slug_aliases").array().notNull(), // other forms as slugs → redirect
    countyNumber: text("county_number").notNull(),
    countyName: text("county_name").notNull(),
    population: integer("population").notNull(),
    areaKm2: numeric("area_km2"),
    maalform: text("maalform", { enum: ["nb", "nn", "neutral"] }).notNull(),
    samiArea: boolean("sami_area").notNull().default(false),
    administrativeCentre: text("administrative_centre"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("municipalities_number_uq").on(t.number),
    uniqueIndex("municipalities_slug_uq").on(t.slug),
    index("municipalities_county_idx").on(t.countyNumber),
  ],
);
