/**
 * BigQuery's `/` and SAFE_DIVIDE: FLOAT64 for INT64 and FLOAT64 operands, NUMERIC for NUMERIC ones, rounded half away
 * from zero to NUMERIC's 9 decimal places. DuckDB divides decimals in DOUBLE (about 15 significant digits), so a
 * NUMERIC quotient is computed exactly from the operands' unscaled integers (at most 10^38 - 1) in UHUGEINT (below
 * 3.4 × 10^38): by one integer division for operands below 10^20, by long division above.
 */
const U = (n: string | number) => `CAST(${n} AS UHUGEINT)`;

/** |v| × 10^9 of a DECIMAL(38, 9): its integer part and its decimals, each exact in HUGEINT. */
const unscaled = (v: string) => `CAST(abs(CAST(trunc(${v}) AS HUGEINT) * 1000000000 + CAST((${v} - trunc(${v})) * 1000000000 AS HUGEINT)) AS UHUGEINT)`;
/** Operands below this take the short path: their unscaled product with 10^9 fits HUGEINT (below 1.7 × 10^38). */
const SHORT_OPERAND = "CAST('100000000000000000000' AS DECIMAL(38, 9))";

/**
 * One decimal digit of r / b (r < b < 10^38) and the remainder after it: 10r = 3·(3r) + r, each product and sum kept
 * below 3b so that nothing exceeds UHUGEINT.
 */
function longDivisionStep(r: string, b: string): { digit: string; rest: string } {
  const s1 = `((${U(3)} * ${r}) % ${b})`;
  const s2 = `((${U(3)} * ${s1}) % ${b})`;
  return { digit: `(${U(3)} * ((${U(3)} * ${r}) // ${b}) + (${U(3)} * ${s1}) // ${b} + (${s2} + ${r}) // ${b})`, rest: `((${s2} + ${r}) % ${b})` };
}

/**
 * x / y as BigQuery's NUMERIC: the integer part, 10 more digits by long division, the 10th rounding the 9th half away
 * from zero; a quotient past NUMERIC's range fails the final cast, as BigQuery raises numeric overflow.
 */
function numericQuotient(x: string, y: string): string {
  const { digit, rest } = longDivisionStep("bq_s.r", "bq_u.b");
  const digits = `list_reduce(list_transform(range(11), bq_i -> {'d': ${U(0)}, 'r': bq_u.a % bq_u.b}), (bq_s, bq_e) -> {'d': bq_s.d * ${U(10)} + ${digit}, 'r': ${rest}})`;
  const nine = `(bq_f.d // ${U(10)} + CAST(bq_f.d % ${U(10)} >= ${U(5)} AS UHUGEINT))`;
  const text = `(CASE WHEN bq_u.negative THEN '-' ELSE '' END) || CAST(bq_u.a // bq_u.b + ${nine} // ${U(1e9)} AS VARCHAR) || '.' || lpad(CAST(${nine} % ${U(1e9)} AS VARCHAR), 9, '0')`;
  const parts = `{'a': ${unscaled(x)}, 'b': ${unscaled(y)}, 'negative': (${x} < 0) <> (${y} < 0)}`;
  const long = `list_transform([${parts}], bq_u -> list_transform([${digits}], bq_f -> CAST(${text} AS DECIMAL(38, 9)))[1])[1]`;
  // Both operands below 10^20 in magnitude (all money): a · 10^9 fits HUGEINT, so round(a · 10^9 / b)
  // half away from zero is one integer division, about 20 times faster than the long division (DuckDB
  // evaluates a CASE branch only for the rows that take it).
  const h = (v: string) => `abs(CAST(${v} * 1000000000 AS HUGEINT))`;
  const shifted = "(bq_h.a * 1000000000)";
  const rounded = `(${shifted} // bq_h.b + CAST(2 * (${shifted} % bq_h.b) >= bq_h.b AS HUGEINT))`;
  const magnitude = `(CAST(${rounded} AS DECIMAL(38, 0)) * CAST('0.000000001' AS DECIMAL(10, 9)))`;
  const short = `list_transform([{'a': ${h(x)}, 'b': ${h(y)}, 'negative': (${x} < 0) <> (${y} < 0)}], bq_h -> CASE WHEN bq_h.negative THEN -${magnitude} ELSE ${magnitude} END)[1]`;
  return `CASE WHEN abs(${x}) < ${SHORT_OPERAND} AND abs(${y}) < ${SHORT_OPERAND} THEN ${short} ELSE ${long} END`;
}

