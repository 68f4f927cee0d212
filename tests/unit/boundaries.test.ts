// The boundary rule (docs/ARCHITECTURE.md): a route never talks to the
// database itself (no `drizzle-orm`, no `#db/schema*`), and a module imports
// only its own tables (tests/setup/boundaries.ts SCHEMA_OWNERS maps each
// db/schema file to its owner). Checked by parsing every import.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkBoundaries, importsOf, key, SCHEMA_OWNERS, tableFiles } from "#tests/setup/boundaries.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const schemaDir = fileURLToPath(new URL("../../db/schema", import.meta.url));
const fixture = fileURLToPath(new URL("../fixtures/boundaries", import.meta.url));

// Violations that existed when the rule arrived (issue 20). This list may only
// SHRINK: the test fails on any violation not listed here, and also on any
// entry here that no longer happens, so fixing one means deleting its line.
// Routes: the resident-facing ones are being redesigned in another branch and
// are left to it; move their queries into the owning module when you touch them.
const ROUTE_ALLOWED = [
  "app/routes/$tenant.budget-priorities.$key.tsx -> #db/schema/index.ts",
  "app/routes/$tenant.budget-priorities.$key.tsx -> drizzle-orm",
  "app/routes/$tenant.consultations.$id.reports.$reportId.$file.ts -> #db/schema/index.ts",
  "app/routes/$tenant.consultations.$id.reports.$reportId.$file.ts -> drizzle-orm",
  "app/routes/$tenant.processes.$processId.requirements.tsx -> #db/schema/index.ts",
  "app/routes/$tenant.processes.$processId.requirements.tsx -> drizzle-orm",
];
// Modules reading another module's tables: replace each with the owner's
// get*/list* query (or command) and delete the line.
const MODULE_ALLOWED = [
  // Moved out of the consultation route by the redesign (issue 19); to read through cases' queries.
  "app/modules/consultations/page.server.ts -> caseDocuments",
  "app/modules/admin/overview.server.ts -> consultations",
  "app/modules/admin/overview.server.ts -> pbRounds",
  "app/modules/archive/export.server.ts -> cases",
  "app/modules/archive/export.server.ts -> consultationReports",
  "app/modules/archive/export.server.ts -> consultations",
  "app/modules/archive/export.server.ts -> municipalities",
  "app/modules/budgeting/commands.server.ts -> persons",
  "app/modules/budgeting/commands.server.ts -> residentVerifications",
  "app/modules/budgeting/implementation.server.ts -> municipalities",
  "app/modules/budgeting/implementation.server.ts -> persons",
  "app/modules/budgeting/priorities.server.ts -> cases",
  "app/modules/budgeting/queries.server.ts -> persons",
  "app/modules/budgeting/sms.server.ts -> municipalities",
  "app/modules/budgeting/sms.server.ts -> persons",
  "app/modules/consultations/automation.server.ts -> agendaItems",
  "app/modules/consultations/automation.server.ts -> bodies",
  "app/modules/consultations/automation.server.ts -> meetings",
  "app/modules/consultations/automation.server.ts -> municipalities",
  "app/modules/consultations/automation.server.ts -> persons",
  "app/modules/consultations/commands.server.ts -> agendaItems",
  "app/modules/consultations/commands.server.ts -> bodies",
  "app/modules/consultations/commands.server.ts -> cases",
  "app/modules/consultations/commands.server.ts -> meetings",
  "app/modules/consultations/commands.server.ts -> processRequirements",
  "app/modules/consultations/commands.server.ts -> processes",
  "app/modules/consultations/notices.server.ts -> municipalities",
  "app/modules/consultations/notices.server.ts -> persons",
  "app/modules/consultations/queries.server.ts -> bodies",
  "app/modules/consultations/queries.server.ts -> caseDocuments",
  "app/modules/consultations/queries.server.ts -> cases",
  "app/modules/consultations/queries.server.ts -> meetings",
  "app/modules/consultations/queries.server.ts -> municipalities",
  "app/modules/consultations/report.server.ts -> panelSurveys",
  "app/modules/consultations/report.server.ts -> panels",
  "app/modules/consultations/report.server.ts -> pbPriorities",
  "app/modules/demo/participation.server.ts -> persons",
  "app/modules/demo/seed.server.ts -> agendaItems",
  "app/modules/demo/seed.server.ts -> bodies",
  "app/modules/demo/seed.server.ts -> cases",
  "app/modules/demo/seed.server.ts -> consultations",
  "app/modules/demo/seed.server.ts -> meetings",
  "app/modules/demo/seed.server.ts -> municipalities",
  "app/modules/demo/seed.server.ts -> processes",
  "app/modules/demo/staff.server.ts -> memberships",
  "app/modules/demo/staff.server.ts -> municipalities",
  "app/modules/demo/staff.server.ts -> persons",
  "app/modules/follows/commands.server.ts -> bodies",
  "app/modules/follows/commands.server.ts -> cases",
  "app/modules/follows/notify.server.ts -> agendaItems",
  "app/modules/follows/notify.server.ts -> bodies",
  "app/modules/follows/notify.server.ts -> caseSteps",
  "app/modules/follows/notify.server.ts -> cases",
  "app/modules/follows/notify.server.ts -> consultations",
  "app/modules/follows/notify.server.ts -> meetings",
  "app/modules/follows/notify.server.ts -> municipalities",
  "app/modules/follows/notify.server.ts -> persons",
  "app/modules/identity/staff.server.ts -> bodies",
  "app/modules/identity/staff.server.ts -> processes",
  "app/modules/live/live.server.ts -> agendaItems",
  "app/modules/live/live.server.ts -> bodies",
  "app/modules/live/live.server.ts -> bodyMembers",
  "app/modules/live/live.server.ts -> cases",
  "app/modules/live/live.server.ts -> meetings",
  "app/modules/live/notify.server.ts -> bodies",
  "app/modules/live/notify.server.ts -> cases",
  "app/modules/live/notify.server.ts -> consultationParticipants",
  "app/modules/live/notify.server.ts -> consultations",
  "app/modules/live/notify.server.ts -> followNotices",
  "app/modules/live/notify.server.ts -> persons",
  "app/modules/opinions/commands.server.ts -> cases",
  "app/modules/opinions/commands.server.ts -> consultationParticipants",
  "app/modules/opinions/commands.server.ts -> consultations",
  "app/modules/opinions/commands.server.ts -> processRequirements",
  "app/modules/opinions/queries.server.ts -> bodies",
  "app/modules/opinions/queries.server.ts -> cases",
  "app/modules/opinions/queries.server.ts -> consultations",
  "app/modules/panels/commands.server.ts -> cases",
  "app/modules/panels/queries.server.ts -> cases",
  "app/modules/panels/sms.server.ts -> persons",
  "app/modules/panels/survey-sms.server.ts -> persons",
  "app/modules/processes/queries.server.ts -> consultations",
  "app/modules/processes/queries.server.ts -> panels",
  "app/modules/processes/queries.server.ts -> pbRounds",
  "app/modules/sms/audiences.server.ts -> consultationParticipants",
  "app/modules/sms/audiences.server.ts -> consultations",
  "app/modules/sms/audiences.server.ts -> follows",
  "app/modules/sms/audiences.server.ts -> panelPoolMembers",
  "app/modules/sms/audiences.server.ts -> panels",
  "app/modules/sms/audiences.server.ts -> persons",
  "app/modules/sms/campaigns.server.ts -> panels",
  "app/modules/sms/campaigns.server.ts -> pbRounds",
  "app/modules/sms/campaigns.server.ts -> persons",
  "app/modules/sms/inbound.server.ts -> persons",
  "app/modules/sms/person-locale.server.ts -> municipalities",
  "app/modules/sms/person-locale.server.ts -> persons",
];

