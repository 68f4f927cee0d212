import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { electionFromPabulib, supportOf } from "./election.ts";
import { formatDecimal, parseDecimal } from "./exact.ts";
import { PabulibError, parsePabulib } from "./pabulib.ts";

const FIXTURES = fileURLToPath(new URL("../../../tests/fixtures/pabulib/", import.meta.url));
const read = (name: string) => readFileSync(FIXTURES + name, "utf8");

const SMALL = [
  "META",
  "key;value",
  "description;Test",
  "num_projects;3",
  "num_votes;3",
  "budget;100.50",
  "vote_type;approval",
  "rule;greedy",
  "PROJECTS",
  "project_id;cost;name;selected",
  '1;50.25;"Park; with a ""quote""";1',
  "2;30;Library;0",
  "3;60;Pool;0",
  "VOTES",
  "voter_id;vote;age",
  "v1;1,2;30",
  "v2;3;41",
  "v3;1;",
  "",
].join("\n");

/** Replaces line `n` (1-based) of SMALL. */
const withLine = (n: number, text: string | null) => {
  const lines = SMALL.split("\n");
  if (text === null) lines.splice(n - 1, 1);
  else lines[n - 1] = text;
  return lines.join("\n");
};

function errorOf(text: string): PabulibError {
  try {
    parsePabulib(text);
  } catch (e) {
    if (e instanceof PabulibError) return e;
    throw e;
  }
  throw new Error("expected a PabulibError");
}

