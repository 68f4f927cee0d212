export {};
// Entry of the `medvirk` command. Each subcommand lives in its own file and
// exports `run(argv): Promise<number>` (the exit code). Output is JSON on
// stdout; errors are one line on stderr with a non-zero exit code.
type Sub = { run: (argv: string[]) => Promise<number> };
const subcommands: Record<string, () => Promise<Sub>> = {
  pb: () => import("./pb.ts"),
  panel: () => import("./panel.ts"),
  arkivmelding: () => import("./arkivmelding.ts"),
  audit: () => import("./audit.ts"),
  groups: () => import("./groups.ts"),
};

const [subName, ...rest] = process.argv.slice(2);
if (!subName || subName === "--help" || subName === "-h" || !(subName in subcommands)) {
  process.stderr.write(
    `usage: medvirk <${Object.keys(subcommands).join("|")}> …\n` +
      "  medvirk pb tally --rule <greedy|mes> [--completion <none|add1|add1-exhaustive>] <file.pb>\n" +
      "  medvirk panel draw --method <leximin|legacy> --instance <dir> [--size k] [--seed S]\n" +
      "  medvirk arkivmelding --case <year/sequence> --consultation <id> --out <dir> [--version N]\n" +
      "  medvirk audit verify\n" +
      "  medvirk groups --votes <votes.csv> [--comments <comments.csv>] [--min-votes 7] [--seed S]\n",
  );
  process.exit(subName ? 2 : 0);
}
const sub = await subcommands[subName]!();
process.exit(await sub.run(rest));
