import { expect } from "chai";
import { HttpError, WorkflowError, runWorkflow, type CallHandler, type RunOptions, type RunResult } from "../support/workflows-interpreter";

// Workflow sources are written inline; `\${` keeps TypeScript from interpolating Workflows expressions.
function yaml(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

const noCalls: CallHandler = (fn) => {
  throw new Error(`unexpected call to ${fn}`);
};

function run(source: string, options: Partial<RunOptions> = {}): Promise<RunResult> {
  return runWorkflow(source, { now: () => 1764200000.5, call: noCalls, ...options });
}

/** Runs a one-step workflow returning the expression and gives back the result. */
async function evaluate(expression: string, options: Partial<RunOptions> = {}): Promise<unknown> {
  return (await run(`- r:\n    return: ${JSON.stringify(expression)}\n`, options)).result;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the run to fail");
}

describe("Workflows interpreter", () => {
  describe("expressions", () => {
    it("multiplies before adding and keeps integer arithmetic integral", async () => {
      expect(await evaluate("${1 + 2 * 3}")).to.equal(7);
      expect(await evaluate("${(1 + 2) * 3}")).to.equal(9);
      expect(await evaluate("${get_type(1 + 2 * 3)}")).to.equal("integer");
      expect(await evaluate("${get_type(1 + 2.5)}")).to.equal("double");
      expect(await evaluate("${10 - 4 - 3}")).to.equal(3);
    });

    it("divides with / into a double and floors with //", async () => {
      expect(await evaluate("${7 / 2}")).to.equal(3.5);
      expect(await evaluate("${get_type(4 / 2)}")).to.equal("double");
      expect(await evaluate("${7 // 2}")).to.equal(3);
      expect(await evaluate("${-7 // 2}")).to.equal(-4);
      expect(await evaluate("${get_type(7 // 2)}")).to.equal("integer");
      expect(await evaluate("${7 % 3}")).to.equal(1);
    });

    it("applies unary minus before multiplication and after field access", async () => {
      expect(await evaluate("${-2 * 3 + 10 // 3}")).to.equal(-3);
      const out = await run(yaml(`
        - init:
            assign:
              - m: {n: 4}
        - r:
            return: \${-m.n * 2}
      `));
      expect(out.result).to.equal(-8);
    });

    it("binds not tighter than == as the documented operator table says", async () => {
      // (not 1) == 1 fails on `not 1`; Python-style not (1 == 1) would give false.
      const out = await run(yaml(`
        - t:
            try:
              return: \${not 1 == 1}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["TypeError"]);
      expect(await evaluate("${not (1 == 2)}")).to.equal(true);
    });

    it("compares integers and doubles by value and strings by code point", async () => {
      expect(await evaluate("${1 == 1.0}")).to.equal(true);
      expect(await evaluate("${2 < 2.5 and 3 >= 3}")).to.equal(true);
      expect(await evaluate('${"apple" < "banana"}')).to.equal(true);
      expect(await evaluate('${1 == "1"}')).to.equal(false);
    });

    it("short-circuits and/or so the right side is not evaluated", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - m: {}
        - r:
            return:
              - \${false and m.missing}
              - \${true or m.missing}
      `));
      expect(out.result).to.deep.equal([false, true]);
    });

    it("accepts the documented spellings of booleans and logical operators", async () => {
      expect(await evaluate("${True AND NOT FALSE}")).to.equal(true);
      expect(await evaluate("${TRUE OR false}")).to.equal(true);
    });

    it("tests membership in lists and map keys with in", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - m: {a: 1}
        - r:
            return:
              - \${2 in [1, 2, 3]}
              - \${"a" in m}
              - \${"b" in m}
      `));
      expect(out.result).to.deep.equal([true, true, false]);
    });

    it("joins strings with +, and a string with an integer as the documented + table says", async () => {
      expect(await evaluate('${"a" + "b"}')).to.equal("ab");
      expect(await evaluate('${"run-" + 42}')).to.equal("run-42");
      expect(await evaluate('${"v" + 1.5}')).to.equal("v1.5");
    });

    it("refuses a string joined with an integral double, whose text form is not documented", async () => {
      const e = await rejection(evaluate('${"v" + 2.0}'));
      expect(e.message).to.match(/step "r".*integral double/);
    });

    it("raises a catchable TypeError for a boolean added to a number", async () => {
      const out = await run(yaml(`
        - t:
            try:
              return: \${true + 1}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["TypeError"]);
    });

    it("reads string escapes in double- and single-quoted strings", async () => {
      const source = "- r:\n    return: ${\"a\\\"b\\\\c\\nd\\te\\u00e9\" + 'f\\'g'}\n";
      expect((await run(source)).result).to.equal('a"b\\c\nd\te\u00e9f\'g');
    });

    it("refuses an escape sequence it does not know before running anything", async () => {
      const e = await rejection(run('- r:\n    return: ${"\\x41"}\n'));
      expect(e.message).to.match(/step "r".*escape "\\x"/);
    });

    it("refuses chained comparisons instead of guessing how they group", async () => {
      const e = await rejection(evaluate("${1 < 2 < 3}"));
      expect(e.message).to.match(/step "r".*chained comparisons/);
    });

    it("treats a string that is not entirely ${...} as a literal", async () => {
      expect(await evaluate("gs://${bucket}/x")).to.equal("gs://${bucket}/x");
    });
  });

  describe("assignment", () => {
    it("assigns into maps and lists by field, key and computed index", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - i: 1
              - cfg: {a: {b: [10, 20, 30]}}
              - cfg.a.b[i + 1]: 99
              - cfg["new key"]: \${cfg.a.b[0]}
              - cfg.a.c: "created"
        - r:
            return: \${cfg}
      `));
      expect(out.result).to.deep.equal({ a: { b: [10, 20, 99], c: "created" }, "new key": 10 });
    });

    it("raises a catchable IndexError when assigning past the end of a list", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - l: [1]
        - t:
            try:
              assign:
                - l[3]: 0
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["IndexError"]);
    });

    it("copies values on assignment, so changing the copy leaves the original alone", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - a: {x: 1}
              - b: \${a}
              - b.x: 2
        - r:
            return: ["\${a.x}", "\${b.x}"]
      `));
      expect(out.result).to.deep.equal([1, 2]);
    });
  });

  describe("errors caught by try/except", () => {
    it("catches a KeyError for a missing map key", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - m: {a: 1}
        - t:
            try:
              assign:
                - v: \${m.b}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["KeyError"]);
    });

    it("catches an IndexError for an index past the end and for a negative index", async () => {
      const source = (index: string) =>
        yaml(`
          - t:
              try:
                return: \${[1, 2][${index}]}
              except:
                as: e
                steps:
                  - r:
                      return: \${e.tags}
        `);
      expect((await run(source("2"))).result).to.deep.equal(["IndexError"]);
      expect((await run(source("-1"))).result).to.deep.equal(["IndexError"]);
    });

    it("catches a ZeroDivisionError", async () => {
      const out = await run(yaml(`
        - t:
            try:
              return: \${1 / 0}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["ZeroDivisionError"]);
    });

    it("turns an HttpError from the handler into an error map with its code, body and headers", async () => {
      const out = await run(
        yaml(`
          - get:
              try:
                call: googleapis.storage.v1.objects.get
                args:
                  bucket: b
                  object: o
                result: r
              except:
                as: e
                steps:
                  - r:
                      return: \${e}
        `),
        { call: () => { throw new HttpError(404, { error: "not found" }, { "content-type": "application/json" }); } },
      );
      expect(out.result).to.deep.equal({
        code: 404,
        message: "HTTP server responded with error code 404",
        tags: ["HttpError"],
        body: { error: "not found" },
        headers: { "content-type": "application/json" },
      });
    });

    it("lets any other error from the handler escape unchanged, even past except", async () => {
      const boom = new Error("bug in the test handler");
      const e = await rejection(
        run(
          yaml(`
            - get:
                try:
                  call: http.get
                  args:
                    url: https://example.com
                except:
                  as: e
                  steps:
                    - r:
                        return: caught
          `),
          { call: () => { throw boom; } },
        ),
      );
      expect(e).to.equal(boom);
    });

    it("fails the run with WorkflowError carrying an uncaught raise", async () => {
      const e = await rejection(run(yaml(`
        - fail:
            raise:
              code: 55
              message: Something went wrong.
      `)));
      expect(e).to.be.instanceOf(WorkflowError);
      expect((e as WorkflowError).value).to.deep.equal({ code: 55, message: "Something went wrong." });
    });

    it("propagates a raise out of a subworkflow to the caller's except", async () => {
      const out = await run(yaml(`
        main:
          steps:
            - t:
                try:
                  call: inner
                except:
                  as: e
                  steps:
                    - r:
                        return: \${"caught " + e}
        inner:
          steps:
            - boom:
                raise: oops
      `));
      expect(out.result).to.equal("caught oops");
    });
  });

  describe("retry", () => {
    const retrying = (maxRetries: number) =>
      yaml(`
        - get:
            try:
              call: http.get
              args:
                url: https://example.com/x
              result: resp
            retry:
              predicate: \${http.default_retry_predicate}
              max_retries: ${maxRetries}
              backoff:
                initial_delay: 1
                max_delay: 60
                multiplier: 2
            except:
              as: e
              steps:
                - failed:
                    return: \${"gave up on " + e.code}
        - ok:
            return: \${resp.body}
      `);

    it("re-calls the handler after a retryable error until it succeeds", async () => {
      let calls = 0;
      const out = await run(retrying(3), {
        call: () => {
          calls++;
          if (calls < 3) throw new HttpError(503);
          return { code: 200, headers: {}, body: "done" };
        },
      });
      expect(out.result).to.equal("done");
      expect(calls).to.equal(3);
    });

    it("stops after max_retries retries and hands the last error to except", async () => {
      let calls = 0;
      const out = await run(retrying(2), {
        call: () => {
          calls++;
          throw new HttpError(429);
        },
      });
      expect(out.result).to.equal("gave up on 429");
      expect(calls).to.equal(3);
    });

    it("does not retry a code the default predicate leaves alone", async () => {
      let calls = 0;
      const out = await run(retrying(5), {
        call: () => {
          calls++;
          throw new HttpError(404);
        },
      });
      expect(out.result).to.equal("gave up on 404");
      expect(calls).to.equal(1);
    });

    it("asks a subworkflow predicate whether to retry", async () => {
      let calls = 0;
      const out = await run(
        yaml(`
          main:
            steps:
              - get:
                  try:
                    call: googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch
                    args:
                      projectId: p
                    result: r
                  retry:
                    predicate: \${only_500}
                    max_retries: 4
              - done:
                  return: \${r}
          only_500:
            params: [e]
            steps:
              - decide:
                  return: \${e.code == 500}
        `),
        {
          call: () => {
            calls++;
            if (calls === 1) throw new HttpError(500);
            return { job: { id: "j1" } };
          },
        },
      );
      expect(out.result).to.deep.equal({ job: { id: "j1" } });
      expect(calls).to.equal(2);
    });
  });

  describe("for loops", () => {
    it("iterates a list with value and index, skipping with continue and stopping with break", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - seen: []
        - loop:
            for:
              value: v
              index: i
              in: ["a", "skip", "b", "stop", "c"]
              steps:
                - check:
                    switch:
                      - condition: \${v == "skip"}
                        next: continue
                      - condition: \${v == "stop"}
                        next: break
                - add:
                    assign:
                      - seen: \${list.concat(seen, string(i) + v)}
        - r:
            return: \${seen}
      `));
      expect(out.result).to.deep.equal(["0a", "2b"]);
    });

    it("walks an inclusive integer range, and a double range in doubles", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - total: 0
              - types: []
        - ints:
            for:
              value: n
              range: [1, 4]
              steps:
                - add:
                    assign:
                      - total: \${total + n}
        - doubles:
            for:
              value: x
              range: [0.5, 2]
              steps:
                - note:
                    assign:
                      - types: \${list.concat(types, x)}
        - r:
            return:
              total: \${total}
              types: \${types}
      `));
      expect(out.result).to.deep.equal({ total: 10, types: [0.5, 1.5] });
    });

    it("keeps a variable first assigned inside a for loop out of the steps after it", async () => {
      const e = await rejection(run(yaml(`
        - loop:
            for:
              value: v
              in: [1, 2]
              steps:
                - inside:
                    assign:
                      - created_in_loop: \${v}
        - after:
            return: \${created_in_loop}
      `)));
      expect(e.message).to.match(/step "after".*variable "created_in_loop" is not defined/);
    });

    it("updates a variable that existed before the loop", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - last: null
        - loop:
            for:
              value: v
              in: [1, 2, 3]
              steps:
                - remember:
                    assign:
                      - last: \${v}
        - r:
            return: \${last}
      `));
      expect(out.result).to.equal(3);
    });

    it("refuses a loop variable that already exists outside the loop", async () => {
      const e = await rejection(run(yaml(`
        - init:
            assign:
              - v: 0
        - loop:
            for:
              value: v
              in: [1]
              steps:
                - noop:
                    assign:
                      - x: 1
      `)));
      expect(e.message).to.match(/step "loop".*"v" already exists/);
    });
  });

  describe("switch", () => {
    const source = yaml(`
      main:
        params: [args]
        steps:
          - choose:
              switch:
                - condition: \${args.n > 10}
                  next: big
                - condition: \${args.n > 5}
                  steps:
                    - mark:
                        assign:
                          - label: medium
              next: finish
          - small:
              assign:
                - label: never
          - big:
              return: big
          - finish:
              return: \${default(map.get(args, "label"), "unset") + "/" + label}
    `);

    it("jumps with the next of the first true condition", async () => {
      expect((await run(source, { argument: { n: 20 } })).result).to.equal("big");
    });

    it("runs a condition's steps and then follows the switch step's own next", async () => {
      expect((await run(source, { argument: { n: 7 } })).result).to.equal("unset/medium");
    });

    it("falls through to the switch step's next when no condition is true", async () => {
      const e = await rejection(run(source, { argument: { n: 1 } }));
      // `finish` is reached directly, so `label` (only set by the medium branch or the skipped `small` step) is undefined.
      expect(e.message).to.match(/step "finish".*variable "label" is not defined/);
    });

    it("raises TypeError for a condition that is not a boolean", async () => {
      const out = await run(yaml(`
        - t:
            try:
              switch:
                - condition: \${1}
                  return: one
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["TypeError"]);
    });
  });

  describe("subworkflows", () => {
    const source = yaml(`
      main:
        steps:
          - first:
              call: greet
              args:
                first: Ada
              result: a
          - second:
              call: greet
              args:
                first: Grace
                last: Hopper
              result: b
          - r:
              return: ["\${a}", "\${b}"]
      greet:
        params: [first, last: Lovelace]
        steps:
          - build:
              return: \${first + " " + last}
    `);

    it("binds args to params, fills defaults and returns the result", async () => {
      expect((await run(source)).result).to.deep.equal(["Ada Lovelace", "Grace Hopper"]);
    });

    it("refuses a call that leaves out a parameter without a default", async () => {
      const e = await rejection(run(source.replace("first: Ada", "last: X")));
      expect(e.message).to.match(/workflow "greet".*"first" was not given/);
    });

    it("returns null from a subworkflow that ends without return", async () => {
      const out = await run(yaml(`
        main:
          steps:
            - c:
                call: quiet
                result: r
            - done:
                return: \${r}
        quiet:
          steps:
            - nothing:
                assign:
                  - x: 1
      `));
      expect(out.result).to.equal(null);
    });
  });

  describe("standard library", () => {
    it("formats time in UTC and in Asia/Kolkata with microseconds and the zone's offset", async () => {
      expect(await evaluate("${time.format(1764200000.5)}")).to.equal("2025-11-26T23:33:20.500000Z");
      expect(await evaluate('${time.format(1764200000.5, "Asia/Kolkata")}')).to.equal("2025-11-27T05:03:20.500000+05:30");
      expect(await evaluate('${time.format(1720788633, "Europe/Paris")}')).to.equal("2024-07-12T14:50:33.000000+02:00");
      expect(await evaluate('${time.format(1720788633, "GMT")}')).to.equal("2024-07-12T12:50:33.000000Z");
    });

    it("parses RFC 3339 back to the same seconds, as a double", async () => {
      expect(await evaluate('${time.parse(time.format(1764200000.5, "Asia/Kolkata"))}')).to.equal(1764200000.5);
      expect(await evaluate('${time.parse("2024-05-08T12:01:00.000000Z")}')).to.equal(1715169660);
      expect(await evaluate('${get_type(time.parse("2024-05-08T12:01:00Z"))}')).to.equal("double");
      expect(await evaluate('${time.parse("2024-05-08T17:31:00.25+05:30")}')).to.equal(1715169660.25);
    });

    it("raises ValueError for a time that is not RFC 3339", async () => {
      const out = await run(yaml(`
        - t:
            try:
              return: \${time.parse("2024-05-08 12:01")}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["ValueError"]);
    });

    it("reads sys.now from the test clock", async () => {
      expect(await evaluate("${sys.now()}", { now: () => 1234.5 })).to.equal(1234.5);
    });

    it("percent-encodes everything but letters, digits and .-_", async () => {
      expect(await evaluate('${text.url_encode("crm-profiles/2026/11/05/a b+c.csv")}')).to.equal("crm-profiles%2F2026%2F11%2F05%2Fa%20b%2Bc.csv");
      expect(await evaluate('${text.url_encode("a/b/c?item=d+e f~")}')).to.equal("a%2Fb%2Fc%3Fitem%3Dd%2Be%20f%7E");
    });

    it("splits, slices, replaces and finds text by code point as documented", async () => {
      const out = await run(yaml(`
        - r:
            return:
              - \${text.split("baaab", "aa")}
              - \${text.split("abbc", "b")}
              - \${text.substring("hello", 2, 4)}
              - \${text.substring("hello", -10, 10)}
              - \${text.substring("héllo", 1, -1)}
              - \${text.replace_all("Hello World", "Hello", "Goodbye")}
              - \${text.replace_all("ab", "", "-")}
              - \${text.find_all("00000", "00")}
              - \${text.find_all("Hello World", "l")}
              - \${text.to_upper("abc") + text.to_lower("DEF")}
              - \${len("héllo")}
      `));
      expect(out.result).to.deep.equal([["b", "ab"], ["a", "", "c"], "ll", "hello", "éll", "Goodbye World", "-a-b-", [0, 2], [2, 3, 9], "ABCdef", 5]);
    });

    it("matches an anchored regular expression and refuses an unanchored one", async () => {
      expect(await evaluate('${text.match_regex("part-0001.csv", "^part-[0-9]{4}\\\\.csv$")}')).to.equal(true);
      expect(await evaluate('${text.match_regex("x/part-0001.csv", "^part-[0-9]{4}\\\\.csv$")}')).to.equal(false);
      const e = await rejection(evaluate('${text.match_regex("a.csv", "\\\\.csv$")}'));
      expect(e.message).to.match(/step "r".*anchor/);
    });

    it("encodes text to bytes for the handler and decodes bytes back, replacing each bad byte", async () => {
      let seen: unknown;
      const out = await run(
        yaml(`
          - send:
              call: http.post
              args:
                url: https://example.com
                body: \${text.encode("héllo")}
              result: resp
          - r:
              return:
                - \${text.decode(resp.body)}
                - \${text.decode(text.encode("abc", "US-ASCII"), "UTF-8")}
        `),
        {
          call: (_fn, args) => {
            seen = args.body;
            return { code: 200, headers: {}, body: Buffer.from([0x61, 0xe2, 0x82, 0x62]) };
          },
        },
      );
      expect(Buffer.isBuffer(seen) && (seen as Buffer).equals(Buffer.from("héllo", "utf8"))).to.equal(true);
      expect(out.result).to.deep.equal(["a\uFFFD\uFFFDb", "abc"]);
    });

    it("encodes JSON compactly and decodes JSON from bytes or text", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - m:
                  name: run
                  n: 3
                  ratio: 0.25
                  tags: [a, null, true]
        - r:
            return:
              - \${json.encode_to_string(m)}
              - \${json.decode(text.encode(json.encode_to_string(m)))}
              - \${get_type(json.decode("[1, 1.5]")[0])}
      `));
      expect(out.result).to.deep.equal([
        '{"name":"run","n":3,"ratio":0.25,"tags":["a",null,true]}',
        { name: "run", n: 3, ratio: 0.25, tags: ["a", null, true] },
        "integer",
      ]);
    });

    it("raises ValueError for invalid JSON", async () => {
      const out = await run(yaml(`
        - t:
            try:
              return: \${json.decode("{nope")}
            except:
              as: e
              steps:
                - r:
                    return: \${e.tags}
      `));
      expect(out.result).to.deep.equal(["ValueError"]);
    });

    it("gets, merges and concatenates without changing the originals", async () => {
      const out = await run(yaml(`
        - init:
            assign:
              - a: {k1: hello, nested: {deep: 1}}
              - b: {k1: good, k2: morning}
              - l: [zero, one]
        - r:
            return:
              - \${map.get(a, "k1")}
              - \${map.get(a, ["nested", "deep"])}
              - \${map.get(a, ["nested", "missing", "x"])}
              - \${map.merge(a, b)}
              - \${list.concat(l, "two")}
              - \${l}
              - \${keys(b)}
      `));
      expect(out.result).to.deep.equal([
        "hello",
        1,
        null,
        { k1: "good", nested: { deep: 1 }, k2: "morning" },
        ["zero", "one", "two"],
        ["zero", "one"],
        ["k1", "k2"],
      ]);
    });

    it("converts between types and picks defaults and branches", async () => {
      const out = await run(yaml(`
        - r:
            return:
              - \${int("42") + int(2.9)}
              - \${double("2.5") + double(1)}
              - \${string(7) + string(0.5)}
              - \${default(null, "fallback")}
              - \${if(1 > 2, "yes", "no")}
              - \${math.floor(2.7)}
              - \${get_type(math.floor(2.7))}
              - \${len([1, 2]) + len([3])}
      `));
      expect(out.result).to.deep.equal([44, 3.5, "70.5", "fallback", "no", 2, "integer", 3]);
    });

    it("reads environment values the test supplies, with the call's default as fallback", async () => {
      const out = await run(
        yaml(`
          - r:
              return:
                - \${sys.get_env("GOOGLE_CLOUD_PROJECT_ID")}
                - \${sys.get_env("GOOGLE_CLOUD_WORKFLOW_EXECUTION_ID", "none")}
        `),
        { env: { GOOGLE_CLOUD_PROJECT_ID: "gigamart-prod" } },
      );
      expect(out.result).to.deep.equal(["gigamart-prod", "none"]);
    });

    it("records sys.log payloads instead of sending them to the handler", async () => {
      const out = await run(yaml(`
        - a:
            call: sys.log
            args:
              text: \${"launching " + string(2) + " jobs"}
              severity: INFO
        - b:
            call: sys.log
            args:
              data: {stage: done}
      `));
      expect(out.logs).to.deep.equal(["launching 2 jobs", { stage: "done" }]);
    });
  });

  describe("the request boundary", () => {
    it("hands connector calls plain JSON-like arguments and stores what the handler returns", async () => {
      const calls: Array<[string, Record<string, unknown>]> = [];
      const out = await run(
        yaml(`
          main:
            params: [args]
            steps:
              - launch:
                  call: googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch
                  args:
                    projectId: \${args.project}
                    location: europe-west1
                    body:
                      launchParameter:
                        jobName: \${"load-" + args.day}
                        parameters:
                          workers: 2
                          ratio: 0.5
                  result: launched
              - r:
                  return: \${launched.job.id}
        `),
        {
          argument: { project: "gigamart", day: "2026-11-05" },
          call: (fn, a) => {
            calls.push([fn, a]);
            return { job: { id: "2026-11-05_00_00_00-1" } };
          },
        },
      );
      expect(out.result).to.equal("2026-11-05_00_00_00-1");
      expect(calls).to.deep.equal([
        [
          "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch",
          {
            projectId: "gigamart",
            location: "europe-west1",
            body: { launchParameter: { jobName: "load-2026-11-05", parameters: { workers: 2, ratio: 0.5 } } },
          },
        ],
      ]);
    });

    it("refuses an http.* handler result that carries an error status instead of throwing HttpError", async () => {
      const e = await rejection(
        run("- get:\n    call: http.get\n    args:\n      url: https://example.com\n", { call: () => ({ code: 500, headers: {}, body: null }) }),
      );
      expect(e.message).to.match(/step "get".*throw HttpError/);
    });
  });

  describe("limits and refusals", () => {
    it("stops an endless loop after maxSteps steps", async () => {
      const e = await rejection(
        run(
          yaml(`
            - again:
                assign:
                  - x: 1
                next: again
          `),
          { maxSteps: 50 },
        ),
      );
      expect(e.message).to.match(/stopped after 50 steps/);
    });

    it("counts the steps it ran", async () => {
      expect((await run("- a:\n    assign:\n      - x: 1\n- b:\n    return: ${x}\n")).steps).to.equal(2);
    });

    it("refuses an unsupported step kind such as parallel, naming the step, before running anything", async () => {
      let called = false;
      const e = await rejection(
        run(
          yaml(`
            - first:
                call: http.get
                args:
                  url: https://example.com
            - fanout:
                parallel:
                  branches: []
          `),
          { call: () => { called = true; return { code: 200, headers: {}, body: null }; } },
        ),
      );
      expect(e.message).to.match(/step "fanout".*unsupported step kind "parallel"/);
      expect(called).to.equal(false);
    });

    it("refuses an unknown function in an expression, naming the step", async () => {
      const e = await rejection(evaluate("${text.reverse(\"abc\")}"));
      expect(e.message).to.match(/step "r".*unknown function "text.reverse"/);
    });

    it("refuses an unknown function in a call step, naming the step", async () => {
      const e = await rejection(run("- wait:\n    call: sys.sleep\n    args:\n      seconds: 1\n"));
      expect(e.message).to.match(/step "wait".*unknown function "sys.sleep"/);
    });

    it("refuses a jump to a step that does not exist", async () => {
      const e = await rejection(run("- a:\n    next: nowhere\n"));
      expect(e.message).to.match(/step "a".*next: nowhere/);
    });

    it("refuses to return bytes, which Workflows cannot JSON-encode", async () => {
      const e = await rejection(evaluate('${text.encode("x")}'));
      expect(e.message).to.match(/bytes can't be returned/);
    });
  });
});
