import { FailureMarks } from './failure-marks';

describe(FailureMarks.name, () => {
  it('holds a mark until its time, and keeps the later of two', () => {
    const sut = new FailureMarks(10);
    sut.mark('a', 100);
    sut.mark('a', 50);

    expect(sut.has('a', 99)).toBe(true);
    expect(sut.has('a', 100)).toBe(false);
    expect(sut.has('b', 0)).toBe(false);
  });

  it('forgets expired marks on a sweep', () => {
    const sut = new FailureMarks(10);
    sut.mark('a', 100);
    sut.mark('b', 200);

    sut.sweep(150);

    expect(sut.size).toBe(1);
    expect(sut.has('b', 150)).toBe(true);
  });

  it('says it overflowed when a mark finds no room (it can no longer say "no failure")', () => {
    const sut = new FailureMarks(2);
    sut.mark('a', 100);
    sut.mark('b', 100);
    expect(sut.overflowed).toBe(false);

    sut.mark('c', 100);

    expect(sut.overflowed).toBe(true);
    sut.clear();
    expect(sut.overflowed).toBe(false);
    expect(sut.size).toBe(0);
  });
});
