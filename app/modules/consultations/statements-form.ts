import { z } from "zod";

// A council's statement (app/modules/consultations/ui/statements.tsx): written, or uploaded as a file.
export const StatementForm = z.object({
  statementId: z.string().max(40).default(""),
  text: z.string().max(60_000).default(""),
  // The file's own checks (type, size) stay with the command.
  file: z.unknown(),
});
export type StatementForm = z.output<typeof StatementForm>;
