// The customer profile attributes whose change makes a new version of customer_dim_scd2.
// E-mail arrives normalized (trimmed, lower case) from the UDF, so case and spaces never count.
export const TRACKED_ATTRIBUTES: readonly string[] = ["first_name", "last_name", "email", "phone", "loyalty_tier", "city", "country"];
