// Exact scans of JSON text for what JSON.parse hides: a repeated member name (it keeps the last
// value silently) and a line cut off inside a value. Both run only off the fast path.

/** Whether any object in `text` (valid JSON) names a member twice, names compared decoded. */
export function hasDuplicateKey(text: string): boolean {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: ({ [name: string]: boolean } | null)[] = [];
  let expectName = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      const names = open.length > 0 ? open[open.length - 1]! : null;
      if (expectName && names !== null) {
        // "$" keeps names such as __proto__ ordinary properties.
        const name = "$" + (JSON.parse(text.substring(i, end + 1)) as string);
        if (Object.prototype.hasOwnProperty.call(names, name)) return true;
        names[name] = true;
        expectName = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b) {
      open.push({});
      expectName = true;
    } else if (c === 0x5b) {
      open.push(null);
      expectName = false;
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      expectName = false;
    } else if (c === 0x2c) {
      expectName = open.length > 0 && open[open.length - 1] !== null;
    }
    i++;
  }
  return false;
}

/**
 * Whether text that JSON.parse refused is an object cut short: it opens with "{" and ends with a
 * container or a string still open, and no bracket closes the wrong container before that.
 */
export function looksTruncated(text: string): boolean {
  const t = text.replace(/^\s+|\s+$/g, "");
  if (t.charCodeAt(0) !== 0x7b) return false;
  const open: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(t, i);
      if (end < 0) return true;
      i = end;
    } else if (c === 0x7b || c === 0x5b) open.push(c);
    else if (c === 0x7d || c === 0x5d) {
      if (open.pop() !== c - 2) return false;
      if (open.length === 0) return false;
    }
  }
  return open.length > 0;
}

/** Index of the quote closing the string that opens at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let slashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === 0x5c; b--) slashes++;
    if (slashes % 2 === 0) return q;
    from = q + 1;
  }
}
