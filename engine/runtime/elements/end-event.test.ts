import { describe, expect, it } from "vitest";
import xml from "./__fixtures__/terminate-subprocess.bpmn?raw";
import { driverWith, effectsOf, tokenElements, transitions } from "../../testing/fixtures";

describe("terminate end event", () => {
  it("inside a subprocess ends only that scope", async () => {
    const d = await driverWith([xml]);
    const id = d.start("terminateSub");
    expect(d.openTasks(id).map((t) => t.elementId).sort()).toEqual(["inner", "kill", "outer"]);
    d.completeTask(id, "kill");
    // inner was terminated, the subprocess completed normally and went on to "after"
    expect(transitions(d, id, "terminated")).toEqual(["inner"]);
    expect(effectsOf(d, id, "cancelTask")).toHaveLength(1);
    expect(transitions(d, id, "completed")).toContain("sp");
    expect(tokenElements(d, id)).toEqual(["after:waiting", "outer:waiting"]);
    expect(d.state(id).status).toBe("active");
    d.completeTask(id, "outer");
    d.completeTask(id, "after");
    expect(d.state(id).status).toBe("completed");
  });
});
