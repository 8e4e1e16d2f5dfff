/**
 * The JIT bench's reading of V8's `--trace-opt --trace-deopt` lines (bench/jit.bench.ts): lines
 * as Node 20 prints them, a function compiled again (by its SharedFunctionInfo, whatever the
 * closure), anonymous functions, and lazy deopts left out of the eager count.
 */
import { describe, expect, it } from 'vitest';
import { jitFigures } from '../../bench/jit.bench.js';

const trace = [
  '[marking 0x20080b122779 <JSFunction normalizeString (sfi = 0x36e0ee326151)> for optimization to TURBOFAN, ConcurrencyMode::kConcurrent, reason: hot and stable]',
  '[compiling method 0x20080b122779 <JSFunction normalizeString (sfi = 0x36e0ee326151)> (target TURBOFAN), mode: ConcurrencyMode::kConcurrent]',
  '[completed compiling 0x20080b122779 <JSFunction normalizeString (sfi = 0x36e0ee326151)> (target TURBOFAN) - took 0.018, 5.912, 0.017 ms]',
  '[completed optimizing 0x20080b122779 <JSFunction normalizeString (sfi = 0x36e0ee326151)> (target TURBOFAN)]',
  '[completed compiling 0x3beb03398831 <JSFunction (sfi = 0x1c7c1c9628a9)> (target TURBOFAN) - took 0.008, 10.457, 0.064 ms]',
  '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x20080b116331 <JSFunction isURL (sfi = 0x36e0ee3240a9)>, 0x1f0127ec5079 <Code TURBOFAN>, opt id 6, bytecode offset 12, deopt exit 1]',
  '[bailout (kind: deopt-lazy, reason: (unknown)): begin. deoptimizing 0x0ea20326ac91 <JSFunction field (sfi = 0xc1d0b607131)>, 0x0e3b4e7ad039 <Code TURBOFAN>, opt id 94]',
  // The same closure site, another closure: compiled again.
  '[completed compiling 0x01eb044fd281 <JSFunction (sfi = 0x1c7c1c9628a9)> (target TURBOFAN) - took 0.013, 9.018, 0.063 ms]',
  '[completed compiling 0x22c053b258c9 <JSFunction push (sfi = 0x342d9a04bce1)> (target TURBOFAN) OSR - took 0.011, 1.714, 0.011 ms]',
  '[bailout (kind: deopt-eager, reason: wrong map): begin. deoptimizing 0x2cd2fcc07189 <JSFunction snapshotPath (sfi = 0x1f0127ed8551)>]',
  '[bailout (kind: deopt-eager, reason: not a Smi): begin. deoptimizing 0x2cd2fcc07189 <JSFunction readSync (sfi = 0x1f0127ed8552)>]',
].join('\n');

describe('jitFigures', () => {
  it('counts compilations, functions compiled again and eager deopts by reason', () => {
    const f = jitFigures(trace);
    expect(f.compilations).toBe(4);
    expect(f.functions).toBe(3);
    expect(f.again).toBe(1);
    expect(f.compileMs).toBeCloseTo(5.947 + 10.529 + 9.094 + 1.736, 6);
    expect(f.againMs).toBeCloseTo(9.094, 6);
    expect([...f.eagerDeopts]).toEqual([
      ['wrong map', 2],
      ['not a Smi', 1],
    ]);
    expect(f.repeated).toEqual([{ name: '(anonymous)', times: 2, ms: expect.closeTo(19.623, 6) }]);
  });

  it('finds nothing in output without trace lines', () => {
    const f = jitFigures('vmqlint: 3 hosts\n');
    expect([f.compilations, f.functions, f.again, f.eagerDeopts.size, f.repeated.length]).toEqual([0, 0, 0, 0, 0]);
  });
});
