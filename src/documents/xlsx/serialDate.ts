// Spreadsheet serial dates: days since 1899-12-30 (or 1904-01-01 in workbooks with
// date1904), the fraction being the time of day. Excel counts a 29 February 1900 that
// never was (serial 60), so serials below 61 are one day off from a plain count.

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hours: number;
  minutes: number;
  seconds: number;
  /** Fraction of a second, 0 <= f < 1. */
  fraction: number;
}

export function serialToParts(serial: number, date1904 = false, roundSeconds = true): DateParts | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_466) return undefined;
  let days = Math.floor(serial);
  let secs = (serial - days) * 86400;
  if (roundSeconds) secs = Math.round(secs);
  if (secs >= 86400) {
    days += 1;
    secs -= 86400;
  }
  if (!date1904 && days === 60) {
    return { year: 1900, month: 2, day: 29, weekday: 3, ...time(secs) };
  }
  if (!date1904 && days < 60) days += 1;
  const d = new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay(), ...time(secs) };
}

function time(secs: number): Pick<DateParts, 'hours' | 'minutes' | 'seconds' | 'fraction'> {
  const whole = Math.floor(secs);
  return { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60), seconds: whole % 60, fraction: secs - whole };
}

/** The serial number of a calendar date (and time), for writing dates into a workbook. */
export function dateToSerial(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, date1904 = false): number {
  const ms = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  let serial = (ms - (date1904 ? EPOCH_1904 : EPOCH_1900)) / MS_PER_DAY;
  if (!date1904 && serial < 61) serial -= 1;
  return serial;
}

/** "2024-03-15", "2024-03-15T10:30", "2024-03-15 10:30:00" -> serial; undefined when not an ISO date. */
export function isoToSerial(iso: string, date1904 = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/.exec(iso.trim());
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return dateToSerial(y, mo, d, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), date1904);
}
