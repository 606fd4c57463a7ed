import { describe, expect, it } from "vitest";
import { parseCommandBody, parseCommandListBody } from "./command-schema";

const limits = { maxArgs: 4, maxCommands: 2 };

describe("parseCommandBody", () => {
  it("accepts a command array and turns numbers and booleans into text", () => {
    expect(parseCommandBody('["set","k",1.5]', limits)).toEqual({
      ok: true,
      value: { name: "set", args: ["k", "1.5"] },
    });
    expect(parseCommandBody('["echo",true]', limits)).toEqual({
      ok: true,
      value: { name: "echo", args: ["true"] },
    });
  });

  it("names what is wrong with a malformed body", () => {
    const error = (text: string) => {
      const parsed = parseCommandBody(text, limits);
      return parsed.ok ? "" : parsed.error;
    };
    expect(error("[")).toBe("ERR failed to parse command: the request body is not valid JSON");
    expect(error('{"a":1}')).toMatch(/the body must be a JSON array/);
    expect(error("[]")).toMatch(/the body is an empty array/);
    expect(error('[1,"k"]')).toMatch(/must start with the command name/);
    expect(error('["set","k",null]')).toMatch(
      /element 2 must be a string, a finite number or a boolean, got null/,
    );
    expect(error('["mset","a","1","b","2"]')).toMatch(/has more than 4 elements/);
  });
});

describe("parseCommandListBody", () => {
  it("accepts a list of commands and bounds its length", () => {
    expect(parseCommandListBody('[["get","a"],["incr","n"]]', limits)).toEqual({
      ok: true,
      value: [
        { name: "get", args: ["a"] },
        { name: "incr", args: ["n"] },
      ],
    });
    const tooMany = parseCommandListBody('[["ping"],["ping"],["ping"]]', limits);
    expect(tooMany).toEqual({ ok: false, error: "ERR too many commands in one request: 3 (limit 2)" });
  });

  it("names the position of a bad command", () => {
    const parsed = parseCommandListBody('[["get","a"],{"x":1}]', limits);
    expect(parsed.ok ? "" : parsed.error).toMatch(/command 1 must be a JSON array/);
  });
});