/**
 * x / y with BigQuery's result type (DuckDB's type for it is that of the median of x and y); a zero divisor raises or
 * gives NULL. The operands are bound once, as a lambda's parameter, so nested divisions do not repeat them.
 */
export function quotient(x: string, y: string, zeroDivisor: "raise" | "null"): string {
  const sample = "list_median([bq_q.x, bq_q.y])";
  const decimal = numericQuotient("CAST(bq_q.x AS DECIMAL(38, 9))", "CAST(bq_q.y AS DECIMAL(38, 9))");
  // each branch is cast to the result type by itself: a CASE would unite a DECIMAL and a DOUBLE branch into DOUBLE
  const value = `CASE WHEN typeof(${sample}) LIKE 'DECIMAL%' THEN cast_to_type(${decimal}, ${sample}) ELSE cast_to_type(bq_q.x / bq_q.y, ${sample}) END`;
  const zero = zeroDivisor === "raise" ? `WHEN bq_q.y = 0 AND bq_q.x IS NOT NULL THEN error('division by zero')` : `WHEN bq_q.y = 0 THEN NULL`;
  return `list_transform([{'x': ${x}, 'y': ${y}}], bq_q -> CASE ${zero} WHEN bq_q.y IS NULL THEN NULL ELSE ${value} END)[1]`;
}

/**
 * A NUMERIC's integer part and its 9 decimals as an integer, both HUGEINT: their sums cannot overflow as a DECIMAL(38, 9)
 * sum does. NULL for any other type (DuckDB still computes a window's unused sums, and a FLOAT64 may be no NUMERIC).
 */
const ifNumeric = (x: string, value: string) => `(CASE WHEN typeof(${x}) LIKE 'DECIMAL%' THEN ${value} END)`;
export const numericWhole = (x: string) => ifNumeric(x, `CAST(trunc(TRY_CAST(${x} AS DECIMAL(38, 9))) AS HUGEINT)`);
export const numericNanos = (x: string) =>
  ifNumeric(x, `CAST((TRY_CAST(${x} AS DECIMAL(38, 9)) - trunc(TRY_CAST(${x} AS DECIMAL(38, 9)))) * 1000000000 AS HUGEINT)`);

/**
 * BigQuery's AVG of NUMERIC, exactly: (wholes · 10^9 + nanos) / n, rounded half away from zero to 9 decimal places.
 * wholes = q·n + r, so the quotient is q · 10^9 + (r · 10^9 + nanos) / n, whose numerator fits HUGEINT.
 */
export function numericMean(wholes: string, nanos: string, count: string): string {
  const numerator = `(bq_a.w % bq_a.n * 1000000000 + bq_a.f)`;
  const rounded = `sign(${numerator}) * ((abs(${numerator}) * 2 + bq_a.n) // (bq_a.n * 2))`;
  const unscaled = `(bq_a.w // bq_a.n * 1000000000 + ${rounded})`;
  const text = `(CASE WHEN ${unscaled} < 0 THEN '-' ELSE '' END) || CAST(abs(${unscaled}) // 1000000000 AS VARCHAR) || '.' || lpad(CAST(abs(${unscaled}) % 1000000000 AS VARCHAR), 9, '0')`;
  return `list_transform([{'w': CAST(${wholes} AS HUGEINT), 'f': CAST(${nanos} AS HUGEINT), 'n': CAST(${count} AS HUGEINT)}], bq_a -> CASE WHEN bq_a.n = 0 THEN NULL ELSE CAST(${text} AS DECIMAL(38, 9)) END)[1]`;
}
