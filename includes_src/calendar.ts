// Calendar SQL shared by models. Authored in TypeScript, emitted to includes/calendar.js (committed),
// because Dataform loads only plain JavaScript from includes/ and has no TypeScript or file system.

/** GigaMart reports in India's fiscal year, April to March: FY2026-27 starts on 2026-04-01. */
export function fiscalYearStart(dateExpr: string): string {
  return `(extract(year from ${dateExpr}) - if(extract(month from ${dateExpr}) < 4, 1, 0))`;
}

/** Q1 = April–June … Q4 = January–March. */
export function fiscalQuarter(dateExpr: string): string {
  return `(div(mod(extract(month from ${dateExpr}) + 8, 12), 3) + 1)`;
}

/** 1 = April … 12 = March. */
export function fiscalMonth(dateExpr: string): string {
  return `(mod(extract(month from ${dateExpr}) + 8, 12) + 1)`;
}

/** 'FY2026-27'. */
export function fiscalYearLabel(dateExpr: string): string {
  const start = fiscalYearStart(dateExpr);
  return `concat('FY', cast(${start} as string), '-', substr(cast(${start} + 1 as string), 3, 2))`;
}
