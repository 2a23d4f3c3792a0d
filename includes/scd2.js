"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OPEN_END = void 0;
exports.versions = versions;
// The parts of a type-2 slowly changing dimension that is rebuilt per changed entity: every source
// state of a touched entity is replayed in time order, consecutive equal states collapse into one
// version, and each version lasts until the next one starts. Replaying the whole (small) history of
// only the touched entities is what makes late and out-of-order updates land where they belong and
// makes a rerun change nothing. An attribute a source state did not send (absent, not NULL) keeps the
// value last sent for it in that replay (absent.ts), so an absent column never makes a version.
const absent_1 = require("./absent");
/** effective_to of the current version: open-ended, so "valid at t" is always from <= t < to. */
exports.OPEN_END = "timestamp '9999-12-31 23:59:59.999999+00'";
/**
 * One row per version: `sk` (the surrogate key), the key, the carried columns, row_hash,
 * effective_from, effective_to, is_current and last_updated_ts (the latest load of a state in the
 * version or of the next version's start, so max(last_updated_ts) is the watermark of what was read).
 * States are numbered into versions by a running count of changes, so equal consecutive states
 * (re-sent or unchanged rows) fold into the version they continue.
 */
function versions(o) {
    const ordered = `partition by ${o.key} order by changed_at, loaded_at`;
    const history = o.absentFields ? carriedHistory(o, o.absentFields) : o.history;
    const carry = o.absentFields ? [...o.carry, "unknown_attributes"] : o.carry;
    return `
select
  sk,
  ${o.key},
  ${carry.join(",\n  ")},
  row_hash,
  effective_from,
  coalesce(lead(effective_from) over (partition by ${o.key} order by effective_from), ${exports.OPEN_END}) as effective_to,
  lead(effective_from) over (partition by ${o.key} order by effective_from) is null as is_current,
  greatest(loaded_at, coalesce(lead(loaded_at) over (partition by ${o.key} order by effective_from), loaded_at)) as last_updated_ts
from (
  select
    ${o.key},
    ${carry.map((c) => `any_value(${c}) as ${c}`).join(",\n    ")},
    any_value(row_hash) as row_hash,
    max(if(is_change = 1, state_key, null)) as sk,
    min(changed_at) as effective_from,
    max(loaded_at) as loaded_at
  from (
    select *, sum(is_change) over (${ordered} rows between unbounded preceding and current row) as version_no
    from (
      select *, if(previous_hash is null or previous_hash != row_hash, 1, 0) as is_change
      from (
        select
          ${o.key},
          ${o.stateKey} as state_key,
          ${carry.join(",\n          ")},
          ${o.rowHash} as row_hash,
          ${o.changedAt} as changed_at,
          ${o.loadedAt} as loaded_at,
          lag(${o.rowHash}) over (partition by ${o.key} order by ${o.changedAt}, ${o.loadedAt}) as previous_hash
        from ${history}
      ) as hashed_states
    ) as states
  ) as numbered
  group by ${o.key}, version_no
) as versions_of_states`;
}
/** The history with each absent attribute replaced by the value last sent for it, and unknown_attributes. */
function carriedHistory(o, absentFields) {
    const sentSoFar = `partition by ${o.key} order by ${o.changedAt}, ${o.loadedAt} rows between unbounded preceding and current row`;
    return `(
          select * except (${o.carry.join(", ")}),
            ${o.carry.map((c) => `${(0, absent_1.lastSent)(c, absentFields, sentSoFar)} as ${c}`).join(",\n            ")},
            ${(0, absent_1.neverSent)(o.carry, absentFields, sentSoFar)} as unknown_attributes
          from ${o.history}
        )`;
}
