// HiGHS (the `highs` package, WebAssembly) as a second, independent solver of a reader's ranges, for the tests.
import highsPackage from 'highs';
import type { LinearSystem, Range, RangeSolver } from '../../src/domain/disclosure/lp-ranges.ts';

// The package's types describe its CommonJS build; imported as ESM, the loader is the default export itself.
const loadHighs = ((highsPackage as { default?: unknown }).default ??
  highsPackage) as typeof highsPackage.default;
const highs = await loadHighs();
const { minimize, maximize } = highs.constants.objectiveSense;
const { optimal, infeasible, unbounded, unboundedOrInfeasible } = highs.constants.modelStatus;

/**
 * The same question as `simplexRanges`: each unknown's least and greatest value over the system, as a linear
 * programme (continuous), rounded inwards to whole numbers. One persistent model per system; only the objective
 * changes between solves.
 */
export const highsRanges: RangeSolver = (system: LinearSystem, which: readonly number[]) =>
  highs.withModel((model): Range[] | undefined => {
    model.options.set({ output_flag: false });
    for (const lo of system.lower) model.addVar(lo, highs.infinity);
    for (const eq of system.equations) {
      const terms = eq.terms.filter(([, a]) => a !== 0);
      if (terms.length === 0) {
        if (eq.constant !== 0) return undefined;
        continue;
      }
      model.addRow(eq.constant, eq.constant, {
        indices: terms.map(([k]) => k),
        values: terms.map(([, a]) => a),
      });
    }
    const ranges: Range[] = [];
    for (const k of which) {
      system.lower.forEach((_, j) => model.changeColCost(j, j === k ? 1 : 0));
      const bound: number[] = [];
      for (const sense of [minimize, maximize]) {
        model.changeObjectiveSense(sense);
        model.clearSolver();
        model.run();
        const status = model.getModelStatus();
        if (status === infeasible) return undefined;
        if (status === unbounded || status === unboundedOrInfeasible) bound.push(Infinity);
        else if (status === optimal) bound.push(model.getObjectiveValue());
        else throw new Error(`HiGHS ended with model status ${status}`);
      }
      const [lo, hi] = bound as [number, number];
      ranges.push({
        lo: Math.ceil(lo - 1e-7) + 0,
        hi: hi === Infinity ? Infinity : Math.floor(hi + 1e-7) + 0,
      });
    }
    return ranges;
  });
