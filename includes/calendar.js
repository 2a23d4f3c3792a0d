"use strict";
// Calendar SQL shared by models. Authored in TypeScript, emitted to includes/calendar.js (committed),
// because Dataform loads only plain JavaScript from includes/ and has no TypeScript or file system.
Object.defineProperty(exports, "__esModule", { value: true });
exports.fiscalYearStart = fiscalYearStart;
exports.fiscalQuarter = fiscalQuarter;
exports.fiscalMonth = fiscalMonth;
exports.fiscalYearLabel = fiscalYearLabel;
/** GigaMart reports in India's fiscal year, April to March: FY2026-27 starts on 2026-04-01. */
function fiscalYearStart(dateExpr) {
    return `(extract(year from ${dateExpr}) - if(extract(month from ${dateExpr}) < 4, 1, 0))`;
}
/** Q1 = April–June … Q4 = January–March. */
function fiscalQuarter(dateExpr) {
    return `(div(mod(extract(month from ${dateExpr}) + 8, 12), 3) + 1)`;
}
/** 1 = April … 12 = March. */
function fiscalMonth(dateExpr) {
    return `(mod(extract(month from ${dateExpr}) + 8, 12) + 1)`;
}
/** 'FY2026-27'. */
function fiscalYearLabel(dateExpr) {
    const start = fiscalYearStart(dateExpr);
    return `concat('FY', cast(${start} as string), '-', substr(cast(${start} + 1 as string), 3, 2))`;
}
