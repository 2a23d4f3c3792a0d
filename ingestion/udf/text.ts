// String normalizers named by the contracts (types.ts `Normalizer`).

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function titleCase(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .toLowerCase()
    .replace(/(^|[ \-'."(])([^ \-'."(])/g, (_m: string, before: string, first: string) => before + first.toUpperCase());
}

export function normalizeEmail(text: string): { value: string; ok: boolean } {
  const value = text.toLowerCase();
  return { value, ok: EMAIL_RE.test(value) };
}

/**
 * E.164 with India as the home country: "98765 43210", "098765-43210", "91 9876543210" and
 * "+91 98765 43210" all become "+919876543210"; another "+<country>" number keeps its digits.
 */
export function normalizePhoneIndia(text: string): { value: string; ok: boolean } {
  let digits = text.replace(/[\s\-().\/]/g, "");
  if (digits.substring(0, 2) === "00") digits = "+" + digits.substring(2);
  let national: string | null = null;
  if (/^[6-9]\d{9}$/.test(digits)) national = digits;
  else if (/^0[6-9]\d{9}$/.test(digits)) national = digits.substring(1);
  else if (/^(\+)?91[6-9]\d{9}$/.test(digits)) national = digits.substring(digits.length - 10);
  if (national !== null) return { value: "+91" + national, ok: true };
  if (/^\+[1-9]\d{7,14}$/.test(digits) && digits.substring(0, 3) !== "+91") return { value: digits, ok: true };
  return { value: text, ok: false };
}
