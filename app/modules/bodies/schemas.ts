import { z } from "zod";
import { BODY_KINDS, MEMBER_ROLES } from "#db/schema/political.ts";
import { LocalizedInput, RequiredLocalized } from "#app/modules/meetings/schemas.ts";

/** The kinds of body and of membership, for the forms that offer them. */
export { BODY_KINDS, MEMBER_ROLES };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "political:errors.badDate");

export const BodyInput = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "political:errors.badKey")
    .max(60),
  kind: z.enum(BODY_KINDS),
  name: RequiredLocalized,
  description: LocalizedInput.optional(),
  noticeLeadDays: z.coerce.number().int().min(0).max(90).optional(),
  /** GeoJSON Polygon / MultiPolygon (object or string), or null to remove. */
  area: z.unknown().optional(),
});
export type BodyInput = z.input<typeof BodyInput>;

export const BodyUpdate = BodyInput.partial().extend({ bodyId: z.string().uuid() });

export const MemberInput = z
  .object({
    bodyId: z.string().uuid(),
    name: z.string().trim().min(1).max(200),
    role: z.enum(MEMBER_ROLES).default("member"),
    party: z.string().trim().max(100).nullish(),
    termStart: isoDate.nullish(),
    termEnd: isoDate.nullish(),
  })
  .refine((m) => !m.termStart || !m.termEnd || m.termStart <= m.termEnd, {
    message: "political:errors.termOrder",
    path: ["termEnd"],
  });
export type MemberInput = z.input<typeof MemberInput>;
