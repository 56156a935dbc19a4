import { describe, expect, it } from 'vitest';
import { PyDateTime, PyTimedelta, dateAdd, dateSub, strptime } from './datetime.js';

describe('datetime and timedelta as Python has them', () => {
  it('str() of a timedelta: days with their sign, then h:mm:ss and microseconds', () => {
    expect(String(new PyTimedelta(1, 0))).toBe('1 day, 0:00:00');
    expect(String(new PyTimedelta(0, -5))).toBe('-1 day, 23:59:55');
    expect(String(new PyTimedelta(2, 3723, 100))).toBe('2 days, 1:02:03.000100');
    expect(String(new PyTimedelta(0, 0, -1))).toBe('-1 day, 23:59:59.999999');
    expect(String(new PyTimedelta(-2, 0))).toBe('-2 days, 0:00:00');
  });

  it('subtraction and addition across months, leap years and years before 1970', () => {
    const a = strptime('2016-03-01', '%Y-%m-%d');
    const b = strptime('2016-02-28 12:00:00', '%Y-%m-%d %H:%M:%S');
    const d = dateSub(a, b) as PyTimedelta;
    expect([d.days, d.seconds, d.total_seconds()]).toEqual([1, 43200, 129600]);
    expect(String(dateSub(strptime('0001-01-02', '%Y-%m-%d'), strptime('0001-01-01', '%Y-%m-%d')))).toBe('1 day, 0:00:00');
    expect(String(dateAdd(b, new PyTimedelta(1, 43200)))).toBe('2016-03-01 00:00:00');
    expect(String(dateSub(a, new PyTimedelta(0, 1)))).toBe('2016-02-29 23:59:59');
    expect(String(new PyDateTime(2020, 1, 2, 3, 4, 5, 600))).toBe('2020-01-02 03:04:05.000600');
  });

  it("strptime refuses text that does not match, with Python's message", () => {
    expect(() => strptime('2016-13-01', '%Y-%m-%d')).toThrow("time data '2016-13-01' does not match format '%Y-%m-%d'");
    expect(() => strptime('2016-02-30', '%Y-%m-%d')).toThrow('day is out of range for month');
    expect(() => strptime('2016-01-01 extra', '%Y-%m-%d')).toThrow('unconverted data remains:  extra');
  });
});
