// xsd:dateTime as RFC 7643 section 2.3.5 requires: date, "T", time, optional
// fraction of a second and optional offset. Case-insensitive "T" and "Z" are
// accepted because some clients lowercase them.
const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i;

const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * Parses an xsd:dateTime and returns it in UTC with milliseconds, such as
 * `2026-01-02T03:04:05.000Z`, or undefined when the text is not a valid
 * date and time. A value without an offset is taken as UTC. Digits beyond
 * milliseconds are cut, not rounded.
 */
export function normalizeDateTime(text: string): string | undefined {
  const match = DATE_TIME_PATTERN.exec(text);
  if (match === null) return undefined;

  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const fields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
  if (!isValidCalendarTime(fields)) return undefined;

  const offsetMinutes = parseOffsetMinutes(offset);
  if (offsetMinutes === undefined) return undefined;

  const milliseconds = Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute - offsetMinutes, fields.second, milliseconds);
  return date.toISOString();
}

interface CalendarTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function isValidCalendarTime(fields: CalendarTime): boolean {
  if (fields.year < 1 || fields.month < 1 || fields.month > 12) return false;
  if (fields.day < 1 || fields.day > daysInMonth(fields.year, fields.month)) return false;
  return fields.hour <= 23 && fields.minute <= 59 && fields.second <= 59;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

function parseOffsetMinutes(offset: string | undefined): number | undefined {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;

  const sign = offset.startsWith('-') ? -1 : 1;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > MAX_OFFSET_MINUTES) return undefined;
  return sign * total;
}
