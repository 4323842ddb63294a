/**
 * Chapter 3, functional approximation error (docs/theory.md#functional-approximation): with a perfect family and 10 000
 * points a generation, the exact fit's spread stays at the truth's (sd 1; the statistical
 * drift of log σ² after n generations has sd ≈ √(2n/M) ≈ 0.08 at n = 30), while the SGD fit's
 * shortfall compounds.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { runApproximation } from "../src/experiments/approximation";

test("the SGD learner's error accumulates across generations; the exact fit's does not", () => {
  const generations = 30;
  for (let seed = 0; seed < 3; seed++) {
    const sgd = runApproximation({ learner: "sgd", sampleSize: 10000, generations, seed });
    const exact = runApproximation({ learner: "exact", sampleSize: 10000, generations, seed });
    assert.ok(Math.abs(exact.spread[generations - 1] - 1) < 0.1, `exact spread ${exact.spread[generations - 1]}`);
    // Shrinking, generation after generation: after 30 the SGD model is less than half as wide.
    assert.ok(sgd.spread[generations - 1] < 0.5, `SGD spread ${sgd.spread[generations - 1]}`);
    assert.ok(sgd.spread[10] < sgd.spread[1] && sgd.spread[generations - 1] < sgd.spread[10]);
    assert.ok(sgd.l2ToTruth[generations - 1] > 10 * sgd.l2ToTruth[0], "L2 to the truth grows");
    assert.ok(exact.l2ToTruth[generations - 1] < sgd.l2ToTruth[generations - 1] / 10);
  }
});
