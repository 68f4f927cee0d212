import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import type { LocalizedText } from "#db/schema/types.ts";
import { processes } from "#db/schema/index.ts";

type Executor = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Keeps a process's shared facts (its title and closing time, which the home page and the
 * requirement pages read) in step with the owning module's own row, inside its transaction.
 */
export async function updateProcessFacts(
  tx: Executor,
  processId: string,
  facts: { title?: LocalizedText; closesAt?: Date },
): Promise<void> {
  if (!facts.title && !facts.closesAt) return;
  await tx
    .update(processes)
    .set({ ...(facts.title ? { title: facts.title } : {}), ...(facts.closesAt ? { closesAt: facts.closesAt } : {}) })
    .where(eq(processes.id, processId));
}
