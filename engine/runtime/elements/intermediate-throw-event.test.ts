import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/escalation-link.bpmn?raw";
import { driverWith, tokenElements, transitions } from "../../testing/fixtures";

describe("intermediate throw: escalation and link", () => {
  it("an escalation throw is caught by a non-interrupting boundary; the thrower goes on", async () => {
    const d = await driverWith([xml]);
    const id = d.start("escalation");
    expect(tokenElements(d, id)).toEqual(["inner:waiting", "notified:waiting", "sp:waiting"]);
    d.completeTask(id, "notified");
    // an escalation end caught by an interrupting boundary ends the subprocess
    d.completeTask(id, "inner");
    expect(transitions(d, id, "terminated")).toEqual(["giveUp", "sp"]);
    expect(tokenElements(d, id)).toEqual(["fallback:waiting"]);
    d.completeTask(id, "fallback");
    expect(d.state(id).status).toBe("completed");
  });

  it("a link throw continues at the link catch of the same name", async () => {
    const d = await driverWith([xml]);
    const id = d.start("link");
    expect(transitions(d, id, "activated")).toEqual(["link", "l_start", "jump", "land", "l_task"]);
    expect(tokenElements(d, id)).toEqual(["l_task:waiting"]);
  });
});
