import { describe, expect, it } from "vitest";
import { parseModeratedOut, parseVotesCsv } from "./votes-csv.ts";

describe("parseVotesCsv", () => {
  it("reads Polis openData's votes.csv, with quoted fields and CRLF", () => {
    const r = parseVotesCsv(
      'timestamp,datetime,comment-id,voter-id,vote\r\n1403054214196,"Wed Jun 18, 2014",0,12,-1\r\n1403054214197,x,3,12,0\r\n',
    );
    expect(r).toEqual({
      ok: true,
      votes: [
        { participant: "12", statement: "0", vote: -1, time: 1403054214196 },
        { participant: "12", statement: "3", vote: 0, time: 1403054214197 },
      ],
    });
  });

  it("accepts the columns in any order and without datetime", () => {
    const r = parseVotesCsv("vote,voter-id,comment-id,timestamp\n1,4,5,6\n");
    expect(r).toEqual({ ok: true, votes: [{ participant: "4", statement: "5", vote: 1, time: 6 }] });
  });

  it("names the line of an unknown column, a missing column or an unknown value", () => {
    const head = "timestamp,datetime,comment-id,voter-id,vote\n";
    expect(parseVotesCsv("timestamp,comment-id,voter-id,vote,weight\n1,2,3,1,1\n")).toEqual({
      ok: false,
      line: 1,
      message: 'unknown column "weight"; expected timestamp, comment-id, voter-id, vote, datetime',
    });
    expect(parseVotesCsv("timestamp,comment-id,vote\n")).toMatchObject({ ok: false, line: 1 });
    expect(parseVotesCsv(`${head}1,a,0,0,1\n2,b,0,0,2\n`)).toEqual({
      ok: false,
      line: 3,
      message: 'vote is not 1, -1 or 0: "2"',
    });
    expect(parseVotesCsv(`${head}1,a,0,0,1\n\n2,b,x,0,1\n`)).toMatchObject({ ok: false, line: 4 });
    expect(parseVotesCsv(`${head}1,a,0,0\n`)).toMatchObject({ ok: false, line: 2 });
    expect(parseVotesCsv(`${head}soon,a,0,0,1\n`)).toMatchObject({ ok: false, line: 2 });
    expect(parseVotesCsv("")).toMatchObject({ ok: false, line: 1 });
  });

  it("counts lines inside a quoted field", () => {
    const r = parseVotesCsv('timestamp,datetime,comment-id,voter-id,vote\n1,"two\nlines",0,0,1\n2,b,0,0,9\n');
    expect(r).toMatchObject({ ok: false, line: 4 });
  });
});

describe("parseModeratedOut", () => {
  it("lists the comments moderated out (-1) in Polis's comments.csv, text with newlines and all", () => {
    const text =
      "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n" +
      '1,x,0,5,1,0,-1,"two\nlines, and a comma"\n2,y,1,5,0,0,0,ok\n3,z,2,6,0,0,1,fine\n4,w,3,6,0,0,-1,gone\n';
    expect(parseModeratedOut(text)).toEqual({ ok: true, statements: ["0", "3"] });
    expect(parseModeratedOut(text.replace(",gone", ",gone,extra"))).toMatchObject({ ok: false, line: 6 });
    expect(parseModeratedOut("comment-id,agrees\n1,2\n")).toMatchObject({ ok: false, line: 1 });
  });
});
