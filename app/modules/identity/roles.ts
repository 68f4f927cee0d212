// The role → permission table, declared once (STYLE.md §5). Permissions are
// `action:entity:scope` strings; `manage` implies `read` on the same entity
// and scope. A role lists the roles it inherits from (admin gets everything a
// secretary or a moderator has). Pure: used by can(), the UI and the tests.
export const STAFF_ROLES = ["admin", "secretary", "moderator"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PERMISSIONS = [
  "read:admin:tenant", // see the municipality's admin pages at all
  "read:staff:tenant",
  "manage:staff:tenant", // invite staff, change and remove roles
  "end:session:tenant", // end a staff member's sessions
  "read:audit:tenant",
  "verify:resident:tenant", // mark a person as resident-verified
  "manage:requirement:tenant", // set the verification level an action of a process requires
  "manage:auth:tenant", // enable or disable OpenID Connect sign-in
  "manage:apitoken:tenant", // create and revoke API tokens for case systems
  "manage:body:tenant",
  "manage:case:tenant",
  "manage:meeting:body",
  "read:meeting:body",
  "moderate:content:tenant",
  "manage:budgeting:tenant", // participatory budgeting: rounds, phases, proposal review, paper ballots, results
  "manage:panel:tenant", // citizen panels: quotas, pool, selection, surveys, sampling frames
  "manage:sms:tenant", // SMS campaigns: compose, choose recipients, send, follow progress
  "manage:profile:tenant", // the municipality's identity (colour, arms, names) and its accessibility and privacy pages
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = {
  secretary: {
    inherits: [],
    grants: [
      "read:admin:tenant",
      "manage:meeting:body",
      "manage:case:tenant",
      "manage:budgeting:tenant",
      "manage:panel:tenant",
      "manage:sms:tenant",
    ],
  },
  moderator: {
    inherits: [],
    grants: ["read:admin:tenant", "moderate:content:tenant"],
  },
  admin: {
    inherits: ["secretary", "moderator"],
    grants: [
      "read:staff:tenant",
      "manage:staff:tenant",
      "end:session:tenant",
      "read:audit:tenant",
      "verify:resident:tenant",
      "manage:requirement:tenant",
      "manage:auth:tenant",
      "manage:apitoken:tenant",
      "manage:body:tenant",
      "manage:profile:tenant",
    ],
  },
} as const satisfies Record<StaffRole, { inherits: readonly StaffRole[]; grants: readonly Permission[] }>;

/** Every permission a role has, with inherited roles and `manage` → `read` expanded. */
export function permissionsOf(role: StaffRole): ReadonlySet<Permission> {
  const out = new Set<Permission>();
  const visit = (r: StaffRole) => {
    for (const p of ROLES[r].grants) {
      out.add(p);
      const read = p.replace(/^manage:/, "read:");
      if ((PERMISSIONS as readonly string[]).includes(read)) out.add(read as Permission);
    }
    for (const parent of ROLES[r].inherits) visit(parent);
  };
  visit(role);
  return out;
}

export const isStaffRole = (v: unknown): v is StaffRole =>
  typeof v === "string" && (STAFF_ROLES as readonly string[]).includes(v);
