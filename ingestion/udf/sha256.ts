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
const HEX = "0123456789abcdef";
const W = new Int32Array(64);
// Message words, grown on demand and reused: hashing runs once per record.
let M = new Int32Array(1024);

/** Writes the UTF-8 bytes of `text` into M as big-endian words; returns the byte length. */
function encodeUtf8(text: string): number {
  const need = ((text.length * 3 + 72) >> 2) + 16;
  if (M.length < need) M = new Int32Array(need * 2);
  const m = M;
  let n = 0;
  let word = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      word = (word << 8) | c;
      if ((++n & 3) === 0) m[(n >> 2) - 1] = word;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    let count: number;
    let lead: number;
    if (c < 0x800) {
      count = 1;
      lead = 0xc0 | (c >> 6);
    } else if (c < 0x10000) {
      count = 2;
      lead = 0xe0 | (c >> 12);
    } else {
      count = 3;
      lead = 0xf0 | (c >> 18);
    }
    word = (word << 8) | lead;
    if ((++n & 3) === 0) m[(n >> 2) - 1] = word;
    for (let k = count - 1; k >= 0; k--) {
      word = (word << 8) | (0x80 | ((c >> (6 * k)) & 0x3f));
      if ((++n & 3) === 0) m[(n >> 2) - 1] = word;
    }
  }
  // Padding: 0x80 then zeros to the word boundary.
  word = (word << 8) | 0x80;
  let p = n + 1;
  while ((p & 3) !== 0) {
    word <<= 8;
    p++;
  }
  m[(p >> 2) - 1] = word;
  return n;
}

export function sha256Hex(text: string): string {
  const bytes = encodeUtf8(text);
  const m = M;
  const blocks = ((bytes + 8) >> 6) + 1;
  const total = blocks * 16;
  for (let i = ((bytes + 4) >> 2); i < total; i++) m[i] = 0;
  m[total - 2] = Math.floor(bytes / 0x20000000);
  m[total - 1] = bytes << 3;

  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 16) {
    for (let t = 0; t < 16; t++) W[t] = m[off + t]!;
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15]!;
      const y = W[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
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
  return hex(h0) + hex(h1) + hex(h2) + hex(h3) + hex(h4) + hex(h5) + hex(h6) + hex(h7);
}

function hex(v: number): string {
  let out = "";
  for (let s = 28; s >= 0; s -= 4) out += HEX.charAt((v >>> s) & 15);
  return out;
}
