#!/usr/bin/python3
"""Knife-edge check of the lunar calendar against a precise ephemeris.

Recomputes the Vietnamese lunar months of 1900-2199 by the same rules as
internal/calendar (month 11 holds the December solstice; the first month
without a major term is the leap month; UTC+8 before 1968, UTC+7 from 1968),
but with PyEphem's new moons and apparent solar longitude instead of Meeus's
truncated series. It prints

  1. every new moon within --minutes of local midnight, and
  2. every month start where this differs from the vectors in
     internal/calendar/testdata (Ho Ngoc Duc's tables via npm @dqcai/vn-lunar).

Needs Debian's python3-ephem (apt-get install python3-ephem). Run with
/usr/bin/python3 when another python3 comes first on PATH. Not used by the tests.
"""
import argparse, datetime, gzip, math, os
import ephem

EPOCH = datetime.date(1900, 1, 1)
SEAM = (datetime.date(1968, 1, 1) - EPOCH).days
HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, '..', '..', 'internal', 'calendar', 'testdata', 'lunar-1900-2199.txt.gz')


def new_moons():
    d, out = ephem.Date('1899/10/1'), []
    while d < ephem.Date('2201/3/1'):
        d = ephem.next_new_moon(d)
        out.append(d)
        d = ephem.Date(d + 1)
    return out


def local_day(ed, tz):
    """Day number (days since 1900-01-01) of the civil date at UTC+tz; ephem.Date 0 is 1899-12-31 12:00 UT."""
    return math.floor(float(ed) + tz / 24.0 + 0.5) - 1


SUN = ephem.Sun()


def sector(n, tz):
    """30-degree sector of the Sun's apparent longitude at the local midnight starting day n."""
    ed = ephem.Date(n + 0.5 - tz / 24.0)
    SUN.compute(ed, epoch=ed)
    return int((math.degrees(float(ephem.Ecliptic(SUN, epoch=ed).lon)) % 360) // 30)


def months(moons, tz, y0, y1):
    days = [local_day(m, tz) for m in moons]

    def month11(y):
        n31 = (datetime.date(y, 12, 31) - EPOCH).days
        before = [x for x in days if x <= n31]
        return before[-2] if sector(before[-1], tz) >= 9 else before[-1]

    out = []
    for y in range(y0, y1 + 1):
        a, b = month11(y - 1), month11(y)
        i0 = days.index(a)
        n = 13 if b - a > 365 else 12
        leap_at = -1
        if n == 13:
            leap_at = next(i for i in range(1, 13) if sector(days[i0 + i], tz) == sector(days[i0 + i + 1], tz))
        num = 10
        for i in range(n):
            if i != leap_at:
                num = num % 12 + 1
            out.append((days[i0 + i], y - 1 if num >= 11 else y, num, int(i == leap_at)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--minutes', type=float, default=5)
    args = ap.parse_args()
    moons = new_moons()

    print(f'New moons within {args.minutes:g} minutes of local midnight:')
    for m in moons:
        tz = 8 if local_day(m, 8) < SEAM else 7
        loc = ephem.Date(m + tz * ephem.hour)
        frac = (float(loc) + 0.5) % 1 * 1440
        off = frac if frac < 720 else frac - 1440
        if abs(off) <= args.minutes and 1900 <= loc.tuple()[0] <= 2199:
            print(f'  {loc} UTC+{tz}  {off:+.1f} min')

    precise = [m for m in months(moons, 8, 1900, 1968) if m[0] < SEAM] + \
              [m for m in months(moons, 7, 1968, 2200) if m[0] >= SEAM]
    with gzip.open(VECTORS, 'rt') as f:
        tables = {}
        for line in f:
            if line.startswith('#'):
                continue
            d, y, mo, leap = line.split()
            tables[(int(y), int(mo), int(leap))] = (datetime.date.fromisoformat(d) - EPOCH).days
    print('Month starts where the ephemeris differs from the published tables:')
    for start, y, mo, leap in precise:
        t = tables.get((y, mo, leap))
        if t is not None and t != start:
            e, p = EPOCH + datetime.timedelta(start), EPOCH + datetime.timedelta(t)
            print(f'  {mo}{"+" if leap else ""}/{y}: ephemeris {e}, tables {p}')


if __name__ == '__main__':
    main()
