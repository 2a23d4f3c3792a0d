"use strict";
// Dataset names, the source time zone, the late window and monitoring thresholds, read from the Dataform vars that
// config/dataform-vars.ts derives from config/config_<env>.yaml. SQLX calls these instead of
// repeating `dataform.projectConfig.vars.…`, and a missing var fails compilation by name.
Object.defineProperty(exports, "__esModule", { value: true });
exports.raw = raw;
exports.curated = curated;
exports.mart = mart;
exports.monitoring = monitoring;
exports.timeZone = timeZone;
exports.lateWindowDays = lateWindowDays;
exports.threshold = threshold;
exports.announcedEvents = announcedEvents;
function variable(name) {
    const value = (dataform.projectConfig.vars || {})[name];
    if (value === undefined || value === "")
        throw new Error(`Dataform var '${name}' is not set (config/dataform-vars.ts, workflow_settings.yaml)`);
    return value;
}
function raw() {
    return variable("raw_dataset");
}
function curated() {
    return variable("curated_dataset");
}
function mart() {
    return variable("mart_dataset");
}
function monitoring() {
    return variable("monitoring_dataset");
}
/** The IANA zone source clocks run in (Asia/Kolkata): business dates are calendar dates there. */
function timeZone() {
    return variable("source_time_zone");
}
/** Days after its normal batch a late event is still placed in its partition (config late_data.window_days). */
function lateWindowDays() {
    const value = Number(variable("late_window_days"));
    if (!Number.isInteger(value) || value < 1)
        throw new Error(`Dataform var 'late_window_days' is not a positive whole number: '${variable("late_window_days")}'`);
    return value;
}
/** A numeric monitoring threshold, e.g. threshold("invalid_share_error"). */
function threshold(name) {
    const value = Number(variable(name));
    if (!isFinite(value))
        throw new Error(`Dataform var '${name}' is not a number: '${variable(name)}'`);
    return value;
}
/** The announced events, from the var config/dataform-vars.ts writes: "name|starts_on|ends_on|factor|source source;…". */
function announcedEvents() {
    const text = (dataform.projectConfig.vars || {})["announced_events"];
    if (text === undefined)
        throw new Error(`Dataform var 'announced_events' is not set (config/dataform-vars.ts, workflow_settings.yaml)`);
    if (text.trim() === "")
        return [];
    return text.split(";").map((entry) => {
        const [name, starts_on, ends_on, factor, sources] = entry.split("|");
        const date = /^\d{4}-\d{2}-\d{2}$/;
        const event = { name: name || "", starts_on: starts_on || "", ends_on: ends_on || "", factor: Number(factor), sources: (sources || "").split(" ").filter(Boolean) };
        if (!event.name || !date.test(event.starts_on) || !date.test(event.ends_on) || !(event.factor > 0) || event.sources.length === 0) {
            throw new Error(`Dataform var 'announced_events': '${entry}' is not name|starts_on|ends_on|factor|sources`);
        }
        return event;
    });
}
