// Data-quality expressions over the bronze dq_status column (VALID | WARN | INVALID): what may enter
// silver, and how shares of bad rows are measured.

/** Rows silver may use: VALID and WARN (a WARN row is kept and flagged, never dropped). */
export function usable(statusColumn = "dq_status"): string {
  return `${statusColumn} != 'INVALID'`;
}

/** 1 for an INVALID row, else 0: summed for invalid shares. */
export function invalidFlag(statusColumn = "dq_status"): string {
  return `if(${statusColumn} = 'INVALID', 1, 0)`;
}
