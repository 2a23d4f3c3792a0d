// SHA-256 over the UTF-8 bytes of a string, in plain ES5 (Nashorn has no crypto we may rely on).
// Lone surrogates are encoded as U+FFFD, as Node's Buffer and TextEncoder do.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const H = new Int32Array(8);
// The message buffer, grown on demand and reused: hashing runs once per record. Writers keep the
// write position in a local and pass it along (a module variable per byte is much slower).
let B = new Uint8Array(4096);

function buffer(maxChars: number): Uint8Array {
  const need = maxChars * 3 + 72;
  if (B.length < need) B = new Uint8Array(need * 2);
  return B;
}

/** The code point of UTF-16 unit `c` followed by `next`; a lone surrogate reads as U+FFFD, as Node's Buffer and TextEncoder do. */
function codePoint(c: number, next: number): number {
  if (c < 0xd800 || c > 0xdfff) return c;
  if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
  return 0xfffd;
}

/** Writes the UTF-8 bytes of a code point from U+0080 up at b[n]; returns the position after them. */
function putUtf8(b: Uint8Array, n: number, c: number): number {
  if (c < 0x800) b[n++] = 0xc0 | (c >> 6);
  else {
    if (c < 0x10000) b[n++] = 0xe0 | (c >> 12);
    else {
      b[n++] = 0xf0 | (c >> 18);
      b[n++] = 0x80 | ((c >> 12) & 0x3f);
    }
    b[n++] = 0x80 | ((c >> 6) & 0x3f);
  }
  b[n++] = 0x80 | (c & 0x3f);
  return n;
}

function putText(b: Uint8Array, n: number, text: string): number {
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i++);
    if (c < 0x80) b[n++] = c;
    else {
      const cp = codePoint(c, text.charCodeAt(i));
      if (cp >= 0x10000) i++;
      n = putUtf8(b, n, cp);
    }
  }
  return n;
}

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  const b = buffer(text.length);
  return digest(b, putText(b, 0, text));
}

/**
 * Hex SHA-256 of a record's canonical form, read from the record's JSON.stringify text: the same
 * JSON with member names dropped and objects written as arrays (values in member order), then
 * `lastJson` (JSON text) as one more element when given. Hashing it straight from the row text
 * spares building and stringifying a second structure per record. Member names must not contain
 * a quote followed by a colon (contract field names are identifiers).
 */
export function canonicalRecordHash(recordJson: string, lastJson: string | null): string {
  const b = buffer(recordJson.length + (lastJson === null ? 0 : lastJson.length + 1));
  const len = recordJson.length;
  let n = 0;
  // Bit d of `objects` is set while the container at depth d is an object.
  let objects = 0;
  let depth = -1;
  let i = 0;
  while (i < len) {
    let c = recordJson.charCodeAt(i++);
    if (c === 0x22) {
      // A string value, copied with its escapes (JSON.stringify writes a value the same way anywhere).
      b[n++] = c;
      for (;;) {
        c = recordJson.charCodeAt(i++);
        if (c < 0x80) {
          b[n++] = c;
          if (c === 0x22) break;
          // An escape's second character is ASCII and never ends the string.
          if (c === 0x5c) b[n++] = recordJson.charCodeAt(i++);
        } else {
          const cp = codePoint(c, recordJson.charCodeAt(i));
          if (cp >= 0x10000) i++;
          n = putUtf8(b, n, cp);
        }
      }
    } else if (c === 0x2c) {
      b[n++] = c;
      if ((objects & (1 << depth)) !== 0) i = recordJson.indexOf('":', i + 1) + 2;
    } else if (c === 0x7b || c === 0x5b) {
      b[n++] = 0x5b;
      depth++;
      if (c === 0x5b) objects &= ~(1 << depth);
      else {
        objects |= 1 << depth;
        if (recordJson.charCodeAt(i) === 0x22) i = recordJson.indexOf('":', i + 1) + 2;
      }
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 0 && lastJson !== null) {
        if (i > 2) b[n++] = 0x2c;
        n = putText(b, n, lastJson);
      }
      b[n++] = 0x5d;
      depth--;
    } else b[n++] = c;
  }
  return digest(b, n);
}

/** Pads the n message bytes in m and returns their hex SHA-256. */
function digest(m: Uint8Array, n: number): string {
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian number.
  const total = (((n + 8) >> 6) + 1) * 64;
  m[n] = 0x80;
  for (let i = n + 1; i < total - 4; i++) m[i] = 0;
  const bits = n * 8;
  m[total - 5] = Math.floor(n / 0x20000000);
  m[total - 4] = bits >>> 24;
  m[total - 3] = (bits >>> 16) & 0xff;
  m[total - 2] = (bits >>> 8) & 0xff;
  m[total - 1] = bits & 0xff;

  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let t = 0, j = off; t < 16; t++, j += 4) W[t] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15]!;
      const y = W[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (((W[t - 16]! + s0) | 0) + ((W[t - 7]! + s1) | 0)) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      // Pairwise | 0 keeps every sum in 32-bit integer arithmetic.
      const t1 = (((h + S1) | 0) + ((((g ^ (e & (f ^ g))) + K[t]!) | 0) + W[t]!)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (c & (a ^ b)))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4; H[5] = h5; H[6] = h6; H[7] = h7;
  return hexWords(H);
}

// The digest's 64 hex digits as character codes, made into one flat string at once.
const HEX_CODES = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const digits: number[] = [];
for (let i = 0; i < 64; i++) digits.push(48);

function hexWords(h: Int32Array): string {
  let k = 0;
  for (let w = 0; w < 8; w++) for (let s = 28; s >= 0; s -= 4) digits[k++] = HEX_CODES[(h[w]! >>> s) & 15]!;
  return String.fromCharCode.apply(null, digits);
}
