// A small RFC 4180 CSV reader for untrusted files (training records exported from an LMS or a
// spreadsheet): a UTF-8 BOM is dropped, fields may be quoted ("" is a quote; quoted fields may
// hold commas and line breaks), CRLF and LF both end records. Sizes are capped, and every record
// keeps the line it starts on, so a bad row can be named.
import { InputError } from '../model/errors.js';

/** One record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Limits for {@link parseCsv}. */
export interface CsvLimits {
  maxBytes?: number;
  maxRecords?: number;
  maxFields?: number;
  maxFieldLength?: number;
}

/** Parses CSV text into records; throws an InputError naming the line on a broken quote or an exceeded limit. */
export function parseCsv(text: string, file = 'input.csv', limits: CsvLimits = {}): CsvRecord[] {
  const maxBytes = limits.maxBytes ?? 5 * 1024 * 1024;
  const maxRecords = limits.maxRecords ?? 100_000;
  const maxFields = limits.maxFields ?? 50;
  const maxFieldLength = limits.maxFieldLength ?? 10_000;
  if (text.length > maxBytes) throw new InputError(`the CSV file is larger than ${maxBytes} bytes`, { file });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) throw new InputError('the CSV file contains NUL bytes: is it really CSV text (UTF-8)?', { file });
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
            const next = text[i];
            if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
              throw new InputError(`a quoted field must end at a comma or the end of the line (found "${next}" after the closing quote)`, { file, line });
            }
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"') {
        if (field !== '') throw new InputError('a quote may only start a field (write "" inside a quoted field)', { file, line });
        quoted = true;
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\r' || c === '\n') {
        fields.push(field);
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        field += c;
        i++;
      }
      if (field.length > maxFieldLength) throw new InputError(`a field is longer than ${maxFieldLength} characters`, { file, line: start });
      if (fields.length > maxFields) throw new InputError(`a record has more than ${maxFields} fields`, { file, line: start });
    }
    if (quoted) throw new InputError('a quoted field is never closed', { file, line: start });
    // Blank lines separate nothing: skip them.
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    if (out.length > maxRecords) throw new InputError(`the CSV file has more than ${maxRecords} records`, { file, line: start });
  }
  return out;
}