describe("module boundaries", () => {
  it("maps every table in db/schema to a file with an owner", () => {
    const tables = tableFiles(schemaDir);
    expect(tables.size).toBeGreaterThan(50);
    for (const [table, file] of tables) expect(SCHEMA_OWNERS[file], `${table} in ${file}`).toBeDefined();
  });

  it("finds static, type-only, re-exported and dynamic imports", () => {
    const facts = importsOf(
      "x.ts",
      `import a, { b as c } from "one"; import type { T } from "two"; export { d } from "three"; const m = () => import("four");`,
    );
    expect(facts).toEqual([
      { spec: "one", names: ["default", "b"] },
      { spec: "two", names: ["T"] },
      { spec: "three", names: ["d"] },
      { spec: "four", names: ["*"] },
    ]);
  });

  it("catches the planted violations in tests/fixtures/boundaries", () => {
    const found = checkBoundaries(fixture, schemaDir).map(key).sort();
    expect(found).toEqual(
      [
        // a route importing drizzle-orm, the schema barrel, and even a type-only schema import
        "app/routes/$tenant.admin_.planted.tsx -> #db/schema/index.ts",
        "app/routes/$tenant.admin_.planted.tsx -> #db/schema/types.ts",
        "app/routes/$tenant.admin_.planted.tsx -> drizzle-orm",
        // live reading the follows tables through a dynamic import of their file
        "app/modules/live/planted.server.ts -> followNotices",
        "app/modules/live/planted.server.ts -> follows",
        // live reading budgeting's table under another name; its own liveMeetings is fine
        "app/modules/live/planted.server.ts -> pbRounds",
      ].sort(),
    );
    // budgeting/planted-ok.server.ts (own tables, another file's constants) is not reported.
  });

  it("holds in app/ except for the shrinking allow-list", () => {
    const found = checkBoundaries(root, schemaDir);
    const routes = found
      .filter((v) => v.rule === "route-imports-database")
      .map(key)
      .sort();
    const modules = found
      .filter((v) => v.rule !== "route-imports-database")
      .map(key)
      .sort();
    expect(routes).toEqual([...ROUTE_ALLOWED].sort());
    expect(modules).toEqual([...MODULE_ALLOWED].sort());
  });
});
