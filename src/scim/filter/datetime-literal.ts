import { normalizeDateTime } from '../schema/date-time';

/** A dateTime filter value resolved to an instant. */
export interface DateTimeLiteral {
  /** The instant cut to whole milliseconds, the precision of stored values. */
  instant: Date;
  /** True when the literal has a non-zero fraction below one millisecond, such as `.0001`. */
  hasSubmillisecondFraction: boolean;
}

/**
 * Parses an xsd:dateTime literal such as `2011-05-13T04:42:34Z` with the
 * same rules that normalize stored values, so a value compares equal to its
 * own stored form. Returns undefined when the text is not a valid date and time.
 */
export function parseDateTimeLiteral(text: string): DateTimeLiteral | undefined {
  const normalized = normalizeDateTime(text);
  if (normalized === undefined) return undefined;

  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  return {
    instant: new Date(normalized),
    hasSubmillisecondFraction: /[1-9]/.test(fraction.slice(3)),
  };
}
