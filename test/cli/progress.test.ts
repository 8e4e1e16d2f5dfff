import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

const ERASE = '\r\x1b[K';

/** A fake stderr and clock. */
function rig(tty: boolean | undefined) {
  const writes: string[] = [];
  let now = 1000;
  const io = { stderr: (t: string) => void writes.push(t), ...(tty === undefined ? {} : { stderrIsTty: () => tty }) };
  return { io, writes, clock: () => now, advance: (ms: number) => void (now += ms) };
}

describe('progress line', () => {
  it('draws in place on a terminal and erases the line at the end', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock });
    p.start(1000);
    r.advance(31_200);
    p.tick(412);
    p.done();
    expect(r.writes).toEqual([`${ERASE}vmqlint: 0/1000 hosts`, `${ERASE}vmqlint: 412/1000 hosts, 13.2 hosts/s, ETA 45 s`, ERASE]);
  });

  it('writes no byte when stderr is not a terminal, or when it cannot tell', () => {
    for (const tty of [false, undefined]) {
      const r = rig(tty);
      const p = createProgress(r.io, { clock: r.clock });
      p.start(10);
      r.advance(1000);
      p.tick(5);
      p.done();
      expect(r.writes).toEqual([]);
    }
  });

  it('writes no byte under --quiet, even on a terminal', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock, quiet: true });
    p.start(10);
    r.advance(1000);
    p.tick(5);
    p.done();
    expect(r.writes).toEqual([]);
  });

  it('redraws at most once per interval (10 a second by default)', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock });
    p.start(1000);
    for (let i = 1; i <= 100; i++) {
      r.advance(10);
      p.tick(i);
    }
    // 1 s of ticks every 10 ms: the start line and one redraw every 100 ms.
    expect(r.writes).toHaveLength(11);
    expect(r.writes.at(-1)).toBe(`${ERASE}vmqlint: 100/1000 hosts, 100.0 hosts/s, ETA 9 s`);
    const slow = rig(true);
    const q = createProgress(slow.io, { clock: slow.clock, intervalMs: 500 });
    q.start(10);
    slow.advance(499);
    q.tick(1);
    slow.advance(1);
    q.tick(2);
    expect(slow.writes).toEqual([`${ERASE}vmqlint: 0/10 hosts`, `${ERASE}vmqlint: 2/10 hosts, 4.0 hosts/s, ETA 2 s`]);
  });

  it('erases before a message and redraws after it, so no line is torn', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock });
    p.start(4);
    r.advance(1000);
    p.tick(1);
    p.message('vmqlint: warning: HV02: something\n');
    expect(r.writes.slice(-3)).toEqual([ERASE, 'vmqlint: warning: HV02: something\n', `${ERASE}vmqlint: 1/4 hosts, 1.0 hosts/s, ETA 3 s`]);
    const quiet = rig(false);
    createProgress(quiet.io, { clock: quiet.clock }).message('plain\n');
    expect(quiet.writes).toEqual(['plain\n']);
  });

  it('draws nothing after done(), and done() twice erases once', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock });
    p.start(3);
    p.done();
    p.done();
    r.advance(1000);
    p.tick(2);
    p.message('after\n');
    expect(r.writes).toEqual([`${ERASE}vmqlint: 0/3 hosts`, ERASE, 'after\n']);
  });

  it('draws nothing for a run of no host', () => {
    const r = rig(true);
    const p = createProgress(r.io, { clock: r.clock });
    p.start(0);
    p.tick(0);
    p.done();
    expect(r.writes).toEqual([]);
  });

  it('names another unit when asked', () => {
    const r = rig(true);
    createProgress(r.io, { clock: r.clock, unit: 'snapshots' }).start(2);
    expect(r.writes).toEqual([`${ERASE}vmqlint: 0/2 snapshots`]);
  });
});
