/* The attribution policy document of SPEC §3 as it travels (requests, adoption facts); defaults and parsing live in the attribution domain. */

/** Click models of SPEC §3. */
export const ATTRIBUTION_MODELS = ['last_click', 'first_click', 'linear', 'position_based', 'time_decay'] as const;

export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** Touch channels, in the default precedence order. */
export const CHANNELS = ['deal_registration', 'coupon', 'click'] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * A versioned attribution policy, exactly the JSON document of SPEC §3.
 * Weights stay decimal strings so a policy round-trips through JSON unchanged.
 */
export interface AttributionPolicy {
  version: string;
  model: AttributionModel;
  /** Clicks count when at most this many days before the conversion (both bounds included). */
  clickWindowDays: number;
  /** Protection of an approved registration, and lifetime of a pending one, in days. */
  protectionDays: number;
  /** Channels tried in order; the first that yields a qualifying partner wins outright. */
  precedence: Channel[];
  /** `position_based` shares of the first and last click (the middle clicks share the rest). */
  positionBased: { first: string; last: string };
  /** `time_decay` half-life in (possibly fractional) days. */
  halfLifeDays: number;
}
