import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit, checkpointAudit, verifyAuditChain } from "#app/modules/identity/audit.server.ts";
import { signInAs } from "#tests/setup/auth.ts";
import { startTestServer } from "#tests/setup/server.ts";

// Issue 21, defect 10: deleting the last rows of the audit chain leaves a
// chain that verifies by itself; the signed checkpoint of its head catches it.
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
});
afterAll(async () => server?.stop());

const db = () => server.deps.db.db;
const bypass = async (statement: ReturnType<typeof sql>) => {
  // Someone able to bypass the append-only triggers (a database owner).
  await db().execute(sql`alter table audit_events disable trigger user`);
  await db().execute(sql`alter table audit_checkpoints disable trigger user`);
  await db().execute(statement);
  await db().execute(sql`alter table audit_events enable trigger user`);
  await db().execute(sql`alter table audit_checkpoints enable trigger user`);
};

describe("audit checkpoints", () => {
  it("a signed checkpoint of the head verifies with the chain", async () => {
    for (const action of ["test.one", "test.two", "test.three"]) await audit(db(), new Date(), { action });
    const cp = await checkpointAudit(db(), server.deps.env, new Date());
    const r = await verifyAuditChain(db(), { env: server.deps.env });
    expect(r).toMatchObject({ ok: true, rows: cp.seq, lastHash: cp.hash, checkpoint: { seq: cp.seq } });
    // Checkpoints are append-only like the chain.
    await expect(db().execute(sql`delete from audit_checkpoints`)).rejects.toThrow();
  });

  it("a checkpoint whose signature is not the server's is reported", async () => {
    await db().execute(
      sql`insert into audit_checkpoints (at, seq, hash, mac) values (now(), 1, ${"0".repeat(64)}, ${"ab".repeat(32)})`,
    );
    expect(await verifyAuditChain(db(), { env: server.deps.env })).toMatchObject({
      ok: false,
      reason: "checkpoint-forged",
    });
    await bypass(sql`delete from audit_checkpoints where mac = ${"ab".repeat(32)}`);
    expect((await verifyAuditChain(db(), { env: server.deps.env })).ok).toBe(true);
  });

  it("deleting the chain's last rows is detected: the chain alone still verifies, the checkpoint does not", async () => {
    const before = await verifyAuditChain(db(), { env: server.deps.env });
    if (!before.ok) throw new Error("chain broken before the test");
    await bypass(sql`delete from audit_events where seq > ${before.rows - 2}`);
    const alone = await verifyAuditChain(db());
    expect(alone).toMatchObject({ ok: true, rows: before.rows - 2 }); // what the chain by itself cannot see
    expect(await verifyAuditChain(db(), { env: server.deps.env })).toMatchObject({
      ok: false,
      reason: "truncated",
      brokenAt: before.rows - 1,
    });
    // The admin page says so too.
    const admin = await signInAs(server, { tenant: "vadso", role: "admin" });
    const html = await (await admin.fetch("/vadso/admin/audit")).text();
    expect(html).toContain('data-chain="broken"');
  });
});
