import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConsultation } from "#app/modules/consultations/commands.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 17: the staff home says what needs attention beside each consultation: the input
// report not yet attached to the case once it closed, and councils' statements past their
// deadline without an answer.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ env: { MEDVIRK_DEMO_STAFF: "1" } });
});
afterAll(async () => server?.stop());

const REPORT = "Innspillsrapporten er ikke lagt ved saken";

describe("the staff home's attention marks", () => {
  it("appear when the consultation closes without its report attached and a council's statement is overdue", async () => {
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const [c] = await server.deps.db.rows<{ id: string; tenant_id: string; case_id: string }>(
      sql`select id, tenant_id, case_id from consultations where closed_at is null order by created_at limit 1`,
    );
    const before = await (await admin.fetch("/vadso/admin")).text();
    expect(before).not.toContain(REPORT);
    expect(before).not.toContain("Uttalelser på overtid");

    const actor = {
      id: admin.personId,
      platformAdmin: false,
      memberships: [{ tenantId: c!.tenant_id, role: "admin" as const, bodyId: null }],
    };
    expect(
      await closeConsultation(server.deps, actor, { tenantId: c!.tenant_id, consultationId: c!.id }),
    ).toMatchObject({ ok: true });
    // A council asked a week ago, with a deadline yesterday, and no answer.
    await server.deps.db.rows(sql`
      insert into council_statements (tenant_id, case_id, council_body_id, reason, requested_at, deadline)
      select ${c!.tenant_id}, ${c!.case_id}, b.id, 'statutory', now() - interval '7 days', now() - interval '1 day'
        from bodies b where b.tenant_id = ${c!.tenant_id} and b.kind = 'eldreraad' limit 1`);
    const after = await (await admin.fetch("/vadso/admin")).text();
    expect(after).toContain(REPORT);
    expect(after).toContain("Uttalelser på overtid: 1");
  });
});
