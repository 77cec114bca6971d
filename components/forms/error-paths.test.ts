import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fieldTargets, placeErrors } from "./error-paths";

const load = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../server/forms/__fixtures__", name), "utf8")) as Record<string, unknown>;

describe("placeErrors: server error paths onto form-js field ids", () => {
  it("places top-level, dotted, group-path and dynamic-list errors; lists the rest", () => {
    const travel = fieldTargets(load("travel-v10.form"));
    expect(placeErrors(travel, { departureDate: "Field is required.", "traveller.name": "Field is required.", amout: "Not a field of this form." })).toEqual({
      errors: { Field_depdate: ["Field is required."], Field_tname: ["Field is required."] },
      unplaced: ["amout: Not a field of this form."],
    });
    const expense = fieldTargets(load("expense-v16.form"));
    expect(placeErrors(expense, { "requester.name": "Field is required.", "items.1.cost": "Field must have minimum value of 0." })).toEqual({
      errors: { Field_name: ["Field is required."], Field_cost: [undefined, ["Field must have minimum value of 0."]] },
      unplaced: [],
    });
  });
});
