"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TRACKED_ATTRIBUTES = void 0;
// The customer profile attributes whose change makes a new version of customer_dim_scd2.
// E-mail arrives normalized (trimmed, lower case) from the UDF, so case and spaces never count.
exports.TRACKED_ATTRIBUTES = ["first_name", "last_name", "email", "phone", "loyalty_tier", "city", "country"];