describe("parsePabulib", () => {
  it("reads the three sections with quoting and exact decimals", () => {
    const pb = parsePabulib(SMALL);
    expect(pb.meta.budget).toEqual({ units: 1005n, scale: 1 }); // 100.50, trailing zero dropped
    expect(pb.meta.voteType).toBe("approval");
    expect(pb.meta.rule).toBe("greedy");
    expect(pb.projects.map((p) => p.id)).toEqual(["1", "2", "3"]);
    expect(pb.projects[0]!.name).toBe('Park; with a "quote"');
    expect(formatDecimal(pb.projects[0]!.cost)).toBe("50.25");
    expect(pb.projects[0]!.selected).toBe(1);
    expect(pb.votes[0]).toMatchObject({
      voterId: "v1",
      projects: ["1", "2"],
      points: null,
      fields: { age: "30" },
      line: 16,
    });
    expect(pb.warnings).toEqual([]);
  });

  it("scales all money to one exact unit", () => {
    const e = electionFromPabulib(parsePabulib(SMALL));
    expect(e.scale).toBe(2);
    expect(e.budget).toBe(10050n);
    expect(e.projects.map((p) => p.cost)).toEqual([5025n, 3000n, 6000n]);
  });

  it("accepts CRLF line ends, a BOM, spaces after separators and quoted fields over several lines", () => {
    const text =
      "\ufeff" +
      SMALL.replace("key;value", "key; value").replace('"Park; with', '"Park\nwith').split("\n").join("\r\n");
    const pb = parsePabulib(text);
    expect(pb.projects[0]!.name).toBe('Park\r\nwith a "quote"');
    // Line numbers count physical lines, so the row after the multi-line field is one further down.
    expect(pb.votes[0]!.line).toBe(17);
  });

  it("warns when META counts do not match the rows", () => {
    const pb = parsePabulib(withLine(5, "num_votes;4"));
    expect(pb.warnings).toEqual(["META num_votes is 4 but VOTES has 3 rows"]);
  });

  const broken: [string, string, number, RegExp][] = [
    ["unknown section", withLine(14, "BALLOTS"), 14, /unknown section "BALLOTS"/],
    ["wrong column count", withLine(12, "2;30;Library"), 12, /expected 4 columns \(header on line 10\), found 3/],
    ["missing budget", withLine(6, null), 1, /META has no budget/],
    ["non-numeric budget", withLine(6, "budget;lots"), 6, /budget is not a number: "lots"/],
    ["non-numeric cost", withLine(12, "2;30k;Library;0"), 12, /cost of project "2" is not a number: "30k"/],
    ["negative cost", withLine(12, "2;-30;Library;0"), 12, /cost of project "2" is negative/],
    ["vote for an unknown project", withLine(17, "v2;3,9;41"), 17, /names project "9", which is not in PROJECTS/],
    ["the same project twice in a vote", withLine(17, "v2;3,3;41"), 17, /names project "3" twice/],
    ["duplicate project id", withLine(12, "1;30;Library;0"), 12, /project_id "1" appears twice \(first on line 11\)/],
    ["duplicate voter", withLine(17, "v1;3;41"), 17, /voter_id "v1" appears twice \(first on line 16\)/],
    ["no cost column", withLine(10, "project_id;price;name;selected"), 10, /PROJECTS header has no "cost" column/],
    ["unknown vote type", withLine(7, "vote_type;quadratic"), 7, /unknown vote_type "quadratic"/],
    ["data before any section", "key;value\n" + SMALL, 1, /data before the first section/],
    ["missing VOTES section", SMALL.split("VOTES")[0]!, 13, /missing section VOTES/],
    ["unterminated quote", withLine(12, '2;30;"Library;0'), 12, /unterminated quoted field/],
  ];
  for (const [what, text, line, reason] of broken) {
    it(`rejects a file with ${what}, naming the line`, () => {
      const e = errorOf(text);
      expect(e.line).toBe(line);
      expect(e.reason).toMatch(reason);
      expect(e.message).toBe(`line ${line}: ${e.reason}`);
    });
  }

  it("requires points for cumulative ballots and checks their count", () => {
    const cumulative = withLine(7, "vote_type;cumulative").replace("voter_id;vote;age", "voter_id;vote;points");
    const ok = cumulative.replace("v1;1,2;30", "v1;1,2;3,2").replace("v2;3;41", "v2;3;5").replace("v3;1;", "v3;1;1");
    expect(parsePabulib(ok).votes[0]!.points).toEqual([3, 2]);
    const e = errorOf(ok.replace("v1;1,2;3,2", "v1;1,2;3"));
    expect(e.line).toBe(16);
    expect(e.reason).toMatch(/2 projects but 1 points/);
  });

  it("reads every fixture, and the per-project votes and scores match the ballots", () => {
    for (const file of [
      "Netherlands_Assen_2024.pb",
      "Poland_Czestochowa_2024.pb",
      "Poland_Czestochowa_2025_Polnoc.pb",
      "Poland_Krakow_2025_Biezanow-Prokocim.pb",
      "Poland_Swiecie_2023.pb",
      "Poland_Warszawa_2020_Praga-Poludnie.pb",
      "Poland_Wieliczka_2023_Green_Budget.pb",
    ]) {
      const pb = parsePabulib(read(file));
      expect(pb.warnings, file).toEqual([]);
      const e = electionFromPabulib(pb);
      const { votes, score } = supportOf(e);
      pb.projects.forEach((p, j) => {
        if (p.votes !== null) expect(votes[j], `${file} ${p.id}`).toBe(p.votes);
        // Ordinal (Kraków): the file's score is the Borda score with max_length 3, i.e. 3/2/1 points.
        if (p.score !== null) expect(score[j], `${file} ${p.id}`).toBe(p.score);
      });
    }
  });
});

describe("parseDecimal", () => {
  it("is exact and strict", () => {
    expect(parseDecimal("2532645.83")).toEqual({ units: 253264583n, scale: 2 });
    expect(parseDecimal("10.50")).toEqual({ units: 105n, scale: 1 });
    expect(parseDecimal(" 7 ")).toEqual({ units: 7n, scale: 0 });
    expect(parseDecimal(".5")).toEqual({ units: 5n, scale: 1 });
    for (const bad of ["", "1e5", "1,5", "abc", "1.2.3", "--1"]) expect(parseDecimal(bad), bad).toBeNull();
  });
});
