// Amounts are generated and summed as integer paise, so the ground truth is exact; they are
// written as rupees with at most two decimals.
export function rupees(paise: number): number {
  return paise / 100;
}
