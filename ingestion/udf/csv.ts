// One CSV record (RFC 4180) into its fields. The record may hold newlines inside quoted fields.

/** The fields of `record`, or null when its quotes are unbalanced or misplaced. */
export function parseCsvRecord(record: string): string[] | null {
  const fields: string[] = [];
  const n = record.length;
  let i = 0;
  for (;;) {
    if (record.charAt(i) === '"') {
      let value = "";
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) return null;
        value += record.substring(i, q);
        if (record.charAt(q + 1) === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (record.charAt(i) !== ",") return null;
      i++;
    } else {
      const comma = record.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      const value = record.substring(i, end);
      // A quote inside an unquoted field is how a broken record shows itself.
      if (value.indexOf('"') >= 0) return null;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
