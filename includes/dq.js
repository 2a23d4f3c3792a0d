"use strict";
// Data-quality expressions over the bronze dq_status column (VALID | WARN | INVALID): what may enter
// silver, and how shares of bad rows are measured.
Object.defineProperty(exports, "__esModule", { value: true });
exports.usable = usable;
exports.invalidFlag = invalidFlag;
/** Rows silver may use: VALID and WARN (a WARN row is kept and flagged, never dropped). */
function usable(statusColumn = "dq_status") {
    return `${statusColumn} != 'INVALID'`;
}
/** 1 for an INVALID row, else 0: summed for invalid shares. */
function invalidFlag(statusColumn = "dq_status") {
    return `if(${statusColumn} = 'INVALID', 1, 0)`;
}
